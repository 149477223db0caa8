/**
 * Lays the write calls of a message channel over its lines: which calls wrote the bytes of each
 * line (its terminator included), and when the last of them returned. A line written by more
 * than one call is torn: a reader that polls, like Dagster's file reader, may read the first
 * piece alone.
 *
 * The calls are placed in the order they returned: a positioned write (pwrite) where it says, any
 * other at the end of what was written so far (a sequential or an appending writer). The map is
 * refused, with the reason, when it cannot be exact: bytes written twice, a hole, or a total that
 * is not the channel's (something wrote without a traced system call, e.g. through mmap).
 */

/** A write call to the channel, in the order the calls returned. */
export interface ChannelWrite {
  bytes: number;
  /** Explicit offset of a positioned write. */
  offset?: number;
  /** When the call returned (ms, the caller's clock). */
  atMs: number;
}

/** A line of the channel: its first byte and its length with the terminator. */
export interface LineSpan {
  lineNumber: number;
  byteOffset: number;
  /** Bytes of the line, terminator included. */
  spanBytes: number;
}

/** How one line was written. */
export interface MappedLine {
  lineNumber: number;
  /** Write calls that wrote bytes of the line (more than one: torn). */
  calls: number;
  /** When the last of them returned (ms, the caller's clock). */
  writtenMs: number;
}

/** The map, or why there is none. */
export type WriteMap =
  | { ok: true; lines: MappedLine[]; calls: number; bytes: number }
  | { ok: false; reason: string };

interface Range {
  start: number;
  end: number;
  atMs: number;
}

/**
 * Maps the calls onto the lines. `exactBytes` is the channel's size when it is known (every line
 * kept); otherwise the calls must at least cover the lines given.
 */
export function mapWritesToLines(writes: readonly ChannelWrite[], lines: readonly LineSpan[], exactBytes: number | undefined): WriteMap {
  const ranges: Range[] = [];
  let fileEnd = 0;
  for (const write of writes) {
    if (write.bytes <= 0) continue;
    const start = write.offset ?? fileEnd;
    ranges.push({ start, end: start + write.bytes, atMs: write.atMs });
    fileEnd = Math.max(fileEnd, start + write.bytes);
  }
  ranges.sort((a, b) => a.start - b.start);
  let covered = 0;
  for (const range of ranges) {
    if (range.start < covered) return { ok: false, reason: "some bytes of the channel were written more than once (the program rewrote part of it)" };
    if (range.start > covered) return { ok: false, reason: `no traced call wrote bytes ${covered} to ${range.start - 1} of the channel` };
    covered = range.end;
  }
  const spans = [...lines].filter((line) => line.spanBytes > 0).sort((a, b) => a.byteOffset - b.byteOffset);
  const needed = exactBytes ?? spans.reduce((end, line) => Math.max(end, line.byteOffset + line.spanBytes), 0);
  if (exactBytes !== undefined ? covered !== needed : covered < needed) {
    return { ok: false, reason: `the traced calls account for ${covered} of the channel's ${needed} bytes (something wrote without a traced system call)` };
  }
  const mapped: MappedLine[] = [];
  let first = 0;
  for (const line of spans) {
    const end = line.byteOffset + line.spanBytes;
    while (first < ranges.length && ranges[first]!.end <= line.byteOffset) first++;
    let calls = 0;
    let writtenMs = -Infinity;
    for (let index = first; index < ranges.length && ranges[index]!.start < end; index++) {
      calls++;
      writtenMs = Math.max(writtenMs, ranges[index]!.atMs);
    }
    mapped.push({ lineNumber: line.lineNumber, calls, writtenMs });
  }
  return { ok: true, lines: mapped, calls: ranges.length, bytes: covered };
}
