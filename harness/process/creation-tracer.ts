/**
 * Runs the program under strace, tracing only the system calls that create a directory entry, to
 * know which files the program itself created. A directory listing before and after a run sees
 * every process's files: in a working directory shared with other jobs (a test runner running
 * files side by side, a build writing beside the program) it would blame the program for theirs.
 *
 * Launched as the write tracer launches (see write-tracer.ts: `-DD`, `-f`, `-y`, `-ttt`,
 * `--seccomp-bpf` when the trial accepts it, `-q`, `-o FILE`), with the same availability probe
 * and the same fallback: a program that would not start is launched untraced.
 */
import { realpathSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { CREATING_CALLS, CreationTraceParser, type CreatedPath } from "./creation-trace-parser.js";
import { forEachTraceLine, kernelExecutable, probeWriteTracing, resolveExecutable, TRACE_SETTLE_MS } from "./write-tracer.js";

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
  const availability = await probeWriteTracing();
  if (!availability.available) return availability;
  const program = options.argv[0];
  const resolved = program === undefined ? undefined : resolveExecutable(program, options.env.PATH, options.cwd);
  if (resolved === undefined || !kernelExecutable(resolved)) return { available: false, reason: "the program was launched untraced: it does not resolve to an executable script or binary" };
  const tracePath = join(options.workDir, "creations.strace");
  return {
    argv: [
      availability.strace,
      "-DD",
      "-f",
      "-q",
      "-y",
      "-ttt",
      ...(availability.seccomp ? ["--seccomp-bpf"] : []),
      "-e",
      `trace=${CREATING_CALLS}`,
      "-o",
      tracePath,
      "--",
      ...options.argv,
    ],
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
