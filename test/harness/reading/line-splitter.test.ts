import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineSplitter, type NewlineMode, type SplitLine } from "../../../harness/reading/line-splitter.js";

function split(chunks: (string | Uint8Array)[], newline: NewlineMode = "universal", maxLineBytes = 1 << 20): SplitLine[] {
  const lines: SplitLine[] = [];
  const splitter = new LineSplitter({ newline, maxLineBytes, onLine: (line) => lines.push(line) });
  chunks.forEach((chunk, index) => splitter.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk, index));
  splitter.end(chunks.length);
  return lines;
}

/** Seed of the chunking fuzz: fixed so a failure replays. */
const SEED = 6061;

describe("LineSplitter", () => {
  it("splits on \\n, \\r\\n and a lone \\r in universal mode, on \\n only otherwise", () => {
    expect(split(["a\nb\r\nc\rd"]).map((line) => [line.text, line.terminator])).toEqual([["a", "\n"], ["b", "\r\n"], ["c", "\r"], ["d", ""]]);
    expect(split(["a\nb\r\nc\rd"], "lf").map((line) => line.text)).toEqual(["a", "b\r", "c\rd"]);
  });

  it("says whether it holds an unfinished line: bytes without a terminator, or a \\r that a \\n may still follow", () => {
    const splitter = new LineSplitter({ newline: "universal", maxLineBytes: 1 << 20, onLine: () => undefined });
    expect(splitter.holdsUnfinishedLine).toBe(false);
    splitter.push(Buffer.from("{\"a\": 1}\n"), 0);
    expect(splitter.holdsUnfinishedLine).toBe(false);
    splitter.push(Buffer.from("{\"method\": \"closed\"}"), 1);
    expect(splitter.holdsUnfinishedLine).toBe(true);
    splitter.push(Buffer.from("\r"), 2);
    expect(splitter.holdsUnfinishedLine).toBe(true);
    splitter.push(Buffer.from("\n"), 3);
    expect(splitter.holdsUnfinishedLine).toBe(false);
  });

  it("keeps a \\r\\n split across chunks as one terminator", () => {
    expect(split(["a\r", "\nb\n"]).map((line) => [line.text, line.terminator])).toEqual([["a", "\r\n"], ["b", "\n"]]);
  });

  it("reports blank lines, the partial last line and how many reads a line took", () => {
    const lines = split(["{\"a\":", " 1}\n\n", "tail"]);
    expect(lines.map((line) => [line.text, line.pieces, line.terminator])).toEqual([["{\"a\": 1}", 2, "\n"], ["", 1, "\n"], ["tail", 1, ""]]);
    expect(lines.map((line) => line.lineNumber)).toEqual([1, 2, 3]);
    expect(lines[1]!.byteOffset).toBe(9);
  });

  it("detects invalid UTF-8 and NUL bytes without losing the line", () => {
    const lines = split([new Uint8Array([0x61, 0xff, 0x62, 0x0a, 0x00, 0x63, 0x0a])]);
    expect(lines[0]).toMatchObject({ invalidUtf8: true, byteLength: 3 });
    expect(lines[1]).toMatchObject({ invalidUtf8: false, text: "\u0000c" });
  });

  it("does not call a multi-byte character cut by the cap invalid", () => {
    const lines = split([Buffer.from(`${"é".repeat(10)}\n`)], "lf", 5);
    expect(lines[0]).toMatchObject({ oversize: true, invalidUtf8: false, byteLength: 20 });
  });

  it("bounds memory for a huge line: counts it, keeps the head", () => {
    const lines: SplitLine[] = [];
    const splitter = new LineSplitter({ newline: "lf", maxLineBytes: 1024, onLine: (line) => lines.push(line) });
    const chunk = Buffer.alloc(1 << 20, 0x61);
    for (let i = 0; i < 64; i++) {
      splitter.push(chunk, i);
      expect(splitter.heldBytes).toBeLessThanOrEqual(1024);
    }
    splitter.push(Buffer.from("\n"), 64);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ oversize: true, byteLength: 64 << 20 });
    expect(lines[0]!.text).toHaveLength(1024);
  });

  it("reassembles any chunking of a transcript into the same lines (fuzz, seeded)", () => {
    const transcript = fc.array(fc.oneof(fc.string({ unit: "binary" }), fc.json()), { minLength: 1, maxLength: 20 }).map((lines) => `${lines.map((line) => line.replace(/[\r\n]/g, " ")).join("\r\n")}\n`);
    fc.assert(
      fc.property(transcript, fc.array(fc.nat(), { maxLength: 30 }), fc.constantFrom<NewlineMode>("universal", "lf"), (text, cuts, mode) => {
        const bytes = Buffer.from(text);
        const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let start = 0;
        for (const point of [...points, bytes.length]) {
          chunks.push(bytes.subarray(start, point));
          start = point;
        }
        const whole = split([bytes], mode).map((line) => [line.text, line.terminator, line.invalidUtf8, line.byteOffset, line.byteLength, line.lineNumber]);
        const pieces = split(chunks, mode).map((line) => [line.text, line.terminator, line.invalidUtf8, line.byteOffset, line.byteLength, line.lineNumber]);
        expect(pieces).toEqual(whole);
        expect(whole.map((line) => `${line[0]}${line[1]}`).join("")).toBe(text);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});
