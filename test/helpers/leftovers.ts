/**
 * What a run may leave behind, measured from outside the harness: live processes (by process
 * group, and by an environment token that survives a child escaping the group with setsid) and
 * the harness's temp directories. PID 1 here does not reap zombies, so a zombie counts as dead.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The environment variable the tests put in a target's environment to find its processes later. */
export const TOKEN_VARIABLE = "PIPES_CONFORMANCE_TEST_TOKEN";

interface ProcStat {
  pid: number;
  state: string;
  pgid: number;
}

/** Fields of /proc/PID/stat; the command name may hold spaces and parentheses, so split after the last ")". */
function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return { pid, state: fields[0]!, pgid: Number(fields[2]) };
}

function allPids(): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** Dead for our purposes: gone, a zombie (Z) or dead (X). */
function isLiveState(state: string): boolean {
  return state !== "Z" && state !== "X";
}

/** Whether a process is alive: it exists and is not a zombie waiting for a reaper. */
export function isAlive(pid: number): boolean {
  const stat = readStat(pid);
  return stat !== undefined && isLiveState(stat.state);
}

/** Live processes whose process group is `pgid` (the target's pid: the harness makes it a group leader). */
export function liveProcessesInGroup(pgid: number): number[] {
  return allPids().filter((pid) => {
    const stat = readStat(pid);
    return stat !== undefined && stat.pgid === pgid && isLiveState(stat.state);
  });
}

/** Live processes whose environment holds `TOKEN_VARIABLE=token` (children inherit it, setsid or not). */
export function liveProcessesWithToken(token: string): number[] {
  const needle = `${TOKEN_VARIABLE}=${token}\0`;
  return allPids().filter((pid) => {
    if (pid === process.pid) return false;
    try {
      return readFileSync(`/proc/${pid}/environ`, "latin1").includes(needle) && isAlive(pid);
    } catch {
      return false;
    }
  });
}

/**
 * Waits until `probe` returns an empty list, or `limitMs` passes, and returns its last answer.
 * SIGKILL is delivered asynchronously: a process the harness has just killed may still show as
 * running for a moment, so leftovers are judged after a short settling time, never on one look.
 */
export async function settle(probe: () => number[], limitMs = 3000): Promise<number[]> {
  const until = Date.now() + limitMs;
  for (;;) {
    const found = probe();
    if (found.length === 0 || Date.now() >= until) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Ends whatever a failed test left (by token), so one failure does not leak into the next test. */
export function killByToken(token: string): void {
  for (const pid of liveProcessesWithToken(token)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

/** The harness's temp entries in the current temp directory. */
export function harnessTempEntries(): string[] {
  try {
    return readdirSync(tmpdir()).filter((name) => name.startsWith("pipes-conformance-"));
  } catch {
    return [];
  }
}

/**
 * Gives this test file a temp directory of its own (TMPDIR, read by os.tmpdir() at each call), so
 * test files running in parallel cannot see each other's pipes-conformance-* entries come and go.
 * Returns the function that restores TMPDIR and removes the directory.
 */
export function usePrivateTmpdir(label: string): () => void {
  const previous = process.env.TMPDIR;
  const directory = mkdtempSync(join(tmpdir(), `${label}-`));
  process.env.TMPDIR = directory;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(directory, { recursive: true, force: true });
  };
}
