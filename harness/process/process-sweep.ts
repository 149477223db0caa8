/**
 * Finding and ending the processes a run started, by the cookie in their environment
 * (`run-owner.ts`), including those that left the target's process group (setsid) where a group
 * kill cannot reach them. Three scopes: one launch (after it ends, while other launches of the
 * same run go on), this tool process (at its exit), and tools that were killed (at the next
 * run's start). Processes are ended with SIGTERM, then SIGKILL after a grace; a process whose
 * environment cannot be read, or that replaced its environment, is not found. Linux only: on
 * other platforms nothing is found.
 */
import { performance } from "node:perf_hooks";
import { environHas, environValues, isLiveState, listPids, pidsAllocatedAfter, PROC_AVAILABLE, readProcStat } from "./proc-table.js";
import { ownerIsDead, ownerTag, parseOwner, RUN_COOKIE_VARIABLE } from "./run-owner.js";

/** Between two looks at /proc while processes are dying (ms). */
const POLL_MS = 10;
/** How long after the grace SIGKILL is repeated before giving up on a process (ms). */
const SETTLE_AFTER_GRACE_MS = 2_000;

/** `\0NAME=VALUE` as bytes, matched against a raw environment block. */
function cookieNeedle(value: string, exact: boolean): Buffer {
  return Buffer.from(`\0${RUN_COOKIE_VARIABLE}=${value}${exact ? "\0" : ""}`, "latin1");
}

function sendSignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/** Sends a signal to a whole process group; false when the group no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Live processes among `pids` (other than this one) whose environment holds `needle`. */
function liveWithNeedle(pids: readonly number[], needle: Buffer): number[] {
  const found: number[] = [];
  for (const pid of pids) {
    if (pid === process.pid || !environHas(pid, needle)) continue;
    const stat = readProcStat(pid);
    if (stat !== undefined && isLiveState(stat.state)) found.push(pid);
  }
  return found;
}

/**
 * Ends what `scan` finds, again and again until it finds nothing: SIGTERM on first sight, SIGKILL
 * once `graceMs` has passed since, giving up `SETTLE_AFTER_GRACE_MS` later. Returns every pid
 * ended (found alive at least once).
 */
async function endUntilNoneLeft(scan: () => Scan, graceMs: number): Promise<Set<number>> {
  const ended = new Set<number>();
  const termSentAt = new Map<number, number>();
  const giveUpAt = performance.now() + graceMs + SETTLE_AFTER_GRACE_MS;
  for (;;) {
    const { pids: found, othersAlive } = scan();
    if (found.length === 0 && !othersAlive) return ended;
    const now = performance.now();
    for (const pid of found) {
      ended.add(pid);
      const sentAt = termSentAt.get(pid);
      if (sentAt === undefined) {
        termSentAt.set(pid, now);
        sendSignal(pid, graceMs <= 0 ? "SIGKILL" : "SIGTERM");
      } else if (now - sentAt >= graceMs) {
        sendSignal(pid, "SIGKILL");
      }
    }
    if (now >= giveUpAt) return ended;
    await sleep(POLL_MS);
  }
}

/** What one look at /proc found: processes to end one by one, and whether to look again anyway. */
interface Scan {
  pids: number[];
  /** Other processes (a group already sent SIGKILL) are still dying: look again. */
  othersAlive: boolean;
}

/** Sleeps synchronously (for exit paths, where no timer fires any more). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * The processes of one launch: its process group (the leader is the launched program) and
 * whatever carries the launch's cookie outside it. Only pids allocated after the leader are read,
 * which keeps the sweep after each case to a few reads of /proc.
 */
export class LaunchSweep {
  /** Live members of the group (leader excluded) seen when the harness ended the group. */
  readonly groupEnded = new Set<number>();
  /** Processes carrying the launch's cookie outside its group, ended by the sweep. */
  readonly escapedEnded = new Set<number>();
  private readonly needle: Buffer;

  constructor(
    private readonly leader: number,
    cookie: string,
  ) {
    this.needle = cookieNeedle(cookie, true);
  }

  /** Notes the group's live members (the leader excluded), before the harness signals the group. */
  noteGroupMembers(): void {
    if (!PROC_AVAILABLE) return;
    for (const pid of pidsAllocatedAfter(this.leader)) {
      const stat = readProcStat(pid);
      if (stat !== undefined && stat.pgid === this.leader && isLiveState(stat.state)) this.groupEnded.add(pid);
    }
  }

  /**
   * Once the leader has ended: SIGKILLs what is left of the group (counted first), and ends every
   * process outside the group that carries the cookie (SIGTERM, `graceMs`, SIGKILL), repeating
   * until none is left (a process may fork while it is being ended). Returns at once, after one
   * look at /proc, when nothing is left, which is the usual case.
   */
  async finish(graceMs: number): Promise<void> {
    if (!PROC_AVAILABLE) {
      signalGroup(this.leader, "SIGKILL");
      return;
    }
    const escaped = await endUntilNoneLeft(() => {
      const outside: number[] = [];
      let groupAlive = false;
      for (const pid of pidsAllocatedAfter(this.leader)) {
        if (pid === process.pid) continue;
        const stat = readProcStat(pid);
        if (stat === undefined || !isLiveState(stat.state)) continue;
        if (stat.pgid === this.leader) {
          this.groupEnded.add(pid);
          groupAlive = true;
        } else if (environHas(pid, this.needle)) {
          outside.push(pid);
        }
      }
      // The group gets no grace: its leader has already ended (as before this sweep existed).
      if (groupAlive) signalGroup(this.leader, "SIGKILL");
      return { pids: outside, othersAlive: groupAlive };
    }, graceMs);
    for (const pid of escaped) this.escapedEnded.add(pid);
  }
}

/** Live processes carrying a cookie of this tool process (any launch). */
function ownedProcesses(): number[] {
  return liveWithNeedle(listPids(), cookieNeedle(`${ownerTag()}-`, false));
}

/** Ends every process this tool started that is still alive (SIGTERM, grace, SIGKILL); how many. */
export async function endOwnedProcesses(graceMs: number): Promise<number> {
  if (!PROC_AVAILABLE) return 0;
  return (await endUntilNoneLeft(() => ({ pids: ownedProcesses(), othersAlive: false }), graceMs)).size;
}

/** The same at once and synchronously (exit paths: a second Ctrl-C, an uncaught error); how many. */
export function endOwnedProcessesNow(): number {
  if (!PROC_AVAILABLE) return 0;
  const ended = new Set<number>();
  // A few rounds: a process may fork between the look and the kill.
  for (let round = 0; round < 5; round++) {
    const found = ownedProcesses();
    if (found.length === 0) break;
    for (const pid of found) {
      ended.add(pid);
      sendSignal(pid, "SIGKILL");
    }
    sleepSync(POLL_MS);
  }
  return ended.size;
}

/** Processes a killed tool left behind, and which tools. */
export interface DeadOwnersSweep {
  processesEnded: number;
  /** Pids of the killed tool processes whose processes were ended. */
  ownerPids: number[];
}

/** Ends every process whose cookie names a tool process that no longer runs (one killed by SIGKILL). */
export async function endProcessesOfDeadOwners(graceMs: number): Promise<DeadOwnersSweep> {
  if (!PROC_AVAILABLE) return { processesEnded: 0, ownerPids: [] };
  const anyCookie = cookieNeedle("", false);
  const me = ownerTag();
  const owners = new Set<number>();
  const ended = await endUntilNoneLeft(() => {
    const found: number[] = [];
    for (const pid of liveWithNeedle(listPids(), anyCookie)) {
      for (const value of environValues(pid, RUN_COOKIE_VARIABLE)) {
        const owner = parseOwner(value);
        if (owner === undefined || value.startsWith(`${me}-`) || !ownerIsDead(owner)) continue;
        owners.add(owner.pid);
        found.push(pid);
        break;
      }
    }
    return { pids: found, othersAlive: false };
  }, graceMs);
  return { processesEnded: ended.size, ownerPids: [...owners].sort((a, b) => a - b) };
}
