/**
 * Benchmark: the parse techniques on the realistic stream, in CPU time per message (one core, so
 * other processes competing for the machine skew it less): `JSON.parse` alone (the floor), the
 * exact path (a scan of every line holding a float, then its lexemes hung on the parsed value:
 * the technique before), and the canonical-number shortcut (a regular expression finds the lines
 * where some number's text is not what its value gives back; only those are scanned).
 */
import { parsePythonJson } from "../../harness/json/parse-python-json.js";
import { realisticMessageLines } from "./realistic-stream.js";

/** Messages per CPU second of each technique. */
export interface ParseTechniqueFigures {
  json_parse_only: number;
  scan_every_float_line: number;
  canonical_shortcut: number;
  /** Share of the stream's lines the shortcut still scans. */
  scanned_share: number;
}

function rate(lines: readonly string[], parse: (text: string) => unknown): number {
  for (const line of lines.slice(0, 5000)) parse(line); // JIT warm-up
  const start = process.cpuUsage();
  let sink = 0;
  for (let repeat = 0; repeat < 3; repeat++) for (const line of lines) sink += parse(line) === undefined ? 0 : 1;
  const used = process.cpuUsage(start);
  if (sink < 0) throw new Error("unreachable");
  return Math.round((3 * lines.length) / Math.max((used.user + used.system) / 1e6, 1e-9));
}

/** Measures the three techniques on `count` messages of the realistic stream. */
export function measureParseTechniques(count = 50_000): ParseTechniqueFigures {
  const lines = [...realisticMessageLines(count, 3)];
  const pattern = /[:,[]\s*-?(?:\d{16}|[\d.]{17}|\d+\.\d*0(?!\d)|0\.0000|\d+(?:\.\d+)?[eE])/;
  return {
    json_parse_only: rate(lines, (text) => JSON.parse(text)),
    scan_every_float_line: rate(lines, (text) => parsePythonJson(text, { canonicalShortcut: false })),
    canonical_shortcut: rate(lines, (text) => parsePythonJson(text)),
    scanned_share: Number((lines.filter((line) => pattern.test(line)).length / lines.length).toFixed(3)),
  };
}
