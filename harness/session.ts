/**
 * One Pipes session as Dagster would run it: inject a context, open a message channel, launch the
 * program, read its messages LIVE, judge each one as Dagster's reader and handler would, and
 * record everything (the session record). `run`, the conformance suites and the benchmarks all go
 * through this one function.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import tmp from "tmp-promise";
import {
  bootstrapCarriers,
  channelStream,
  composeEnvironment,
  contextParamsFor,
  encodeParams,
  messagesParamsFor,
  type BootstrapValues,
  type Channel,
  type ContextForm,
  type Transport,
} from "./bootstrap/bootstrap-params.js";
import { encodeBootstrapValue } from "./bootstrap/bootstrap-codec.js";
import { fromEscapedUserString } from "./dagster/asset-key.js";
import { DagsterMessageHandler } from "./dagster/message-handler.js";
import { hasKey, isDict } from "./dagster/python-types.js";
import { PIPES_VERSION_FIELD, ReaderEmulation, type LineVerdict, type LostCause } from "./dagster/reader-emulation.js";
import { StepVerdictBuilder, type CheckSpec, type DagsterVerdict } from "./dagster/step-verdict.js";
import type { JsonObject, JsonValue } from "./json/number-lexemes.js";
import { parsePythonJson, type JsonParseResult } from "./json/parse-python-json.js";
import { serializePythonJson } from "./json/serialize-python-json.js";
import { CappedCapture, type CapturedOutput } from "./process/capped-capture.js";
import { launchProcess, type ProcessOutcome } from "./process/launch.js";
import { workDirTemplate } from "./process/work-dirs.js";
import { prepareCreationTrace, type CreationTraceRecord } from "./process/creation-tracer.js";
import { prepareWriteTrace, type WriteTraceRecord } from "./process/write-tracer.js";
import { FileTailer, type FileEvent } from "./reading/file-tailer.js";
import { LineSplitter, type SplitLine } from "./reading/line-splitter.js";
import { eventLoopTurn, OutputWindow } from "./reading/output-window.js";
import { RetentionBudget, type RetentionLimits } from "./retention-budget.js";
import { SESSION_DEFAULTS } from "./session-defaults.js";

tmp.setGracefulCleanup();

/** Replacements of the bootstrap for cases that test a broken or missing one. */
export interface BootstrapOverrides {
  /** Decoded context params to send instead of the form's (e.g. `{}` or a missing file). */
  contextParams?: JsonValue;
  /** Decoded messages params to send instead of the channel's. */
  messagesParams?: JsonValue;
  /** Encoded context value to send as is; `null` sends no context at all. */
  contextValue?: string | null;
  /** Encoded messages value to send as is; `null` sends no messages params at all. */
  messagesValue?: string | null;
  /**
   * Encodes the context params this session computed (e.g. the real `{"path": <context file>}`)
   * in a way of the caller's choosing (a malformed encoding a lenient decoder would still
   * resolve). `contextValue` wins over it.
   */
  encodeContext?: (params: JsonValue) => string;
}

/** Everything one session needs. */
export interface SessionOptions {
  /** The program and its arguments (never a shell command). */
  argv: readonly string[];
  /** The context to inject (normally all ten keys; tolerance cases may send other shapes). */
  context: JsonObject;
  transport?: Transport;
  contextForm?: ContextForm;
  channel?: Channel;
  /** `include_stdio_in_messages` (file channel only). */
  includeStdio?: boolean;
  bootstrap?: BootstrapOverrides;
  /** Check specs of the step; undefined leaves check names unverified. */
  checkSpecs?: CheckSpec[];
  cwd?: string;
  /** Variables added to the inherited environment (bootstrap variables still win). */
  env?: Record<string, string>;
  /** Give the process a private, empty TMPDIR and report what it leaves there. */
  privateTmp?: boolean;
  timeoutMs?: number;
  killGraceMs?: number;
  orphanGraceMs?: number;
  /** Bytes of stdout and of stderr kept (head and tail). */
  outputCapBytes?: number;
  /** A line longer than this is reported as oversize and not judged. */
  maxLineBytes?: number;
  /** Keep at most this many transcript lines and result items (counts stay exact). Default 10,000. */
  retainLimit?: number;
  /**
   * Stop keeping lines once this many bytes of message text are kept (the line that crosses it is
   * kept), in the transcript and again in the result lists (counts stay exact). Default 64 KiB, hundreds of lines: every kept MiB of text
   * lifted the peak RSS of a 1 GB run by ≈ 40 MB (V8 grows its heap to a multiple of what is
   * kept), and the live events carry every line anyway (see harness/retention-budget.ts).
   */
  retainBytes?: number;
  /**
   * Run the program under strace (Linux, where ptrace is permitted), tracing its write calls, and
   * record how each message line was written (`writeTrace`). Costs a few ms per session.
   */
  traceWrites?: boolean;
  /**
   * Run the program under strace (as `traceWrites`, which wins when both are asked), tracing the
   * calls that create files and directories, and record what the program created
   * (`creationTrace`): what appears in a shared directory is then told apart from other processes'.
   */
  traceFileCreation?: boolean;
  /** Live events, in arrival order. */
  onEvent?: (event: SessionEvent) => void;
  signal?: AbortSignal;
}

/** A line of the message channel (or a JSON object line on a stdio channel), with its verdict. */
export interface TranscriptLine {
  /** Arrival order across all streams of the session. */
  seq: number;
  channel: "file" | "stdout" | "stderr";
  lineNumber: number;
  byteOffset: number;
  /** The line's text; of an oversize line only the first {@link OVERSIZE_TEXT_KEPT} characters. */
  text: string;
  byteLength: number;
  terminator: SplitLine["terminator"];
  invalidUtf8: boolean;
  oversize: boolean;
  /** Reads that delivered this line (more than one: it arrived in pieces). */
  pieces: number;
  /** Arrival of its first and last byte, ms after launch. */
  firstPieceMs: number;
  arrivalMs: number;
  /** The line parsed as Python's `json.loads` would (absent when not parsed). */
  parse?: JsonParseResult;
  /** Counts as a protocol message for Dagster (every line of the file channel; on stdio a JSON object with the version field). */
  protocol: boolean;
  verdict: LineVerdict;
}

/** A line of the program's own output. */
export interface OutputLine {
  stream: "stdout" | "stderr";
  lineNumber: number;
  text: string;
  atMs: number;
}

/** Live events of a session. */
export type SessionEvent =
  | { type: "launched"; pid: number | undefined; atMs: number }
  | { type: "message"; line: TranscriptLine }
  | { type: "output"; line: OutputLine }
  | { type: "file-event"; event: FileEvent }
  | { type: "exited"; process: ProcessOutcome };

/** A stream's captured output and its line counts. */
export interface StreamOutput extends CapturedOutput {
  /** Lines of the program's own output (protocol lines of a stdio channel excluded). */
  lines: number;
  /**
   * Of those, the lines printed while the session was open, as far as the harness can tell from
   * the order it handled them in (see `reading/output-window.ts`).
   */
  linesWhileOpen: number;
  /** Lines handled after `opened` but together with it (printed just before or just after it). */
  linesAtSessionEdges: number;
}

/** What was given to the process. */
export interface GivenBootstrap {
  /** The `DAGSTER_PIPES_*` variables set. */
  env: Record<string, string>;
  /** The arguments appended to argv. */
  args: string[];
  contextParams: JsonValue | undefined;
  messagesParams: JsonValue | undefined;
  contextFile?: string;
  messagesFile?: string;
}

/** Everything a session saw. */
export interface SessionRecord {
  argv: readonly string[];
  cwd: string;
  transport: Transport;
  contextForm: ContextForm;
  channel: Channel;
  includeStdio: boolean;
  context: JsonObject;
  bootstrap: GivenBootstrap;
  /** The first message-channel lines, in arrival order (at most `retainLimit` lines and `retainBytes` of text). */
  transcript: TranscriptLine[];
  transcriptCount: number;
  /**
   * The `opened` and `closed` lines that arrived after the transcript was cut (at most
   * {@link FRAMING_LINES_KEPT}): whether `closed` was written, and the exception it carries, do not
   * turn into "no closed" because a run was long, while the transcript stays a prefix.
   */
  framingPastBudget: TranscriptLine[];
  /** Lines that look like protocol messages on a stream that is not the channel. */
  strayProtocolLines: OutputLine[];
  output: { stdout: StreamOutput; stderr: StreamOutput };
  fileEvents: FileEvent[];
  /** Files the process left in its private TMPDIR (with `privateTmp`). */
  tmpFilesLeft?: string[];
  process: ProcessOutcome;
  dagster: DagsterVerdict;
  durationMs: number;
  /** How each message line was written, from strace (with `traceWrites`), or why it is not known. */
  writeTrace?: WriteTraceRecord;
  /** What the program created, from strace (with `traceFileCreation`), or why it is not known. */
  creationTrace?: CreationTraceRecord;
}

/**
 * Characters of an oversize line a record keeps. The line is not judged, so its head is all a
 * reader needs to recognise it; keeping the whole capped text (16 MiB by default) would let one
 * such line exhaust a record's byte budget and push the lines after it out of the record.
 */
export const OVERSIZE_TEXT_KEPT = 4096;

/** Framing messages (opened, closed) a record keeps past its retention budget. */
export const FRAMING_LINES_KEPT = 16;

/** Whether a parsed line is an `opened` or `closed` message. */
function isFramingMessage(parse: JsonParseResult | undefined): boolean {
  if (parse === undefined || !parse.ok || !isDict(parse.value)) return false;
  const method = parse.value.method;
  return method === "opened" || method === "closed";
}

/** The final drain may run this long past the session's timeout and grace (ms). */
const FINAL_DRAIN_MS = 5_000;

/** Defaults of `run` (declared in session-defaults.ts, light to load). */
export { SESSION_DEFAULTS } from "./session-defaults.js";

/** Selected asset keys as Dagster's step sees them (from the injected `asset_keys`). */
function selectedAssets(context: JsonObject): string[][] | null {
  const keys = context.asset_keys;
  if (!Array.isArray(keys)) return null;
  return keys.filter((key): key is string => typeof key === "string").map((key) => fromEscapedUserString(key));
}

/** A quick test that avoids parsing ordinary output lines. */
function mayBeProtocolLine(text: string): boolean {
  return text.includes(PIPES_VERSION_FIELD) && text.trimStart().startsWith("{");
}

/** Runs one session and resolves with its record. */
export async function runSession(options: SessionOptions): Promise<SessionRecord> {
  const transport = options.transport ?? "env";
  const contextForm = options.contextForm ?? "path";
  const channel = options.channel ?? "file";
  const includeStdio = channel === "file" && (options.includeStdio ?? false);
  const maxLineBytes = options.maxLineBytes ?? SESSION_DEFAULTS.maxLineBytes;
  const retainLimit = options.retainLimit ?? SESSION_DEFAULTS.retainLimit;
  const retention: RetentionLimits = { items: retainLimit, bytes: options.retainBytes ?? SESSION_DEFAULTS.retainBytes };
  const cwd = options.cwd ?? process.cwd();
  const started = performance.now();

  // Synchronous: a few microseconds of file system work, not worth a trip through the event loop
  // on every case's critical path.
  // Named after this tool process, so a later run can tell the directory of a run that was killed
  // (SIGKILL: nothing removed it) from a live run's.
  const workDir = tmp.dirSync({ template: workDirTemplate(), unsafeCleanup: true });
  try {
    const contextFile = join(workDir.name, "context");
    const messagesFile = join(workDir.name, "messages");
    writeFileSync(contextFile, serializePythonJson(options.context as JsonValue));
    // Dagster creates (truncates) the messages file before launch, whatever the channel.
    writeFileSync(messagesFile, "");
    let privateTmp: string | undefined;
    if (options.privateTmp) {
      privateTmp = join(workDir.name, "tmp");
      mkdirSync(privateTmp);
    }

    const overrides = options.bootstrap ?? {};
    const contextParams = overrides.contextParams ?? contextParamsFor(contextForm, contextFile, options.context as JsonValue);
    const messagesParams = overrides.messagesParams ?? messagesParamsFor(channel, messagesFile, includeStdio);
    const encoded: BootstrapValues = encodeParams(contextParams, messagesParams);
    if (overrides.encodeContext !== undefined) encoded.context = overrides.encodeContext(contextParams);
    if (overrides.contextValue !== undefined) encoded.context = overrides.contextValue;
    if (overrides.messagesValue !== undefined) encoded.messages = overrides.messagesValue;
    const carriers = bootstrapCarriers(transport, encoded);
    const userEnv = { ...(options.env ?? {}) };
    if (privateTmp !== undefined) Object.assign(userEnv, { TMPDIR: privateTmp, TMP: privateTmp, TEMP: privateTmp });
    const env = composeEnvironment(process.env, userEnv, carriers.env);

    const handler = new DagsterMessageHandler();
    const outputWindow = new OutputWindow();
    // The file channel's lines of the opened and closed Dagster handled, for the write trace.
    const sessionEdges: { openedLine?: number; closedLine?: number } = {};
    const verdicts = new StepVerdictBuilder({ selectedAssets: selectedAssets(options.context), checkSpecs: options.checkSpecs, retention });
    const stream = channelStream(channel);
    const launchArgv = [...options.argv, ...carriers.args];
    const writeTrace = options.traceWrites
      ? await prepareWriteTrace({ argv: launchArgv, env, cwd, workDir: workDir.name, channel: stream === null ? { kind: "file", path: messagesFile } : { kind: "stream", stream } })
      : undefined;
    const tracer = writeTrace !== undefined && "summarize" in writeTrace ? writeTrace : undefined;
    const creationTrace =
      options.traceFileCreation !== true ? undefined : options.traceWrites ? { available: false as const, reason: "not traced: the session traced its write calls instead" } : await prepareCreationTrace({ argv: launchArgv, env, cwd, workDir: workDir.name });
    const creationTracer = creationTrace !== undefined && "summarize" in creationTrace ? creationTrace : undefined;
    const reader = new ReaderEmulation(stream === null ? "file" : "stdio", handler);
    const transcript: TranscriptLine[] = [];
    const transcriptBudget = new RetentionBudget(retention);
    let transcriptCount = 0;
    const framingPastBudget: TranscriptLine[] = [];
    const strayProtocolLines: OutputLine[] = [];
    const strayBudget = new RetentionBudget(retention);
    const fileEvents: FileEvent[] = [];
    let seq = 0;
    let launchedAt = started;
    const emit = options.onEvent ?? (() => undefined);
    const relative = (atMs: number): number => atMs - launchedAt;

    const recordMessage = (line: SplitLine, lineChannel: TranscriptLine["channel"], parse: JsonParseResult | undefined, lostTo?: LostCause): TranscriptLine => {
      const wasOpened = handler.openedReceived;
      const wasClosed = handler.closedReceived;
      const verdict: LineVerdict =
        lostTo !== undefined ? { kind: "lost", cause: lostTo } : reader.consume({ invalidUtf8: line.invalidUtf8, oversize: line.oversize, parse }, line.lineNumber);
      if (!wasOpened && handler.openedReceived) {
        outputWindow.opened(eventLoopTurn(1));
        if (lineChannel === "file") sessionEdges.openedLine = line.lineNumber;
      }
      if (!wasClosed && handler.closedReceived) {
        outputWindow.closed();
        if (lineChannel === "file") sessionEdges.closedLine = line.lineNumber;
      }
      const protocol = lineChannel === "file" || verdict.kind !== "output";
      const entry: TranscriptLine = {
        seq: seq++,
        channel: lineChannel,
        lineNumber: line.lineNumber,
        byteOffset: line.byteOffset,
        text: line.oversize ? line.text.slice(0, OVERSIZE_TEXT_KEPT) : line.text,
        byteLength: line.byteLength,
        terminator: line.terminator,
        invalidUtf8: line.invalidUtf8,
        oversize: line.oversize,
        pieces: line.pieces,
        firstPieceMs: relative(line.firstPieceAtMs),
        arrivalMs: relative(line.completedAtMs),
        protocol,
        verdict,
      };
      if (parse !== undefined) entry.parse = parse;
      verdicts.record(verdict, { channel: lineChannel, lineNumber: line.lineNumber }, entry.text.length);
      transcriptCount++;
      if (transcriptBudget.admit(entry.text.length)) transcript.push(entry);
      else if (framingPastBudget.length < FRAMING_LINES_KEPT && isFramingMessage(parse)) framingPastBudget.push(entry);
      emit({ type: "message", line: entry });
      return entry;
    };

    const fileSplitter = new LineSplitter({
      newline: "universal",
      maxLineBytes,
      onLine: (line) => {
        const parse = line.invalidUtf8 || line.oversize ? undefined : parsePythonJson(line.text);
        recordMessage(line, "file", parse);
      },
    });

    // Before output is handled while the session is open, the messages file is read to its end, so
    // that a closed written before the output is handled before it; true when that could not be
    // made sure (output-window.ts).
    const closedMayBeUnread = (): boolean => stream === null && handler.openedReceived && !handler.closedReceived && (!tailer.readNow() || fileSplitter.holdsUnfinishedLine);

    const makeStreamReader = (name: "stdout" | "stderr") => {
      const capture = new CappedCapture(options.outputCapBytes ?? SESSION_DEFAULTS.outputCapBytes);
      let lines = 0;
      // The lines this chunk completes may have been printed after a closed not read yet.
      let chunkUncertain = false;
      const isChannel = stream === name;
      const splitter = new LineSplitter({
        newline: "lf",
        maxLineBytes,
        onLine: (line) => {
          const output: OutputLine = { stream: name, lineNumber: line.lineNumber, text: line.text, atMs: relative(line.completedAtMs) };
          if (isChannel && line.oversize && mayBeProtocolLine(line.text)) {
            recordMessage(line, name, undefined);
            return;
          }
          if (isChannel && !line.invalidUtf8 && !line.oversize && line.text.trimStart().startsWith("{")) {
            const parse = parsePythonJson(line.text);
            // A JSON object without the version field is output for Dagster: it is shown as output too.
            if (parse.ok && isDict(parse.value) && recordMessage(line, name, parse).protocol) return;
          } else if (!isChannel && mayBeProtocolLine(line.text)) {
            const parse = parsePythonJson(line.text);
            if (parse.ok && isDict(parse.value) && hasKey(parse.value, PIPES_VERSION_FIELD) && strayBudget.admit(line.text.length)) strayProtocolLines.push(output);
          }
          lines++;
          outputWindow.line(name, eventLoopTurn(), chunkUncertain);
          emit({ type: "output", line: output });
        },
      });
      return {
        push: (chunk: Buffer, atMs: number) => {
          chunkUncertain = closedMayBeUnread();
          capture.push(chunk);
          splitter.push(chunk, atMs);
        },
        end: (atMs: number) => {
          chunkUncertain = closedMayBeUnread();
          splitter.end(atMs);
        },
        result: (): StreamOutput => {
          const counts = outputWindow.result(name);
          return { ...capture.snapshot(), lines, linesWhileOpen: counts.whileOpen, linesAtSessionEdges: counts.atEdges };
        },
      };
    };
    const stdout = makeStreamReader("stdout");
    const stderr = makeStreamReader("stderr");

    // What Dagster's reader never reads: below its position after a truncation, or in a file that
    // replaced the messages file at its path. Shown as lost, each in its own line sequence.
    const lostSplitter = (cause: LostCause): LineSplitter =>
      new LineSplitter({ newline: "universal", maxLineBytes, onLine: (line) => recordMessage(line, "file", undefined, cause) });
    const lostSplitters = { truncated: lostSplitter("file-truncated"), replaced: lostSplitter("file-replaced") };
    const tailer = new FileTailer({
      path: messagesFile,
      onChunk: (chunk, atMs) => fileSplitter.push(chunk, atMs),
      onLostChunk: (chunk, atMs, cause) => lostSplitters[cause].push(chunk, atMs),
      onEvent: (event) => {
        const relativeEvent = { ...event, atMs: relative(event.atMs) };
        if (fileEvents.length < retainLimit) fileEvents.push(relativeEvent);
        emit({ type: "file-event", event: relativeEvent });
      },
    });
    tailer.start();

    let outcome: ProcessOutcome;
    try {
      outcome = await launchProcess({
        argv: tracer?.argv ?? creationTracer?.argv ?? launchArgv,
        env,
        cwd,
        timeoutMs: options.timeoutMs ?? SESSION_DEFAULTS.timeoutMs,
        killGraceMs: options.killGraceMs ?? SESSION_DEFAULTS.killGraceMs,
        orphanGraceMs: options.orphanGraceMs ?? SESSION_DEFAULTS.orphanGraceMs,
        onStdout: stdout.push,
        onStderr: stderr.push,
        onSpawn: (pid) => {
          launchedAt = performance.now();
          tracer?.onSpawn(pid);
          emit({ type: "launched", pid, atMs: 0 });
        },
        signal: options.signal,
      });
    } finally {
      // The final drain: whatever reached the file before the process ended is read now, within
      // the time the session was given (a huge or sparse file must not hold the harness).
      await tailer.stop(started + (options.timeoutMs ?? SESSION_DEFAULTS.timeoutMs) + (options.killGraceMs ?? SESSION_DEFAULTS.killGraceMs) + FINAL_DRAIN_MS);
    }
    const endAt = performance.now();
    fileSplitter.end(endAt);
    lostSplitters.truncated.end(endAt);
    lostSplitters.replaced.end(endAt);
    stdout.end(endAt);
    stderr.end(endAt);
    emit({ type: "exited", process: outcome });

    const dagster = verdicts.finish({
      exitCode: outcome.exitCode,
      signal: outcome.signal,
      timedOut: outcome.timedOut,
      spawnError: outcome.spawnError?.message,
    });
    const record: SessionRecord = {
      argv: options.argv,
      cwd,
      transport,
      contextForm,
      channel,
      includeStdio,
      context: options.context,
      bootstrap: {
        env: carriers.env,
        args: carriers.args,
        contextParams: overrides.contextValue !== undefined ? undefined : contextParams,
        messagesParams: overrides.messagesValue !== undefined ? undefined : messagesParams,
        contextFile: contextForm === "path" ? contextFile : undefined,
        messagesFile: channel === "file" ? messagesFile : undefined,
      },
      transcript,
      transcriptCount,
      framingPastBudget,
      strayProtocolLines,
      output: { stdout: stdout.result(), stderr: stderr.result() },
      fileEvents,
      process: outcome,
      dagster,
      durationMs: performance.now() - started,
    };
    if (privateTmp !== undefined) record.tmpFilesLeft = filesLeftIn(privateTmp);
    if (tracer !== undefined) {
      record.writeTrace = await tracer.summarize({
        transcript,
        complete: transcript.length === transcriptCount,
        fileDisturbed: fileEvents.some((event) => event.kind === "truncated" || event.kind === "replaced" || event.kind === "deleted"),
        streamBytes: { stdout: record.output.stdout.totalBytes, stderr: record.output.stderr.totalBytes },
        launchEpochMs: performance.timeOrigin + launchedAt,
        pid: outcome.pid,
        sessionEdges,
      });
    } else if (writeTrace !== undefined && "reason" in writeTrace) record.writeTrace = writeTrace;
    if (creationTracer !== undefined) record.creationTrace = await creationTracer.summarize(outcome.pid);
    else if (creationTrace !== undefined && "reason" in creationTrace) record.creationTrace = creationTrace;
    return record;
  } finally {
    // The target was given paths inside this directory and may have removed it (or part of it)
    // itself: removal must not turn the session into a harness error. Removed off the main thread
    // (a synchronous recursive removal was ≈ 0.5 ms of it per case, see README "Performance"),
    // still before the session resolves; then the temp library forgets it (nothing left to remove).
    try {
      await rm(workDir.name, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      rmSync(workDir.name, { recursive: true, force: true });
    }
    try {
      workDir.removeCallback();
    } catch {
      // Already gone: only its entry in the exit-time clean-up list mattered.
    }
  }
}

/** What is left in a directory; nothing when the target removed the directory itself. */
function filesLeftIn(directory: string): string[] {
  try {
    return readdirSync(directory);
  } catch {
    return [];
  }
}

/** Encodes params as Dagster does; re-exported for cases that build their own bootstrap values. */
export { encodeBootstrapValue };
