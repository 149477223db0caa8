import { describe, expect, it } from "vitest";
import { mapWritesToLines, type LineSpan } from "../../../harness/process/write-trace-map.js";

/** Spans of lines of the given lengths (terminator included), one after the other. */
function spans(...lengths: number[]): LineSpan[] {
  let offset = 0;
  return lengths.map((length, index) => {
    const span = { lineNumber: index + 1, byteOffset: offset, spanBytes: length };
    offset += length;
    return span;
  });
}

const writes = (...sizes: number[]) => sizes.map((bytes, index) => ({ bytes, atMs: index * 10 }));

describe("laying write calls over lines", () => {
  it("a line per call is whole; one call may write several lines", () => {
    const map = mapWritesToLines(writes(10, 25), spans(10, 5, 20), 35);
    expect(map).toEqual({
      ok: true,
      calls: 2,
      bytes: 35,
      lines: [
        { lineNumber: 1, calls: 1, writtenMs: 0 },
        { lineNumber: 2, calls: 1, writtenMs: 10 },
        { lineNumber: 3, calls: 1, writtenMs: 10 },
      ],
    });
  });

  it("the JSON then its newline, or a line in many pieces, is torn; it is written when its last piece is", () => {
    const map = mapWritesToLines(writes(9, 1, 3, 3, 3, 1), spans(10, 10), 20);
    expect(map.ok && map.lines).toEqual([
      { lineNumber: 1, calls: 2, writtenMs: 10 },
      { lineNumber: 2, calls: 4, writtenMs: 50 },
    ]);
  });

  it("a call that ends one line and starts the next tears the next", () => {
    const map = mapWritesToLines(writes(12, 8), spans(10, 10), 20);
    expect(map.ok && map.lines.map((line) => line.calls)).toEqual([1, 2]);
  });

  it("positioned writes go where they say; failed calls (0 bytes) do not count", () => {
    const map = mapWritesToLines([{ bytes: 10, offset: 10, atMs: 1 }, { bytes: 0, atMs: 2 }, { bytes: 10, offset: 0, atMs: 3 }], spans(10, 10), 20);
    expect(map.ok && map.lines).toEqual([
      { lineNumber: 1, calls: 1, writtenMs: 3 },
      { lineNumber: 2, calls: 1, writtenMs: 1 },
    ]);
  });

  it("refuses a map it cannot make exact: rewritten bytes, a hole, bytes no traced call wrote", () => {
    expect(mapWritesToLines([{ bytes: 10, atMs: 0 }, { bytes: 5, offset: 3, atMs: 1 }], spans(10), 10)).toMatchObject({ ok: false, reason: expect.stringContaining("more than once") });
    expect(mapWritesToLines([{ bytes: 10, offset: 5, atMs: 0 }], spans(15), 15)).toMatchObject({ ok: false, reason: expect.stringContaining("bytes 0 to 4") });
    expect(mapWritesToLines(writes(10), spans(10, 10), 20)).toMatchObject({ ok: false, reason: expect.stringContaining("10 of the channel's 20 bytes") });
    expect(mapWritesToLines(writes(10, 10, 5), spans(10, 10), 20)).toMatchObject({ ok: false });
  });

  it("without the channel's exact size (lines dropped by retention), the calls must cover the lines kept", () => {
    expect(mapWritesToLines(writes(10, 10, 10), spans(10, 10), undefined).ok).toBe(true);
    expect(mapWritesToLines(writes(10), spans(10, 10), undefined).ok).toBe(false);
  });
});
