/**
 * Runs the program under strace, tracing only its write-like system calls, to see exactly how
 * each message line was written: whole, by one call, or torn across several (which Dagster's
 * polling file reader may read half of). Linux only, and only where ptrace is permitted; whether
 * it works is found out once per process (per PATH) by a trial trace, and the reason it does not
 * is one line.
 *
 * How the program is launched under it, and why:
 * - `-DD`: strace runs as the program's grandchild in a process group of its own, so the launched
 *   process IS the program: its exit code or signal, its pid, its process group and the timeout's
 *   group kill are exactly those of an untraced run, and a child left behind by the program does
 *   not hold up the program's exit (without it strace waits for every traced child).
 * - `-f -y -s 0 -ttt`: children too, what each descriptor refers to, no data, epoch timestamps.
 * - `--seccomp-bpf` (when the trial accepts it): only the traced calls stop the program.
 * - `-q`, `-o FILE` in the session's work directory: nothing of strace's on the program's
 *   stdout/stderr (the trial checks that strace says nothing there). Signals stay in the trace
 *   (`-e signal=none` would also drop the "+++ killed by SIG… +++" line of a signal death).
 * The program's argv and environment are passed unchanged (strace execs argv as given).
 */
import { execFile } from "node:child_process";
import { accessSync, closeSync, constants as fsConstants, mkdtempSync, openSync, readFileSync, readSync, readlinkSync, realpathSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { mapWritesToLines, type LineSpan } from "./write-trace-map.js";
import { WriteTraceParser, parseWriteTrace, type TracedWrite } from "./write-trace-parser.js";

/** Whether write tracing works here, and how to run it. */
export type WriteTracingAvailability =
  | { available: true; strace: string; version: string; seccomp: boolean }
  | { available: false; reason: string };

/** A line as the tracer reads it (a session's transcript line has these fields). */
export interface TracedChannelLine {
  channel: "file" | "stdout" | "stderr";
  lineNumber: number;
  byteOffset: number;
  byteLength: number;
  terminator: string;
  protocol: boolean;
  verdict: { kind: string; cause?: string };
}

/** How one message line was written. */
export interface TracedLine {
  channel: "file" | "stdout" | "stderr";
  lineNumber: number;
  /** Write calls that wrote its bytes, terminator included (more than one: torn). */
  calls: number;
  /** When the last of them returned (ms after launch). */
  writtenMs: number;
}

/** What a session records of its write trace. */
export type WriteTraceRecord =
  | {
      available: true;
      /** Write calls to the message channel. */
      calls: number;
      /** Bytes they wrote. */
      bytes: number;
      /** Every message line judged, in channel order. */
      lines: TracedLine[];
      /** The lines written by more than one call. */
      tornLines: TracedLine[];
      /** When the program exited, on the trace's clock (ms after launch); null when the trace does not say. */
      exitedMs: number | null;
      /**
       * Write calls to the program's stdout and stderr (by it or any process it started) between
       * the write of `opened` and that of `closed` (or the end, without `closed`), by the trace's
       * times: output printed while the session was open. A process that relays output (the
       * reference's tee) writes it when it relays it. Only for the file channel, and only when the
       * session named its `opened` line and it was mapped.
       */
      outputWritesWhileOpen?: { stdout: number; stderr: number };
    }
  | { available: false; reason: string };

/** Bytes of trace read at most: a program making millions of tiny writes is not judged. */
const TRACE_READ_CAP = 64 << 20;

/** How long to wait for strace to finish its file once the program's streams have closed (ms). */
export const TRACE_SETTLE_MS = 1_000;

/** The system calls traced (`?`: no error on an architecture without it). */
const TRACED_CALLS = "write,?writev,?pwrite64,?pwritev,?pwritev2,?sendfile,?sendfile64";

/** strace's options, without `-o FILE --`, tracing `calls` (the write calls by default). */
function straceOptions(seccomp: boolean, calls: string = TRACED_CALLS): string[] {
  return ["-DD", "-f", "-q", "-y", "-s", "0", "-ttt", ...(seccomp ? ["--seccomp-bpf"] : []), "-e", `trace=${calls}`];
}

/** The executable a command name resolves to with a PATH (like execvp), or undefined. */
export function resolveExecutable(command: string, pathEnv: string | undefined, cwd: string): string | undefined {
  const candidates = command.includes("/") ? [isAbsolute(command) ? command : resolve(cwd, command)] : (pathEnv ?? "").split(delimiter).filter(Boolean).map((directory) => join(directory, command));
  for (const candidate of candidates) {
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // Not here: the next directory.
    }
  }
  return undefined;
}

/** Runs a command to its end; never rejects. */
function run(file: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string; error?: string }> {
  return new Promise((done) => {
    execFile(file, args, { env, timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      const failure = error as (NodeJS.ErrnoException & { code?: number | string; signal?: string }) | null;
      done({
        code: failure === null ? 0 : typeof failure.code === "number" ? failure.code : null,
        signal: failure?.signal ?? null,
        stdout: String(stdout),
        stderr: String(stderr),
        ...(failure !== null && typeof failure.code === "string" ? { error: failure.code } : {}),
      });
    });
  });
}

const firstLine = (text: string): string => text.trim().split("\n")[0]?.trim() ?? "";

/** One trial trace of a tiny program with the session's options. */
async function trial(strace: string, seccomp: boolean, env: NodeJS.ProcessEnv): Promise<{ ok: true } | { ok: false; reason: string }> {
  const directory = mkdtempSync(join(tmpdir(), "pipes-conformance-strace-"));
  try {
    const output = join(directory, "trial");
    const result = await run(strace, [...straceOptions(seccomp), "-o", output, "--", "/bin/sh", "-c", "echo trial >/dev/null"], env, 20_000);
    const stderr = firstLine(result.stderr);
    if (/ptrace|operation not permitted|permission denied/i.test(stderr)) {
      return { ok: false, reason: `strace cannot trace here: ptrace is not permitted (a container without CAP_SYS_PTRACE, or a restrictive kernel.yama.ptrace_scope): ${stderr}` };
    }
    if (result.code !== 0 || stderr !== "") return { ok: false, reason: `strace's trial trace failed (${result.error ?? (result.signal ?? `exit ${result.code}`)})${stderr === "" ? "" : `: ${stderr}`}` };
    let text: string;
    try {
      text = readFileSync(output, "utf8");
    } catch {
      return { ok: false, reason: "strace's trial trace wrote no trace file" };
    }
    const parsed = parseWriteTrace(text);
    if (!parsed.writes.some((write) => write.target === "/dev/null" && write.bytes === 6) || parsed.exits.length === 0) {
      return { ok: false, reason: `strace's trial trace is not in the expected format: ${firstLine(text).slice(0, 160)}` };
    }
    return { ok: true };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

async function probe(pathEnv: string | undefined): Promise<WriteTracingAvailability> {
  if (process.platform !== "linux") return { available: false, reason: `write tracing needs strace on Linux; this is ${process.platform}` };
  const strace = resolveExecutable("strace", pathEnv, process.cwd());
  if (strace === undefined) return { available: false, reason: "strace is not installed: not found on PATH" };
  const env = { ...process.env, PATH: pathEnv ?? "" };
  const version = await run(strace, ["-V"], env, 20_000);
  const versionLine = firstLine(version.stdout);
  if (version.code !== 0 || !/strace/i.test(versionLine)) return { available: false, reason: `strace -V failed: ${firstLine(version.stderr) || versionLine || version.error || "no output"}` };
  const withSeccomp = await trial(strace, true, env);
  if (withSeccomp.ok) return { available: true, strace, version: versionLine, seccomp: true };
  // An older strace or kernel without --seccomp-bpf: every system call stops the program then,
  // which is slower but as exact.
  const without = await trial(strace, false, env);
  if (without.ok) return { available: true, strace, version: versionLine, seccomp: false };
  return { available: false, reason: without.reason };
}

const probes = new Map<string, Promise<WriteTracingAvailability>>();

/** Whether write tracing works with this PATH (the harness's own by default); found out once per PATH. */
export function probeWriteTracing(pathEnv: string | undefined = process.env.PATH): Promise<WriteTracingAvailability> {
  const key = pathEnv ?? "";
  let cached = probes.get(key);
  if (cached === undefined) {
    cached = probe(pathEnv);
    probes.set(key, cached);
  }
  return cached;
}

/** What a session tells the tracer before launch. */
export interface WriteTraceOptions {
  /** The full argv of the program (bootstrap arguments included). */
  argv: readonly string[];
  /** The program's environment (its PATH resolves the program, as at launch). */
  env: Record<string, string>;
  cwd: string;
  /** Where the trace file goes (removed with it). */
  workDir: string;
  /** The message channel: the messages file, or the stream that carries the messages. */
  channel: { kind: "file"; path: string } | { kind: "stream"; stream: "stdout" | "stderr" };
}

/** What a session tells the tracer once the program has ended. */
export interface WriteTraceInput {
  /** The session's transcript (the message channel's lines). */
  transcript: readonly TracedChannelLine[];
  /** Whether the transcript holds every line (none dropped by the retention limits). */
  complete: boolean;
  /** The messages file was truncated, replaced or deleted during the run. */
  fileDisturbed: boolean;
  /** Bytes the program wrote on each stream. */
  streamBytes: { stdout: number; stderr: number };
  /** The launch on the epoch clock (ms), to put trace times on the session's clock. */
  launchEpochMs: number;
  /** The pid of the launched program. */
  pid: number | undefined;
  /** The channel's line numbers of the `opened` and `closed` Dagster handled, if any. */
  sessionEdges?: { openedLine?: number; closedLine?: number };
}

/** A session's trace: the argv to launch, a spawn hook, and the summary. */
export interface PreparedWriteTrace {
  /** strace's argv wrapping the program's. */
  argv: string[];
  /** Called with the pid as soon as the process runs (reads which pipe its stdout/stderr is). */
  onSpawn(pid: number | undefined): void;
  /** Reads the trace and lays its calls over the channel's lines. */
  summarize(input: WriteTraceInput): Promise<WriteTraceRecord>;
}

/**
 * Whether the kernel would run the file itself: an ELF binary, or a script whose `#!` interpreter
 * exists and is executable. Anything else fails at exec, and under strace that failure would be
 * strace's ("strace: exec: ...", exit 1) instead of the spawn error an untraced launch reports.
 */
function kernelExecutable(path: string): boolean {
  let fd: number | undefined;
  let head: Buffer;
  try {
    fd = openSync(path, "r");
    const buffer = Buffer.alloc(256);
    head = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (head.length >= 4 && head.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))) return true;
  if (head.length < 2 || head[0] !== 0x23 || head[1] !== 0x21) return false;
  const interpreter = head.toString("latin1", 2).split("\n")[0]!.trim().split(/[ \t]/)[0] ?? "";
  return isAbsolute(interpreter) && resolveExecutable(interpreter, undefined, "/") !== undefined;
}

/**
 * strace's argv wrapping the program's, tracing `calls` into `tracePath` with the options and the
 * strace the availability probe accepted; or why the program is launched untraced. A program that
 * would not start (not found, not executable, not a script or binary the kernel runs) is launched
 * untraced, so that its spawn error is reported exactly as without tracing.
 */
export async function straceLaunch(options: { argv: readonly string[]; env: Record<string, string>; cwd: string; tracePath: string; calls: string }): Promise<{ argv: string[] } | { available: false; reason: string }> {
  const availability = await probeWriteTracing();
  if (!availability.available) return availability;
  const program = options.argv[0];
  const resolved = program === undefined ? undefined : resolveExecutable(program, options.env.PATH, options.cwd);
  if (resolved === undefined || !kernelExecutable(resolved)) return { available: false, reason: "the program was launched untraced: it does not resolve to an executable script or binary" };
  return { argv: [availability.strace, ...straceOptions(availability.seccomp, options.calls), "-o", options.tracePath, "--", ...options.argv] };
}

/**
 * Prepares the write trace of one session, or says why it cannot be traced (see {@link straceLaunch}).
 */
export async function prepareWriteTrace(options: WriteTraceOptions): Promise<PreparedWriteTrace | { available: false; reason: string }> {
  const tracePath = join(options.workDir, "writes.strace");
  const launch = await straceLaunch({ ...options, tracePath, calls: TRACED_CALLS });
  if ("reason" in launch) return launch;
  let channelTarget: string | undefined;
  if (options.channel.kind === "file") {
    try {
      channelTarget = realpathSync(options.channel.path);
    } catch {
      channelTarget = options.channel.path;
    }
  }
  const channel = options.channel;
  // What the program's stdout and stderr are (its pipes from the harness), read at spawn.
  const outputTargets: { stdout?: string; stderr?: string } = {};
  return {
    argv: launch.argv,
    onSpawn(pid) {
      if (pid === undefined) return;
      for (const [stream, fd] of [["stdout", 1], ["stderr", 2]] as const) {
        try {
          // With -DD the launched process is the program itself, and it keeps these descriptors.
          outputTargets[stream] = readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          delete outputTargets[stream];
        }
      }
      if (channel.kind === "stream") channelTarget = outputTargets[channel.stream];
    },
    async summarize(input) {
      if (channelTarget === undefined) return { available: false, reason: `the ${channel.kind === "stream" ? channel.stream : "messages file"} could not be identified in the trace` };
      if (channel.kind === "file" && input.fileDisturbed) return { available: false, reason: "the messages file was truncated, replaced or deleted during the run" };
      const target = channelTarget;
      const deleted = `${target} (deleted)`;
      const isChannel = (write: TracedWrite): boolean => write.target === target || write.target === deleted;
      // On the file channel, the program's output is traced too, to place it against opened and closed.
      const outputStream = (write: TracedWrite): "stdout" | "stderr" | undefined =>
        channel.kind !== "file" || write.target === undefined ? undefined : write.target === outputTargets.stdout ? "stdout" : write.target === outputTargets.stderr ? "stderr" : undefined;
      // Output writes are kept as their times alone (a chatty program makes hundreds of thousands).
      // Each write as two numbers: when it was entered, and when it returned.
      let outputTimes: { stdout: number[]; stderr: number[] } = { stdout: [], stderr: [] };
      const keep = (write: TracedWrite): boolean => {
        if (isChannel(write)) return true;
        const output = write.bytes > 0 ? outputStream(write) : undefined;
        if (output !== undefined) outputTimes[output].push(write.startedAtSec, write.atSec);
        return false;
      };
      const trace = await readTrace(tracePath, input.pid, keep, () => (outputTimes = { stdout: [], stderr: [] }));
      if ("reason" in trace) return { available: false, reason: trace.reason };
      const stream = channel.kind === "file" ? "file" : channel.stream;
      // Lines lost to a dead reader were written to the channel all the same (only a disturbed
      // file's lost bytes are not the channel's, and that file is not mapped at all).
      const lines = input.transcript.filter((line) => line.channel === stream && line.protocol && (line.verdict.kind !== "lost" || line.verdict.cause === "reader-dead"));
      const spans: LineSpan[] = lines.map((line) => ({ lineNumber: line.lineNumber, byteOffset: line.byteOffset, spanBytes: line.byteLength + Buffer.byteLength(line.terminator) }));
      const exactBytes = channel.kind === "stream" ? input.streamBytes[channel.stream] : input.complete ? spans.reduce((end, span) => Math.max(end, span.byteOffset + span.spanBytes), 0) : undefined;
      const toSessionMs = (atSec: number): number => atSec * 1000 - input.launchEpochMs;
      const map = mapWritesToLines(
        trace.writes.map((write) => ({ bytes: write.bytes, ...(write.offset === undefined ? {} : { offset: write.offset }), atMs: toSessionMs(write.atSec) })),
        spans,
        exactBytes,
      );
      if (!map.ok) return { available: false, reason: map.reason };
      const tracedLines: TracedLine[] = map.lines.map((line) => ({ channel: stream, lineNumber: line.lineNumber, calls: line.calls, writtenMs: line.writtenMs }));
      const record: WriteTraceRecord = {
        available: true,
        calls: map.calls,
        bytes: map.bytes,
        lines: tracedLines,
        tornLines: tracedLines.filter((line) => line.calls > 1),
        exitedMs: trace.exitedAtSec === undefined ? null : toSessionMs(trace.exitedAtSec),
      };
      const writtenMs = (lineNumber: number | undefined): number | undefined => (lineNumber === undefined ? undefined : tracedLines.find((line) => line.lineNumber === lineNumber)?.writtenMs);
      const openedMs = writtenMs(input.sessionEdges?.openedLine);
      const closedMs = input.sessionEdges?.closedLine === undefined ? Number.POSITIVE_INFINITY : writtenMs(input.sessionEdges.closedLine);
      if (channel.kind === "file" && openedMs !== undefined && closedMs !== undefined) {
        // Strictly between, the whole call: entered after opened's write and returned before
        // closed's (a call another process split spans both times; one in the same microsecond as
        // opened's or closed's is not placed).
        const between = (times: number[]): number => {
          let count = 0;
          for (let index = 0; index < times.length; index += 2) if (toSessionMs(times[index]!) > openedMs && toSessionMs(times[index + 1]!) < closedMs) count++;
          return count;
        };
        record.outputWritesWhileOpen = { stdout: between(outputTimes.stdout), stderr: between(outputTimes.stderr) };
      }
      return record;
    },
  };
}

/** Reads the trace file; waits a little for strace to finish it when the program's exit is not in it yet. */
async function readTrace(
  path: string,
  pid: number | undefined,
  keep: (write: TracedWrite) => boolean,
  /** Called before each reading of the file (what `keep` collected from an earlier one is stale). */
  onAttempt?: () => void,
): Promise<{ writes: TracedWrite[]; exitedAtSec: number | undefined } | { reason: string }> {
  const deadline = Date.now() + TRACE_SETTLE_MS;
  for (;;) {
    onAttempt?.();
    const attempt = readTraceOnce(path, pid, keep);
    if ("reason" in attempt || attempt.exitedAtSec !== undefined || Date.now() >= deadline) {
      if ("reason" in attempt) return attempt;
      if (attempt.unknownResults > 0) return { reason: "the program died inside a write to the channel: how much it wrote is unknown" };
      return attempt;
    }
    await new Promise((done) => setTimeout(done, 25));
  }
}

function readTraceOnce(path: string, pid: number | undefined, keep: (write: TracedWrite) => boolean): { writes: TracedWrite[]; exitedAtSec: number | undefined; unknownResults: number } | { reason: string } {
  const parser = new WriteTraceParser(keep);
  const read = forEachTraceLine(path, (line) => parser.push(line));
  if (read !== undefined) return read;
  const result = parser.result();
  const exit = result.exits.find((end) => end.pid === pid);
  return { writes: result.writes, exitedAtSec: exit?.atSec, unknownResults: result.writes.filter((write) => write.unknownResult).length };
}

/**
 * Hands each line of a trace file (as far as strace has written it) to `onLine`, the last one even
 * without its newline; says why when the file is missing or larger than {@link TRACE_READ_CAP}.
 */
export function forEachTraceLine(path: string, onLine: (line: string) => void): { reason: string } | undefined {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return { reason: "strace left no trace file (the program may have removed the work directory)" };
  }
  try {
    const chunk = Buffer.alloc(1 << 20);
    let carry = "";
    let total = 0;
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      total += read;
      if (total > TRACE_READ_CAP) return { reason: `the trace is larger than ${TRACE_READ_CAP >> 20} MiB (millions of traced calls): not judged` };
      const text = carry + chunk.toString("utf8", 0, read);
      const lines = text.split("\n");
      carry = lines.pop()!;
      for (const line of lines) onLine(line);
    }
    onLine(carry);
  } finally {
    closeSync(fd);
  }
  return undefined;
}
