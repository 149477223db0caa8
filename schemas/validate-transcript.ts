/**
 * Offline validation of a saved transcript, the engine of `pipes-conformance validate FILE`.
 *
 * A messages file (the default) is read as Dagster's file reader reads it: universal newlines,
 * every line a protocol message, so a blank line, invalid JSON or invalid UTF-8 is a framing
 * failure (the reader would die there), and a line without the version key is a reference-level
 * deviation. A captured stream (`stream: true`) is read as Dagster's stdio readers read it: lines
 * end at `\n`, a line is a message only when it parses as an object with `__dagster_pipes_version`,
 * and every other line is the program's own output (an object with a Pipes method and params but
 * no version is a message Dagster would print as text: lost).
 *
 * The file is read in chunks, line by line (never whole in memory); problems are collected with
 * their 1-based line numbers and can also be handed to `onProblem` as they are found. Reading
 * stops between two chunks when `signal` is aborted (the promise rejects with an
 * {@link TranscriptInterrupted}). A FIFO is read as it is written (it ends when its writer closes
 * it) and stays interruptible while nobody writes; a file that may never end (a character device
 * such as /dev/zero, a block device, a socket) is refused with a {@link TranscriptNotAFile}.
 */
import { constants, openSync } from "node:fs";
import { open, stat } from "node:fs/promises";
import { Socket } from "node:net";
import { parsePythonJson } from "../harness/json/parse-python-json.js";
import { LineSplitter, type SplitLine } from "../harness/reading/line-splitter.js";
import { hasKey, isDict } from "../harness/dagster/python-types.js";
import { PIPES_METHODS } from "../harness/dagster/message-handler.js";
import type { JsonObject } from "../harness/json/number-lexemes.js";
import { breaksLevel, PROBLEM_CODES, type Problem, type ProblemCode, type ProblemLevel } from "./problem-codes.js";
import { createValidator, type PipesValidator, type ValidationLevel } from "./validator.js";
import { VERSION_FIELD } from "./version-checks.js";

/** A problem of a transcript: where (line and pointer into that line's message), why, how bad. */
export interface TranscriptProblem {
  /** 1-based line number in the file. */
  line: number;
  /** RFC 6901 pointer into the line's message; `""` for the whole line. */
  pointer: string;
  /** Stable reason code (see `problem-codes.ts`). */
  code: string;
  /** One sentence, without the pointer. */
  message: string;
  /** The level the problem breaks; `info` never fails. */
  level: ProblemLevel;
  /** The Dagster rule (or reference fact) behind the problem. */
  rule?: string;
}

/** Options of {@link validateTranscript}. */
export interface TranscriptOptions {
  /** The level to judge at (the CLI's default is `dagster`). */
  level: ValidationLevel;
  /** The file is captured stdout/stderr rather than a messages file. */
  stream: boolean;
  /** A validator to reuse (one is created otherwise). */
  validator?: PipesValidator;
  /** Longest line judged, in bytes; longer lines are reported as not judged. Default 64 MiB. */
  maxLineBytes?: number;
  /** Called with each problem as soon as it is found (e.g. to print while reading). */
  onProblem?: (problem: TranscriptProblem) => void;
  /** Keep the problems in the result (default true); false keeps memory flat on huge files. */
  retain?: boolean;
  /**
   * Report (to `onProblem` and in `problems`) at most this many problems of each code; the rest
   * are only counted (`counts.unreportedByCode`). Default: all.
   */
  maxProblemsPerCode?: number;
  /** Stops the reading between two chunks. */
  signal?: AbortSignal;
}

/** The transcript is not a file that ends: a device or a socket. */
export class TranscriptNotAFile extends Error {
  override readonly name = "TranscriptNotAFile";
  constructor(
    readonly path: string,
    readonly kind: string,
  ) {
    super(`${path} is ${kind}, not a transcript file (it may never end)`);
  }
}

/** The reading was stopped by the caller's signal; what was read so far is in `partial`. */
export class TranscriptInterrupted extends Error {
  override readonly name = "TranscriptInterrupted";
  constructor(readonly partial: TranscriptValidation) {
    super(`interrupted after ${partial.counts.lines} line(s)`);
  }
}

/** The outcome of validating one transcript. */
export interface TranscriptValidation {
  /** Every problem found, in line order. */
  problems: TranscriptProblem[];
  counts: {
    /** Lines read (a final line without a newline included). */
    lines: number;
    /** Lines judged as protocol messages (parsed as JSON in a messages file; meant as messages on a stream). */
    protocolMessages: number;
    /** Lines that are the program's own output (stream mode only). */
    outputLines: number;
    /** Problems per level (every problem, reported or not). */
    problemsByLevel: Record<ProblemLevel, number>;
    /** Problems beyond `maxProblemsPerCode`, per code: counted, not reported. */
    unreportedByCode: Record<string, number>;
  };
  /** 1 if any line breaks the chosen level, else 4 if no protocol message was found, else 0. */
  exitCode: 0 | 1 | 4;
}

/** Default cap on the bytes of one judged line. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

const BLANK = /^[ \t]*$/;

/**
 * An object without the version key that is still meant as a Pipes message: a known method and
 * params (a program's own JSON logs often have a "method", e.g. HTTP access logs, but not these).
 */
function looksLikeMessage(value: JsonObject): boolean {
  return typeof value.method === "string" && (PIPES_METHODS as readonly string[]).includes(value.method) && hasKey(value, "params");
}

function framingProblem(line: number, code: ProblemCode, message: string): TranscriptProblem {
  const info = PROBLEM_CODES[code];
  return { line, pointer: "", code, message, level: info.level, rule: info.rule };
}

/**
 * Validates the transcript at `path` (read as a stream). Rejects when the file cannot be read.
 */
export async function validateTranscript(path: string, options: TranscriptOptions): Promise<TranscriptValidation> {
  const validator = options.validator ?? createValidator();
  const problems: TranscriptProblem[] = [];
  const byLevel: Record<ProblemLevel, number> = { dagster: 0, reference: 0, info: 0 };
  let protocolMessages = 0;
  let outputLines = 0;
  let lines = 0;
  let fails = false;
  const perCode = new Map<string, number>();
  const unreportedByCode: Record<string, number> = {};
  const maxPerCode = options.maxProblemsPerCode ?? Number.POSITIVE_INFINITY;
  const report = (problem: TranscriptProblem): void => {
    // As the validator does: the dagster level reports dagster-level and info problems only.
    if (problem.level === "reference" && options.level === "dagster") return;
    byLevel[problem.level]++;
    if (breaksLevel(problem.level, options.level)) fails = true;
    const seen = (perCode.get(problem.code) ?? 0) + 1;
    perCode.set(problem.code, seen);
    if (seen > maxPerCode) {
      unreportedByCode[problem.code] = (unreportedByCode[problem.code] ?? 0) + 1;
      return;
    }
    if (options.retain !== false) problems.push(problem);
    options.onProblem?.(problem);
  };
  const reportAll = (line: number, found: Problem[]): void => {
    for (const problem of found) {
      report({ line, pointer: problem.pointer, code: problem.code, message: problem.message, level: problem.level, ...(problem.rule === undefined ? {} : { rule: problem.rule }) });
    }
  };
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;

  const onMessagesLine = (line: SplitLine): void => {
    const number = line.lineNumber;
    if (line.oversize) {
      protocolMessages++;
      report(framingProblem(number, "I_LINE_TOO_LONG", `line of ${line.byteLength} bytes is longer than the validator's cap (${maxLineBytes} bytes): not judged`));
    } else if (line.invalidUtf8) {
      report(framingProblem(number, "E_INVALID_UTF8", "the line is not valid UTF-8; Dagster's text-mode reader raises on it and loses every later message"));
    } else if (BLANK.test(line.text)) {
      report(framingProblem(number, "E_BLANK_LINE", "blank line; Dagster's file reader raises on it and loses every later message"));
    } else {
      const parsed = parsePythonJson(line.text);
      if (!parsed.ok) {
        report(framingProblem(number, parsed.error.code, `not JSON as Python reads it (${parsed.error.message}); Dagster's file reader dies here`));
      } else {
        protocolMessages++;
        reportAll(number, validator.validateMessage(parsed.value, { level: options.level, channel: "file" }));
      }
    }
    if (line.terminator === "") reportFinalNewline(number);
  };

  const onStreamLine = (line: SplitLine): void => {
    const number = line.lineNumber;
    if (line.oversize) {
      report(framingProblem(number, "I_LINE_TOO_LONG", `line of ${line.byteLength} bytes is longer than the validator's cap (${maxLineBytes} bytes): not judged`));
      return;
    }
    const parsed = line.invalidUtf8 ? undefined : parsePythonJson(line.text);
    if (parsed !== undefined && parsed.ok && isDict(parsed.value) && (hasKey(parsed.value, VERSION_FIELD) || looksLikeMessage(parsed.value))) {
      protocolMessages++;
      reportAll(number, validator.validateMessage(parsed.value, { level: options.level, channel: "stdio" }));
      if (line.terminator === "") reportFinalNewline(number);
      return;
    }
    if (parsed !== undefined && !parsed.ok && line.text.includes(`"${VERSION_FIELD}"`)) {
      // Meant as a message, but Dagster cannot parse it: printed as text, the message is lost.
      protocolMessages++;
      report(framingProblem(number, parsed.error.code, `a message Python cannot parse (${parsed.error.message}); Dagster prints it as text and loses it`));
      return;
    }
    outputLines++;
    report(framingProblem(number, "I_PROGRAM_OUTPUT", "program output, not a protocol message"));
  };

  const reportFinalNewline = (number: number): void => {
    report(framingProblem(number, "W_NO_FINAL_NEWLINE", 'the last line has no final newline; the reference ends every message with "\\n"'));
  };

  const splitter = new LineSplitter({
    newline: options.stream ? "lf" : "universal",
    maxLineBytes,
    onLine: (line) => {
      lines++;
      if (options.stream) onStreamLine(line);
      else onMessagesLine(line);
    },
  });
  const outcome = (): TranscriptValidation => ({
    problems,
    counts: { lines, protocolMessages, outputLines, problemsByLevel: byLevel, unreportedByCode },
    exitCode: fails ? 1 : protocolMessages === 0 ? 4 : 0,
  });
  const signal = options.signal;
  for await (const chunk of readChunks(path, signal)) {
    splitter.push(chunk, 0);
    if (signal?.aborted) break;
  }
  if (signal?.aborted) throw new TranscriptInterrupted(outcome());
  splitter.end(0);
  return outcome();
}

/** Bytes read from a regular file at a time: small enough to look at the signal often. */
const CHUNK_BYTES = 256 * 1024;

/** The chunks of a file or FIFO, until its end or the signal; refuses what may never end. */
async function* readChunks(path: string, signal: AbortSignal | undefined): AsyncGenerator<Buffer> {
  const info = await stat(path);
  if (info.isFIFO()) {
    yield* readFifo(path, signal);
    return;
  }
  const kind = info.isCharacterDevice() ? "a character device" : info.isBlockDevice() ? "a block device" : info.isSocket() ? "a socket" : undefined;
  if (kind !== undefined) throw new TranscriptNotAFile(path, kind);
  const handle = await open(path, "r");
  try {
    for (;;) {
      if (signal?.aborted) return;
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/**
 * A FIFO, read through the event loop: opened without blocking (a blocking open would hold a
 * thread, and the process, until a writer comes), it ends when its writer closes it, and the
 * signal ends the wait at any time, also while nobody writes.
 */
async function* readFifo(path: string, signal: AbortSignal | undefined): AsyncGenerator<Buffer> {
  if (signal?.aborted) return;
  const socket = new Socket({ fd: openSync(path, constants.O_RDONLY | constants.O_NONBLOCK), readable: true, writable: false });
  const onAbort = (): void => {
    socket.destroy();
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    for await (const chunk of socket) yield chunk as Buffer;
  } catch (error) {
    if (!signal?.aborted) throw error;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    socket.destroy();
  }
}

/**
 * One problem as the CLI prints it: `FILE:LINE: POINTER: message [CODE]` (the pointer part is
 * left out when the problem concerns the whole line).
 */
export function formatProblem(file: string, problem: TranscriptProblem): string {
  const pointer = problem.pointer === "" ? "" : `${problem.pointer}: `;
  return `${file}:${problem.line}: ${pointer}${problem.message} [${problem.code}]`;
}
