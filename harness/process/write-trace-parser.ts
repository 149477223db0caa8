/**
 * Reads the text strace writes with `-f -ttt -y -s 0` while tracing write-like system calls:
 * which process wrote how many bytes to which file descriptor (and what it referred to), when,
 * and how each traced process ended. Only the numbers are logged (`-s 0`), never the data.
 *
 * The lines it understands, each prefixed by the pid and an epoch timestamp:
 *
 *     write(3</tmp/x/messages>, ""..., 7) = 7
 *     writev(1<socket:[1234]>, [...], 2) = 8
 *     pwrite64(3</tmp/x/messages>, ""..., 2, 40) = 2
 *     write(3</tmp/x/messages>, ""..., 6 <unfinished ...>     (another process ran meanwhile)
 *     <... write resumed>) = 6
 *     +++ exited with 0 +++
 *     +++ killed by SIGSEGV (core dumped) +++
 *
 * Anything else (signal lines, a line cut short when strace was killed) is counted, not trusted.
 */
import { StraceLineReader } from "./strace-lines.js";

/** One completed write-like call. */
export interface TracedWrite {
  pid: number;
  /** When the call returned (seconds since the epoch, strace `-ttt`). */
  atSec: number;
  /** When it was entered: the time of its first trace line (`atSec` unless another process split it). */
  startedAtSec: number;
  syscall: string;
  fd: number;
  /** What the descriptor referred to (`-y`: a path, `socket:[N]`, `pipe:[N]`), unescaped; undefined when strace did not say. */
  target: string | undefined;
  /** Bytes written: the return value, 0 for a failed call. */
  bytes: number;
  /** The result was not known (the process died inside the call); `bytes` is then 0. */
  unknownResult: boolean;
  /** The explicit file offset of a positioned write (the pwrite family); absent: at the descriptor's position. */
  offset?: number;
}

/** How a traced process ended. */
export interface TracedExit {
  pid: number;
  atSec: number;
  exitCode: number | null;
  signal: string | null;
}

/** Everything read from a trace. */
export interface ParsedWriteTrace {
  writes: TracedWrite[];
  exits: TracedExit[];
  /** Lines that were not understood (a truncated last line, a format this parser does not know). */
  unparsedLines: number;
  /** Calls still unfinished when the trace ended. */
  unfinishedCalls: number;
}

/** What the calls of one descriptor are kept for; the rest are counted only. */
export type WriteFilter = (write: TracedWrite) => boolean;

/** A write call's arguments: the descriptor, what it refers to (`-y`), and the rest. */
const DESCRIPTOR = /^(\d+)(?:<(.*?)>)?(.*)$/;
const RESULT = /\)\s+=\s+(-?\d+|\?)(?:\s.*)?$/;
const EXITED = /^\+\+\+ exited with (\d+) \+\+\+$/;
const KILLED = /^\+\+\+ killed by (SIG[A-Z0-9+]+)(?: \(core dumped\))? \+\+\+$/;

/** Undoes strace's quoting of a path (`\76` for `>`, `\x..`, `\n`, `\\`), decoding the bytes as UTF-8. */
export function unescapeStracePath(text: string): string {
  if (!text.includes("\\")) return text;
  const bytes: number[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, v: 11, f: 12, "\\": 92, '"': 34, "'": 39 };
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (char !== "\\" || index + 1 >= text.length) {
      bytes.push(...Buffer.from(char, "utf8"));
      continue;
    }
    const next = text[index + 1]!;
    const octal = /^[0-7]{1,3}/.exec(text.slice(index + 1, index + 4));
    const hex = /^x([0-9a-fA-F]{2})/.exec(text.slice(index + 1, index + 4));
    if (octal !== null) {
      bytes.push(parseInt(octal[0], 8) & 0xff);
      index += octal[0].length;
    } else if (hex !== null) {
      bytes.push(parseInt(hex[1]!, 16));
      index += 3;
    } else if (next in simple) {
      bytes.push(simple[next]!);
      index += 1;
    } else {
      bytes.push(92);
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** The explicit offset of a positioned write, from the arguments after the descriptor. */
function explicitOffset(syscall: string, args: string): number | undefined {
  const parts = args.replace(/\)\s*$/, "").split(", ").map((part) => part.trim());
  let candidate: string | undefined;
  if (syscall === "pwrite64" || syscall === "pwrite" || syscall === "pwritev") candidate = parts[parts.length - 1];
  else if (syscall === "pwritev2") {
    // pwritev2(fd, iov, iovcnt, offset, flags): offset -1 or RWF_APPEND write at the position/end.
    if (parts[parts.length - 1]?.includes("RWF_APPEND")) return undefined;
    candidate = parts[parts.length - 2];
  } else return undefined;
  if (candidate === undefined || !/^\d+$/.test(candidate)) return undefined;
  return Number(candidate);
}

/** Parses a trace line by line ({@link push}); {@link result} gives what was read. */
export class WriteTraceParser {
  private readonly writes: TracedWrite[] = [];
  private readonly exits: TracedExit[] = [];
  private readonly lines = new StraceLineReader();
  private unparsed = 0;

  constructor(private readonly keep: WriteFilter = () => true) {}

  /** Reads one line (without its newline). */
  push(line: string): void {
    const read = this.lines.read(line);
    if (read === undefined) return;
    if (read.kind === "unparsed") {
      this.unparsed++;
      return;
    }
    const { pid, atSec } = read;
    if (read.kind === "end") {
      const exited = EXITED.exec(read.text);
      const killed = KILLED.exec(read.text);
      if (exited !== null) this.exits.push({ pid, atSec, exitCode: Number(exited[1]), signal: null });
      else if (killed !== null) this.exits.push({ pid, atSec, exitCode: null, signal: killed[1]! });
      else this.unparsed++;
      return;
    }
    const call = DESCRIPTOR.exec(read.text);
    const result = call === null ? null : RESULT.exec(call[3]!);
    if (call === null || result === null) {
      this.unparsed++;
      return;
    }
    const args = call[3]!;
    const unknownResult = result[1] === "?";
    const value = unknownResult ? 0 : Number(result[1]);
    const target = call[2] === undefined ? undefined : unescapeStracePath(call[2]);
    const write: TracedWrite = { pid, atSec, startedAtSec: read.startedAtSec, syscall: read.syscall, fd: Number(call[1]), target, bytes: Math.max(0, value), unknownResult };
    const offset = explicitOffset(read.syscall, args.slice(0, result.index + 1));
    if (offset !== undefined) write.offset = offset;
    if (this.keep(write)) this.writes.push(write);
  }

  /** What was read so far. */
  result(): ParsedWriteTrace {
    return { writes: this.writes, exits: this.exits, unparsedLines: this.unparsed, unfinishedCalls: this.lines.unfinishedCalls };
  }
}

/** Parses a whole trace text. */
export function parseWriteTrace(text: string, keep?: WriteFilter): ParsedWriteTrace {
  const parser = new WriteTraceParser(keep);
  for (const line of text.split("\n")) parser.push(line);
  return parser.result();
}
