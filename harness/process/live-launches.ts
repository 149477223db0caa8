/**
 * The launches of this process that are still running, and what ends them all when the process
 * exits by a path that cannot wait (an uncaught error, `process.exit` after a second Ctrl-C): a
 * SIGKILL to each process group, then to every process carrying one of this process's cookies
 * (those that left their group with setsid included).
 */
import { endOwnedProcessesNow, signalGroup } from "./process-sweep.js";

const liveGroups = new Set<number>();
let exitHookInstalled = false;

/** Records a launched process group (its leader's pid) until it has ended. */
export function trackLaunchedGroup(pgid: number): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", endEverythingNow);
  }
  liveGroups.add(pgid);
}

/** The group has ended and been swept. */
export function untrackLaunchedGroup(pgid: number): void {
  liveGroups.delete(pgid);
}

/** How many launches are still running. */
export function liveLaunchCount(): number {
  return liveGroups.size;
}

/**
 * Ends at once every process this process started that is still alive: each launched group, then
 * everything carrying one of its cookies. Synchronous, for exit paths; returns how many processes
 * outside the groups were found.
 */
export function endEverythingNow(): number {
  for (const pgid of liveGroups) signalGroup(pgid, "SIGKILL");
  liveGroups.clear();
  return endOwnedProcessesNow();
}
