/**
 * Launches the program under test from argv (never a shell) in a process group of its own, so
 * that a timeout, the end of a session or the end of the harness can end it and every child it
 * started. Stdin is /dev/null (a program that reads it gets EOF at once); stdout and stderr are
 * handed to the caller chunk by chunk as they arrive.
 *
 * Ending: on timeout the group gets SIGTERM, then SIGKILL after a grace; once the main process has
 * exited the harness waits at most `orphanGraceMs` for its stdout/stderr to close (a child may hold
 * them open) and then kills what is left of the group. Every launch also carries a cookie in its
 * environment (`run-owner.ts`): after the launch, processes that carry it but left the group
 * (setsid) are found in /proc and ended too, and counted. Nothing the harness started outlives it.
 */
import { performance } from "node:perf_hooks";
import { endEverythingNow, trackLaunchedGroup, untrackLaunchedGroup } from "./live-launches.js";
import { LaunchSweep, signalGroup } from "./process-sweep.js";
import { newLaunchCookie, RUN_COOKIE_VARIABLE } from "./run-owner.js";

/** What to launch and how long to let it run. */
export interface LaunchOptions {
  argv: readonly string[];
  /** The complete environment of the process (the caller decides precedence). */
  env: Record<string, string>;
  cwd?: string;
  /** End the process group this long after launch (ms). */
  timeoutMs: number;
  /** Between SIGTERM and SIGKILL (ms). */
  killGraceMs: number;
  /** How long to wait, after the main process exits, for its stdout/stderr to close (ms). */
  orphanGraceMs: number;
  onStdout: (chunk: Buffer, atMs: number) => void;
  onStderr: (chunk: Buffer, atMs: number) => void;
  /** Called once the process is running (its pid) or has failed to start. */
  onSpawn?: (pid: number | undefined) => void;
  /** Aborting ends the process group like a timeout does (SIGTERM, grace, SIGKILL). */
  signal?: AbortSignal;
}

/** How the process ended. */
export interface ProcessOutcome {
  /** Exit code; null when a signal ended it or it never started. */
  exitCode: number | null;
  /** Signal name when a signal ended it. */
  signal: string | null;
  /** The harness ended it because it outran `timeoutMs`. */
  timedOut: boolean;
  /** The harness ended it because the caller aborted. */
  aborted: boolean;
  /** It could not be started (e.g. `ENOENT` for a command that does not exist). */
  spawnError?: { code: string; message: string };
  /** Its stdout/stderr were still held open (by a child) `orphanGraceMs` after it exited. */
  outputHeldOpen: boolean;
  /** Processes of its group were still alive after it ended, and were killed. */
  leftoverProcessesKilled: boolean;
  /**
   * Processes of its group other than itself that were alive when the harness ended the group (on
   * timeout, abort, or after it exited leaving children). Counted on Linux only (0 elsewhere).
   */
  groupProcessesEnded: number;
  /**
   * Processes it started that had left its process group (setsid) and were still alive after it
   * ended: found by the launch's cookie and ended by the harness. Linux only (0 elsewhere).
   */
  escapedProcessesEnded: number;
  pid: number | undefined;
  /** Launch and end on the monotonic clock (`performance.now()`, ms). */
  startedAtMs: number;
  endedAtMs: number;
  /** When the main process itself exited (ms, monotonic). */
  exitedAtMs: number | null;
}

/**
 * Ends every process this module launched that is still alive (SIGKILL), those that left their
 * process group included.
 */
export function killAllLaunchedProcessGroups(): void {
  endEverythingNow();
}

/**
 * execa, loaded on the first launch rather than with the module: it brings ~100 modules, and
 * commands that launch nothing (list, --help, validate) or print before launching must not pay
 * for them at start-up (README "Performance").
 */
let execaModule: Promise<typeof import("execa")> | undefined;
function loadExeca(): Promise<typeof import("execa")> {
  execaModule ??= import("execa");
  return execaModule;
}

/** Launches the program and resolves once it has ended and its output is drained. */
export async function launchProcess(options: LaunchOptions): Promise<ProcessOutcome> {
  const [file, ...args] = options.argv;
  if (file === undefined) throw new Error("argv is empty");
  const cookie = newLaunchCookie();
  // After the import: the first launch's loading of execa is not the program's run time.
  const { execa } = await loadExeca();
  const startedAtMs = performance.now();
  const subprocess = execa(file, args, {
    // The cookie first: it is found by a byte search of the environment, and stays ours even if
    // the caller's environment held one (a run inside a run).
    env: { [RUN_COOKIE_VARIABLE]: cookie, ...withoutCookie(options.env) },
    extendEnv: false,
    cwd: options.cwd,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    buffer: false,
    detached: true,
    reject: false,
    cleanup: false,
    encoding: "buffer",
    stripFinalNewline: false,
  });
  const pid = subprocess.pid;
  if (pid !== undefined) trackLaunchedGroup(pid);
  const sweep = pid === undefined ? undefined : new LaunchSweep(pid, cookie);
  options.onSpawn?.(pid);

  subprocess.stdout?.on("data", (chunk: Buffer) => options.onStdout(chunk, performance.now()));
  subprocess.stderr?.on("data", (chunk: Buffer) => options.onStderr(chunk, performance.now()));

  let timedOut = false;
  let aborted = false;
  let outputHeldOpen = false;
  let exitedAtMs: number | null = null;
  const timers: NodeJS.Timeout[] = [];
  const terminate = (): void => {
    if (pid === undefined) return;
    sweep?.noteGroupMembers();
    signalGroup(pid, "SIGTERM");
    timers.push(
      setTimeout(() => {
        sweep?.noteGroupMembers();
        signalGroup(pid, "SIGKILL");
      }, options.killGraceMs),
    );
  };
  const onAbort = (): void => {
    aborted = true;
    terminate();
  };
  if (pid !== undefined) {
    timers.push(
      setTimeout(() => {
        timedOut = true;
        terminate();
      }, options.timeoutMs),
    );
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener("abort", onAbort, { once: true });
  }
  subprocess.once("exit", () => {
    exitedAtMs = performance.now();
    if (pid === undefined) return;
    // A child that inherited stdout/stderr can keep them open forever: do not wait for it.
    timers.push(
      setTimeout(() => {
        outputHeldOpen = true;
        sweep?.noteGroupMembers();
        signalGroup(pid, "SIGKILL");
        subprocess.stdout?.destroy();
        subprocess.stderr?.destroy();
      }, options.orphanGraceMs),
    );
  });

  const result = await subprocess;
  options.signal?.removeEventListener("abort", onAbort);
  for (const timer of timers) clearTimeout(timer);
  let leftoverProcessesKilled = false;
  if (pid !== undefined && sweep !== undefined) {
    // Whatever of the group is still alive (a daemonised child) is ended now, and so is whatever
    // carries this launch's cookie outside the group; the sweep counts the group's live members
    // before it kills them.
    await sweep.finish(options.killGraceMs);
    leftoverProcessesKilled = signalGroup(pid, "SIGKILL");
    untrackLaunchedGroup(pid);
  }
  const endedAtMs = performance.now();
  const base = {
    timedOut,
    aborted,
    outputHeldOpen,
    leftoverProcessesKilled,
    groupProcessesEnded: sweep?.groupEnded.size ?? 0,
    escapedProcessesEnded: sweep?.escapedEnded.size ?? 0,
    pid,
    startedAtMs,
    endedAtMs,
    exitedAtMs,
  };
  if (pid === undefined || (result.exitCode === undefined && result.signal === undefined && result.code !== undefined)) {
    const code = (result as { code?: string }).code ?? "ESPAWN";
    return {
      ...base,
      exitCode: null,
      signal: null,
      spawnError: { code, message: spawnMessage(code, file) },
    };
  }
  return { ...base, exitCode: result.exitCode ?? null, signal: result.signal ?? null };
}

/** The environment without a cookie it may have inherited (the launch's own is added). */
function withoutCookie(env: Record<string, string>): Record<string, string> {
  if (!(RUN_COOKIE_VARIABLE in env)) return env;
  const { [RUN_COOKIE_VARIABLE]: _inherited, ...rest } = env;
  return rest;
}

function spawnMessage(code: string, file: string): string {
  switch (code) {
    case "ENOENT":
      return `command not found: ${file}`;
    case "EACCES":
      return `permission denied: ${file}`;
    default:
      return `cannot start ${file} (${code})`;
  }
}
