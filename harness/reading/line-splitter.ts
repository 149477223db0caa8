/**
 * Reassembles lines from byte chunks cut at arbitrary boundaries.
 *
 * A line is judged only once it is complete (or the stream has ended), so no message is ever
 * misread because of how the bytes were chunked; how many reads a line took is recorded, because a
 * reader that polls like Dagster's could have caught the first piece alone. Lines are decoded as
 * strict UTF-8 (Dagster's readers raise on an invalid byte; Node would replace it silently), and a
 * line longer than the cap is counted rather than held, so a hostile target cannot exhaust memory.
 */
import { isUtf8 } from "node:buffer";

/** Which bytes end a line: Python's universal newlines (text-mode files) or `\n` only. */
export type NewlineMode = "universal" | "lf";

/** One complete (or final partial) line. */
export interface SplitLine {
  /** The text without its terminator; lossy (U+FFFD) when `invalidUtf8`, the head only when `oversize`. */
  text: string;
  /** Length in bytes, terminator excluded (the full length, also when oversize). */
  byteLength: number;
  /** What ended the line; `""` when the stream ended first (a partial last line). */
  terminator: "\n" | "\r\n" | "\r" | "";
  /** The bytes were not valid UTF-8. */
  invalidUtf8: boolean;
  /** The line exceeded the cap: only its first `maxLineBytes` bytes were kept. */
  oversize: boolean;
  /** How many reads delivered bytes of this line (more than one: it arrived in pieces). */
  pieces: number;
  /** 1-based line number in the stream. */
  lineNumber: number;
  /** Offset of the line's first byte in the stream. */
  byteOffset: number;
  /** Arrival time of the first and of the last piece (caller's clock, ms). */
  firstPieceAtMs: number;
  completedAtMs: number;
}

/** Options of a {@link LineSplitter}. */
export interface LineSplitterOptions {
  newline: NewlineMode;
  /** Bytes of one line kept at most; the rest is counted and dropped. */
  maxLineBytes: number;
  onLine: (line: SplitLine) => void;
}

const LF = 10;
const CR = 13;

/** Splits a byte stream into lines; feed it with {@link push}, finish with {@link end}. */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes of the current line seen so far, kept or not. */
  private lineBytes = 0;
  private pieces = 0;
  private firstPieceAtMs = 0;
  private lineNumber = 0;
  private streamOffset = 0;
  private lineStartOffset = 0;
  /** A `\r` ended the previous chunk: a `\n` at the start of the next one belongs to it. */
  private pendingCarriageReturn = false;
  private ended = false;

  constructor(private readonly options: LineSplitterOptions) {}

  /** Feeds one chunk as it arrived at `atMs`. The chunk may be reused by the caller afterwards. */
  push(chunk: Uint8Array, atMs: number): void {
    if (this.ended || chunk.length === 0) return;
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    if (this.pendingCarriageReturn) {
      this.pendingCarriageReturn = false;
      const crlf = buffer[0] === LF;
      if (crlf) {
        this.advance(1);
        start = 1;
      }
      this.emit(crlf ? "\r\n" : "\r", atMs);
    }
    // The next \r of the chunk, searched once and again only when passed: searching from every
    // line's start to the end of a chunk without one would scan the chunk once per line.
    let nextCr = this.options.newline === "universal" ? -2 : -1;
    while (start < buffer.length) {
      let end = buffer.indexOf(LF, start);
      if (nextCr !== -1 && nextCr < start) nextCr = buffer.indexOf(CR, start);
      if (nextCr !== -1) {
        const cr = nextCr;
        if (cr !== -1 && (end === -1 || cr < end)) {
          if (cr + 1 === buffer.length) {
            // Whether a \n follows is known only with the next chunk.
            this.append(buffer, start, cr, atMs);
            this.pendingCarriageReturn = true;
            this.advance(1);
            return;
          }
          const crlf = buffer[cr + 1] === LF;
          this.finish(buffer, start, cr, crlf ? "\r\n" : "\r", atMs);
          start = cr + (crlf ? 2 : 1);
          continue;
        }
      }
      if (end === -1) {
        this.append(buffer, start, buffer.length, atMs);
        return;
      }
      this.finish(buffer, start, end, "\n", atMs);
      start = end + 1;
    }
  }

  /** Ends the stream: a pending partial line is delivered with an empty terminator. */
  end(atMs: number): void {
    if (this.ended) return;
    if (this.pendingCarriageReturn) {
      this.pendingCarriageReturn = false;
      this.emit("\r", atMs);
    }
    if (this.pieces > 0) this.emit("", atMs);
    this.ended = true;
  }

  /** A line has begun and is not delivered yet (no terminator seen, or a `\r` that a `\n` may follow). */
  get holdsUnfinishedLine(): boolean {
    return this.pieces > 0 || this.pendingCarriageReturn;
  }

  /** Bytes of an unfinished line held right now (for memory accounting). */
  get heldBytes(): number {
    return this.pendingBytes;
  }

  private advance(terminatorBytes: number): void {
    this.streamOffset += terminatorBytes;
  }

  private append(buffer: Buffer, start: number, end: number, atMs: number): void {
    if (end <= start && this.pieces > 0) return;
    if (this.pieces === 0) {
      this.firstPieceAtMs = atMs;
      this.lineStartOffset = this.streamOffset;
    }
    if (end > start || this.pieces === 0) this.pieces++;
    const length = end - start;
    this.lineBytes += length;
    this.streamOffset += length;
    const room = this.options.maxLineBytes - this.pendingBytes;
    if (room > 0 && length > 0) {
      const kept = Math.min(room, length);
      // Copy: the caller may reuse its read buffer for the next chunk.
      this.pending.push(Buffer.from(buffer.subarray(start, start + kept)));
      this.pendingBytes += kept;
    }
  }

  /**
   * Completes the current line with `buffer[start, end)` and its terminator. A line that lies
   * whole in one chunk (nearly every line) is decoded straight from the chunk, without a copy.
   */
  private finish(buffer: Buffer, start: number, end: number, terminator: "\n" | "\r\n" | "\r", atMs: number): void {
    const length = end - start;
    if (this.pieces > 0 || length > this.options.maxLineBytes) {
      this.append(buffer, start, end, atMs);
      this.advance(terminator.length);
      this.emit(terminator, atMs);
      return;
    }
    const bytes = buffer.subarray(start, end);
    const text = bytes.toString("utf8");
    const line: SplitLine = {
      text,
      byteLength: length,
      terminator,
      // A replacement character either was written (valid) or stands for an invalid byte.
      invalidUtf8: text.includes("\uFFFD") && !isUtf8(bytes),
      oversize: false,
      pieces: 1,
      lineNumber: ++this.lineNumber,
      byteOffset: this.streamOffset,
      firstPieceAtMs: atMs,
      completedAtMs: atMs,
    };
    this.streamOffset += length + terminator.length;
    this.options.onLine(line);
  }

  private emit(terminator: SplitLine["terminator"], atMs: number): void {
    if (this.pieces === 0) {
      // An empty line: no bytes, just its terminator.
      this.firstPieceAtMs = atMs;
      this.lineStartOffset = this.streamOffset - terminator.length;
      this.pieces = 1;
    }
    const bytes = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    const oversize = this.lineBytes > this.options.maxLineBytes;
    const valid = oversize ? isUtf8(trimIncompleteTail(bytes)) : isUtf8(bytes);
    const line: SplitLine = {
      text: bytes.toString("utf8"),
      byteLength: this.lineBytes,
      terminator,
      invalidUtf8: !valid,
      oversize,
      pieces: this.pieces,
      lineNumber: ++this.lineNumber,
      byteOffset: this.lineStartOffset,
      firstPieceAtMs: this.firstPieceAtMs,
      completedAtMs: atMs,
    };
    this.pending = [];
    this.pendingBytes = 0;
    this.lineBytes = 0;
    this.pieces = 0;
    this.options.onLine(line);
  }
}

/** A head cut at the cap may end inside a multi-byte character: that is not an invalid byte. */
function trimIncompleteTail(bytes: Buffer): Buffer {
  let cut = bytes.length;
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    if (byte >= 0xc0) cut = bytes.length - back;
    break;
  }
  return bytes.subarray(0, cut);
}
