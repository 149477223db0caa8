/**
 * What Dagster's message readers do with each line, and what a raise costs on each channel
 * (docs/PROTOCOL.md#reader-death-file-channel, docs/PROTOCOL.md#reader-stdio-skips):
 * - the FILE reader (`PipesFileMessageReader`, the default of `PipesSubprocessClient`) calls
 *   `json.loads` then `handle_message` on every line; the first line that raises (invalid UTF-8, a
 *   blank or half line, invalid JSON, a message the handler refuses) kills its thread, and every
 *   later line is lost;
 * - the STDIO readers (`extract_message_or_forward_to_stdout`) handle a line only when it parses
 *   as a JSON object with `__dagster_pipes_version`; any other line is the program's own output,
 *   and a message whose handling raises is printed as text and skipped: lost alone.
 */
import { DagsterMessageHandler, type HandleResult } from "./message-handler.js";
import { hasKey, isDict } from "./python-types.js";
import { DAGSTER_SOURCES, type DagsterRejection } from "./rejection.js";
import type { JsonParseResult } from "../json/parse-python-json.js";

/** The field whose presence marks a protocol line on stdio channels. */
export const PIPES_VERSION_FIELD = "__dagster_pipes_version";

/** Why a line never reached Dagster's handler. */
export type LostCause = "reader-dead" | "file-truncated" | "file-replaced";

/** Which of Dagster's readers is emulated. */
export type ReaderKind = "file" | "stdio";

/** A line as the reader receives it. */
export interface ReaderLine {
  invalidUtf8: boolean;
  oversize: boolean;
  /** The line parsed as Python would (absent for invalid UTF-8 and oversize lines). */
  parse?: JsonParseResult;
}

/** What became of one line. */
export type LineVerdict =
  /** Handled by Dagster: accepted. */
  | { kind: "accepted"; result: Extract<HandleResult, { accepted: true }> }
  /** Raised in Dagster: on the file channel the reader dies here (`fatal`), on stdio the message is skipped. */
  | { kind: "rejected"; rejection: DagsterRejection; fatal: boolean; afterClosed: boolean }
  /** Never read: the file reader had died on an earlier line (`deathLine`), or the target truncated or replaced the file under it. */
  | { kind: "lost"; cause: LostCause; deathLine?: number }
  /** Stdio only: not a protocol line (the program's own output). `looksLikeMessage`: an object with a method but no version field. */
  | { kind: "output"; looksLikeMessage: boolean }
  /** Longer than the harness's line cap: kept as a head only, so not judged. */
  | { kind: "oversize" };

const FILE_READER_RULE = `${DAGSTER_SOURCES.utils} PipesFileMessageReader._reader_thread`;

/** One reader of one channel, fed lines in arrival order. */
export class ReaderEmulation {
  /** Line number (in this channel) at which the file reader died, if it did. */
  deathLine: number | undefined;
  /** Why it died. */
  deathRejection: DagsterRejection | undefined;

  constructor(
    readonly kind: ReaderKind,
    readonly handler: DagsterMessageHandler,
  ) {}

  /** True once the file reader has died: later lines are lost. */
  get dead(): boolean {
    return this.deathLine !== undefined;
  }

  /** Feeds the next line (numbered within its channel). */
  consume(line: ReaderLine, lineNumber: number): LineVerdict {
    if (this.deathLine !== undefined) return { kind: "lost", cause: "reader-dead", deathLine: this.deathLine };
    if (line.oversize) return { kind: "oversize" };
    return this.kind === "file" ? this.consumeFileLine(line, lineNumber) : this.consumeStdioLine(line);
  }

  private consumeFileLine(line: ReaderLine, lineNumber: number): LineVerdict {
    if (line.invalidUtf8) {
      return this.die(lineNumber, {
        code: "E_INVALID_UTF8",
        pointer: "",
        message: "the line is not valid UTF-8; Dagster's text-mode reader raises on it",
        pythonError: "UnicodeDecodeError: 'utf-8' codec can't decode byte",
        rule: FILE_READER_RULE,
      }, false);
    }
    const parse = line.parse!;
    if (!parse.ok) {
      return this.die(lineNumber, {
        code: "E_JSON_SYNTAX",
        pointer: "",
        message: `not a JSON document: ${parse.error.message}`,
        pythonError: `json.decoder.JSONDecodeError: ${parse.error.message}`,
        rule: FILE_READER_RULE,
      }, false);
    }
    const result = this.handler.handle(parse.value);
    if (result.accepted) return { kind: "accepted", result };
    return this.die(lineNumber, result.rejection, result.afterClosed);
  }

  private consumeStdioLine(line: ReaderLine): LineVerdict {
    const parse = line.parse;
    if (line.invalidUtf8 || parse === undefined || !parse.ok || !isDict(parse.value)) return { kind: "output", looksLikeMessage: false };
    if (!hasKey(parse.value, PIPES_VERSION_FIELD)) return { kind: "output", looksLikeMessage: hasKey(parse.value, "method") };
    const result = this.handler.handle(parse.value);
    if (result.accepted) return { kind: "accepted", result };
    return { kind: "rejected", rejection: result.rejection, fatal: false, afterClosed: result.afterClosed };
  }

  private die(lineNumber: number, rejection: DagsterRejection, afterClosed: boolean): LineVerdict {
    this.deathLine = lineNumber;
    this.deathRejection = rejection;
    return { kind: "rejected", rejection, fatal: true, afterClosed };
  }
}
