/**
 * Reader fuzzing: a REAL process (test/fixtures/hostile/chunked-writer.py) writes a valid
 * transcript in arbitrary chunks with arbitrary pauses (0-30 ms), on the messages file or on
 * stderr, and the harness must reassemble exactly the lines that were written, in order, every time
 * ("parse robustly ... never misread a message because of how the bytes were chunked").
 *
 * Transcripts mix the reference's own lines (ok.jsonl) with generated messages whose text holds
 * multi-byte UTF-8 written raw, so many cuts land inside a character. The seed is fixed (override
 * with PIPES_CONFORMANCE_FUZZ_SEED) and printed in the test name; fast-check's failure report gives
 * the seed and the path to replay a counterexample.
 */
import fc from "fast-check";
import { randomUUID } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSession } from "../../harness/session.js";
import { harnessTempEntries, liveProcessesInGroup, settle, usePrivateTmpdir } from "../helpers/leftovers.js";
import { PYTHON } from "../helpers/python.js";
import { REFERENCE_CORPUS_URL } from "../helpers/reference-corpus.js";

const SEED = Number(process.env.PIPES_CONFORMANCE_FUZZ_SEED ?? 20_261_122);
const RUNS_PER_CHANNEL = 60;
const CORPUS = new URL("ok.jsonl", REFERENCE_CORPUS_URL);
const REFERENCE_LINES = readFileSync(CORPUS, "utf8").trimEnd().split("\n");
const OPENED = REFERENCE_LINES[0]!;
const CLOSED = REFERENCE_LINES[REFERENCE_LINES.length - 1]!;
const MIDDLE = REFERENCE_LINES.slice(1, -1);

let restoreTmpdir: () => void;
beforeAll(() => {
  restoreTmpdir = usePrivateTmpdir("reader-fuzz");
});
afterAll(() => restoreTmpdir());

/** Text with characters of every UTF-8 length (1 to 4 bytes), written raw (no \u escapes). */
const unicodeText = fc.string({ unit: fc.constantFrom("a", " ", "é", "ß", "€", "✓", "漢", "🎉", "𝄞", "\\", '"', "\t"), maxLength: 40 });

/** A generated protocol message line, serialised like JSON.stringify with json.dumps' separators. */
const generatedLine: fc.Arbitrary<string> = fc.oneof(
  fc.record({ message: unicodeText, level: fc.constantFrom("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL") }).map((params) => ({ method: "log", params })),
  fc.record({ payload: fc.jsonValue({ maxDepth: 2 }) }).map((params) => ({ method: "report_custom_message", params })),
  fc.record({ payload: fc.dictionary(unicodeText, unicodeText, { maxKeys: 3 }) }).map((params) => ({ method: "report_custom_message", params })),
).map(({ method, params }) => JSON.stringify({ __dagster_pipes_version: "0.1", method, params }));

/** A valid transcript: opened, reference and generated lines, closed. */
const transcriptArbitrary = fc.array(fc.oneof(fc.constantFrom(...MIDDLE), generatedLine), { maxLength: 12 }).map((middle) => [OPENED, ...middle, CLOSED]);

/** Cut points into a byte string and a pause after each chunk. */
function chunkPlanArbitrary(byteLength: number): fc.Arbitrary<{ cuts: number[]; pauses: number[] }> {
  return fc
    .uniqueArray(fc.integer({ min: 1, max: byteLength - 1 }), { maxLength: 40 })
    .chain((cuts) => fc.array(fc.integer({ min: 0, max: 30 }), { minLength: cuts.length + 1, maxLength: cuts.length + 1 }).map((pauses) => ({ cuts: [...cuts].sort((a, b) => a - b), pauses })));
}

function transcriptBytes(lines: readonly string[]): Buffer {
  return Buffer.from(lines.map((text) => `${text}\n`).join(""), "utf8");
}

/** A transcript and how to chunk it (the bytes are derived, so a counterexample prints readably). */
const scenario = transcriptArbitrary.chain((lines) => chunkPlanArbitrary(transcriptBytes(lines).length).map((plan) => ({ lines, plan })));

function writePlanFile(bytes: Buffer, plan: { cuts: number[]; pauses: number[] }): string {
  const bounds = [0, ...plan.cuts, bytes.length];
  const chunks = plan.pauses.map((pauseMs, index) => ({ b64: bytes.subarray(bounds[index], bounds[index + 1]).toString("base64"), pauseMs }));
  const file = join(tmpdir(), `chunk-plan-${randomUUID()}.json`);
  writeFileSync(file, JSON.stringify({ chunks }));
  return file;
}

describe(`reader fuzz (fast-check seed ${SEED}, ${RUNS_PER_CHANNEL} runs per channel)`, () => {
  for (const channel of ["file", "stderr"] as const) {
    it(`${channel} channel: arbitrary chunks and pauses never change the lines read (seed ${SEED})`, async () => {
      const tempBefore = harnessTempEntries();
      let splitLines = 0;
      await fc.assert(
        fc.asyncProperty(scenario, async ({ lines, plan }) => {
          const planFile = writePlanFile(transcriptBytes(lines), plan);
          const record = await runSession({ argv: [PYTHON, "test/fixtures/hostile/chunked-writer.py", planFile], context: {}, channel, timeoutMs: 30_000 });
          const read = record.transcript.filter((line) => line.protocol).map((line) => line.text);
          expect(read).toEqual(lines);
          // Every line parsed (a misjoined line would not) and none was cut into an invalid UTF-8 piece.
          for (const line of record.transcript) {
            expect(line.invalidUtf8).toBe(false);
            expect(line.parse?.ok).toBe(true);
          }
          expect(record.dagster.openedReceived && record.dagster.closedReceived).toBe(true);
          expect(record.process.exitCode).toBe(0);
          expect(await settle(() => liveProcessesInGroup(record.process.pid!))).toEqual([]);
          splitLines += record.transcript.filter((line) => line.pieces > 1).length;
        }),
        // Each shrink step launches a process: stop shrinking after a minute so that the failure
        // (seed, path and the smallest counterexample so far) is reported before the test times out.
        { seed: SEED, numRuns: RUNS_PER_CHANNEL, interruptAfterTimeLimit: 60_000 },
      );
      // The property is only worth something if lines really arrived in pieces.
      expect(splitLines).toBeGreaterThan(0);
      console.log(`[reader-fuzz] ${channel}: ${splitLines} line(s) arrived in more than one read over ${RUNS_PER_CHANNEL} runs (seed ${SEED})`);
      expect(harnessTempEntries().filter((name) => !tempBefore.includes(name))).toEqual([]);
    }, 110_000);
  }
});
