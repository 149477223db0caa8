/**
 * Runs the program under strace, tracing only the system calls that create a directory entry, to
 * know which files the program itself created. A directory listing before and after a run sees
 * every process's files: in a working directory shared with other jobs (a test runner running
 * files side by side, a build writing beside the program) it would blame the program for theirs.
 *
 * Launched exactly as the write tracer launches (`straceLaunch` in write-tracer.ts: the same
 * options, availability probe and fallback), with other calls traced; `-s 0` hides no path, as
 * strace prints path arguments and a socket's `sun_path` whole.
 */
import { realpathSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { CREATING_CALLS, CreationTraceParser, type CreatedPath } from "./creation-trace-parser.js";
import { forEachTraceLine, straceLaunch, TRACE_SETTLE_MS } from "./write-tracer.js";

/** What a session records of its creation trace. */
export type CreationTraceRecord =
  | {
      available: true;
      /** The paths the program and its children created, in trace order. */
      created: CreatedPath[];
      /** The working directory as strace names it (symbolic links resolved). */
      cwdRealPath: string;
    }
  | { available: false; reason: string };

/** What a session tells the tracer before launch. */
export interface CreationTraceOptions {
  /** The full argv of the program (bootstrap arguments included). */
  argv: readonly string[];
  /** The program's environment (its PATH resolves the program, as at launch). */
  env: Record<string, string>;
  cwd: string;
  /** Where the trace file goes (removed with it). */
  workDir: string;
}

/** A session's creation trace: the argv to launch and the summary. */
export interface PreparedCreationTrace {
  /** strace's argv wrapping the program's. */
  argv: string[];
  /** Reads the trace once the program has ended (`pid`: the launched program's). */
  summarize(pid: number | undefined): Promise<CreationTraceRecord>;
}

function realPath(directory: string): string {
  try {
    return realpathSync(directory);
  } catch {
    return directory;
  }
}

/**
 * An absolute created path with its directory's symbolic links resolved, where that directory
 * still exists: `mkdir("/link/x")` through a link to the working directory is an entry of it.
 */
function throughLinks(created: CreatedPath): CreatedPath {
  if (!created.absolute) return created;
  const directory = realPath(dirname(created.path));
  return { ...created, path: directory === "/" ? `/${basename(created.path)}` : `${directory}/${basename(created.path)}` };
}

/**
 * Prepares the creation trace of one session, or says why it cannot be traced (no usable strace,
 * or a program that does not resolve to something the kernel runs).
 */
export async function prepareCreationTrace(options: CreationTraceOptions): Promise<PreparedCreationTrace | { available: false; reason: string }> {
  const tracePath = join(options.workDir, "creations.strace");
  const launch = await straceLaunch({ ...options, tracePath, calls: CREATING_CALLS });
  if ("reason" in launch) return launch;
  return {
    argv: launch.argv,
    async summarize(pid) {
      // strace writes the program's exit last; until it is there, a creation may still be missing.
      const deadline = Date.now() + TRACE_SETTLE_MS;
      for (;;) {
        const parser = new CreationTraceParser();
        const failure = forEachTraceLine(tracePath, (line) => parser.push(line));
        if (failure !== undefined) return { available: false, reason: failure.reason };
        if ((pid !== undefined && parser.exited(pid)) || Date.now() >= deadline) {
          if (pid === undefined || !parser.exited(pid)) return { available: false, reason: "the trace does not reach the program's exit: what it created is not known in full" };
          return { available: true, created: parser.created().map(throughLinks), cwdRealPath: realPath(options.cwd) };
        }
        await new Promise((done) => setTimeout(done, 25));
      }
    },
  };
}
