/**
 * The tool process's life around a command: what a run left behind when it was killed is cleaned
 * up first (processes whose cookie names a tool that no longer runs, and its work directories),
 * SIGINT, SIGTERM and SIGHUP interrupt the command (a second one forces the exit), and whatever
 * the run started is swept on every way out. Kept apart from the command code and light to load:
 * nothing here imports a command, a reporter or the process launcher.
 */
import { endEverythingNow } from "../../harness/process/live-launches.js";
import { endOwnedProcesses, endProcessesOfDeadOwners } from "../../harness/process/process-sweep.js";
import { removeWorkDirsOfDeadOwners } from "../../harness/process/work-dirs.js";
import { EXIT, SIGNAL_EXIT_CODES, type InterruptSignal } from "../exit-codes.js";

/** Between SIGTERM and SIGKILL for the processes swept outside a launch (ms). */
const SWEEP_GRACE_MS = 2_000;

/** The signals that interrupt a command. */
export const INTERRUPT_SIGNALS: readonly InterruptSignal[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/** Whether a command line starts programs (the suite or `run`): only those clean up after killed runs. */
export function launchesPrograms(args: readonly string[]): boolean {
  const first = args[0];
  if (first === undefined || !args.includes("--")) return false;
  return first === "run" || first.startsWith("-");
}

/**
 * Ends the processes and removes the work directories that tool processes killed earlier (SIGKILL:
 * no handler ran) left behind; returns the one line to print, or undefined when there was none.
 */
export async function cleanUpAfterKilledRuns(): Promise<string | undefined> {
  const processes = await endProcessesOfDeadOwners(SWEEP_GRACE_MS);
  const directories = removeWorkDirsOfDeadOwners();
  if (processes.processesEnded === 0 && directories.removed === 0) return undefined;
  const owners = [...new Set([...processes.ownerPids, ...directories.ownerPids])].sort((a, b) => a - b);
  const what = [
    ...(processes.processesEnded === 0 ? [] : [`ended ${plural(processes.processesEnded, "process", "processes")}`]),
    ...(directories.removed === 0 ? [] : [`removed ${plural(directories.removed, "temp directory", "temp directories")}`]),
  ].join(" and ");
  const runs = owners.length === 1 ? `an earlier pipes-conformance run (pid ${owners[0]}) that was killed` : `earlier pipes-conformance runs (pids ${owners.join(", ")}) that were killed`;
  return `${what} left by ${runs}`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Signal handling for one command; `signal` aborts with the signal's name as its reason. */
export interface Interruption {
  signal: AbortSignal;
  /** The first interrupting signal received, if any. */
  received(): InterruptSignal | undefined;
}

/**
 * Installs the handlers: the first SIGINT, SIGTERM or SIGHUP aborts the command (running programs
 * are ended, reports say the run was interrupted); a second one ends everything at once and exits
 * with the first signal's code. Output errors (a closed terminal after SIGHUP, a closed pipe) no
 * longer crash the process, so the cleanup still runs.
 */
export function handleInterruptions(note: (text: string) => void): Interruption {
  const controller = new AbortController();
  let first: InterruptSignal | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (first !== undefined) {
      endEverythingNow();
      process.exit(SIGNAL_EXIT_CODES[first]);
    }
    first = signal as InterruptSignal;
    note(`pipes-conformance: ${signal} received, ending the running programs (again to force)\n`);
    controller.abort(signal);
  };
  const ignoreOutputError = (): void => undefined;
  process.stdout.on("error", ignoreOutputError);
  process.stderr.on("error", ignoreOutputError);
  for (const signal of INTERRUPT_SIGNALS) process.on(signal, onSignal);
  return {
    signal: controller.signal,
    received: () => first,
  };
}

/**
 * The last sweep of a command that ended normally or was interrupted: processes carrying one of
 * this process's cookies that are somehow still alive (each launch sweeps its own already).
 */
export async function sweepOwnProcesses(): Promise<number> {
  return endOwnedProcesses(SWEEP_GRACE_MS);
}

/**
 * An error nobody caught (a bug): one line and the bug-report sentence instead of a stack trace,
 * everything started ended at once, exit 3.
 */
export function handleUncaughtErrors(report: (error: unknown) => void): void {
  const onError = (error: unknown): void => {
    try {
      report(error);
    } finally {
      endEverythingNow();
      process.exit(EXIT.INTERNAL);
    }
  };
  process.on("uncaughtException", onError);
  process.on("unhandledRejection", onError);
}
