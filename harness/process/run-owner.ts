/**
 * Who launched a process: every launch carries `PIPES_CONFORMANCE_RUN=<owner>-<launch>` in its
 * environment, where the owner is this tool process (pid, start time, pid namespace) and the
 * launch is a counter within it. Children inherit the variable, also after leaving the target's
 * process group (setsid), so the harness can find every process one launch started (the sweep
 * after the launch), every process this tool started (its exit), and every process a tool that
 * was killed left behind (the next run: its owner no longer runs). The same owner tag names the
 * session work directories, so a dead owner's directories can be told apart from a live run's.
 */
import { isLiveState, pidNamespaceId, PROC_AVAILABLE, readProcStat } from "./proc-table.js";

/** The variable every launched process carries. */
export const RUN_COOKIE_VARIABLE = "PIPES_CONFORMANCE_RUN";

/** One tool process, identified for good: a pid alone may be reused after its process ends. */
export interface RunOwner {
  pid: number;
  startTicks: number;
  /** Inode of the pid namespace the pid is meaningful in. */
  pidNamespace: string;
}

let self: RunOwner | undefined;
let launches = 0;

/** This process as an owner. */
export function currentOwner(): RunOwner {
  if (self === undefined) {
    self = { pid: process.pid, startTicks: PROC_AVAILABLE ? (readProcStat(process.pid)?.startTicks ?? 0) : 0, pidNamespace: pidNamespaceId() };
  }
  return self;
}

/** The owner as it appears in cookies and directory names: `PID-STARTTICKS-PIDNS`. */
export function ownerTag(owner: RunOwner = currentOwner()): string {
  return `${owner.pid}-${owner.startTicks}-${owner.pidNamespace}`;
}

/** A new cookie value for one launch: `PID-STARTTICKS-PIDNS-N`. */
export function newLaunchCookie(): string {
  launches++;
  return `${ownerTag()}-${launches}`;
}

/** The owner named by a cookie value or a directory tag; undefined when it is not one of ours. */
export function parseOwner(text: string): RunOwner | undefined {
  const match = /^(\d+)-(\d+)-(\d+)(?:-\d+)?$/.exec(text);
  if (!match) return undefined;
  return { pid: Number(match[1]), startTicks: Number(match[2]), pidNamespace: match[3]! };
}

/**
 * Whether an owner is known to have ended: its pid is gone, a zombie, or now another process (a
 * different start time). An owner of another pid namespace cannot be judged from here and is
 * never taken for dead; neither is anything on a platform without /proc.
 */
export function ownerIsDead(owner: RunOwner): boolean {
  if (!PROC_AVAILABLE) return false;
  const me = currentOwner();
  if (owner.pidNamespace !== me.pidNamespace) return false;
  if (owner.pid === me.pid) return owner.startTicks !== me.startTicks;
  const stat = readProcStat(owner.pid);
  // An unreadable stat is not proof of death (a failed open or read on a busy machine): the sweeps
  // that trust this answer end another run's processes, so only a pid that does not exist counts.
  if (stat === undefined) return !pidExists(owner.pid);
  return !isLiveState(stat.state) || stat.startTicks !== owner.startTicks;
}

/** Whether a process with this pid exists (signal 0: ESRCH when none; EPERM when it is another user's). */
function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
