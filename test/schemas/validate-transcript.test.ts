/**
 * `validateTranscript`, the engine of `pipes-conformance validate FILE [--level] [--stream]`:
 * the Python reference transcripts pass at both levels; framing failures, per-line problems and
 * exit codes (1 failure, 4 no protocol message, 0 otherwise) in messages files and captured streams.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createValidator } from "../../schemas/validator.js";
import { formatProblem, TranscriptInterrupted, TranscriptNotAFile, validateTranscript, type TranscriptProblem } from "../../schemas/validate-transcript.js";
import { realisticMessageLines } from "../bench/realistic-stream.js";
import { REFERENCE_CORPUS_DIR as REFERENCE } from "../helpers/reference-corpus.js";

const directory = mkdtempSync(join(tmpdir(), "pipes-validate-"));
const validator = createValidator();
let fileCount = 0;

function file(content: string | Buffer): string {
  const path = join(directory, `transcript-${++fileCount}.jsonl`);
  writeFileSync(path, content);
  return path;
}

function summary(problems: TranscriptProblem[]): string[] {
  return problems.map((problem) => `${problem.line} ${problem.code}${problem.pointer === "" ? "" : ` ${problem.pointer}`}`);
}

const OPENED = '{"__dagster_pipes_version": "0.1", "method": "opened", "params": {"extras": {}}}';
const CLOSED = '{"__dagster_pipes_version": "0.1", "method": "closed", "params": {}}';
const LOG_WARN = '{"__dagster_pipes_version": "0.1", "method": "log", "params": {"message": "m", "level": "WARN"}}';
const BARE = '{"__dagster_pipes_version": "0.1", "method": "report_asset_materialization", "params": {"asset_key": "a", "data_version": null, "metadata": {"rows": 3}}}';

describe("validateTranscript on messages files", () => {
  for (const name of ["ok.jsonl", "raise.jsonl"]) {
    for (const level of ["dagster", "reference"] as const) {
      it(`the Python reference's ${name} validates at the ${level} level`, async () => {
        const path = `${REFERENCE}${name}`;
        const result = await validateTranscript(path, { level, stream: false, validator });
        expect(result.problems.map((problem) => formatProblem(name, problem))).toEqual([]);
        expect(result.exitCode).toBe(0);
        const lines = readFileSync(path, "utf8").split("\n").filter((line) => line !== "").length;
        expect(result.counts).toEqual({ lines, protocolMessages: lines, outputLines: 0, problemsByLevel: { dagster: 0, reference: 0, info: 0 }, unreportedByCode: {} });
      });
    }
  }

  it("reports framing failures and message problems with line numbers", async () => {
    const path = file(Buffer.concat([Buffer.from([OPENED, "", "not json", BARE, '{"method": "closed", "params": {}}', "  \t", ""].join("\n")), Buffer.from([0x7b, 0xff, 0x7d, 0x0a]), Buffer.from(CLOSED)]));
    const dagster = await validateTranscript(path, { level: "dagster", stream: false, validator });
    expect(summary(dagster.problems)).toEqual([
      "2 E_BLANK_LINE",
      "3 E_JSON_SYNTAX",
      "4 E_METADATA_BARE_VALUE /params/metadata/rows",
      "6 E_BLANK_LINE",
      "7 E_INVALID_UTF8",
    ]);
    expect(dagster.exitCode).toBe(1);
    const reference = await validateTranscript(path, { level: "reference", stream: false, validator });
    expect(summary(reference.problems)).toEqual([
      "2 E_BLANK_LINE",
      "3 E_JSON_SYNTAX",
      "4 E_METADATA_BARE_VALUE /params/metadata/rows",
      "5 W_VERSION_MISSING",
      "6 E_BLANK_LINE",
      "7 E_INVALID_UTF8",
      "8 W_NO_FINAL_NEWLINE",
    ]);
    expect(reference.counts.protocolMessages).toBe(4);
    expect(reference.counts.problemsByLevel).toEqual({ dagster: 5, reference: 2, info: 0 });
  });

  it("exits 1 only for the chosen level's failures", async () => {
    const path = file([OPENED, LOG_WARN, CLOSED].join("\n") + "\n");
    expect((await validateTranscript(path, { level: "dagster", stream: false, validator })).exitCode).toBe(0);
    const reference = await validateTranscript(path, { level: "reference", stream: false, validator });
    expect(reference.exitCode).toBe(1);
    expect(summary(reference.problems)).toEqual(["2 W_LOG_LEVEL_NOT_CANONICAL /params/level"]);
  });

  it("exits 4 for a file without any protocol message", async () => {
    expect((await validateTranscript(file(""), { level: "dagster", stream: false, validator })).exitCode).toBe(4);
    // Blank lines are framing failures, which outrank "nothing to validate".
    expect((await validateTranscript(file("\n\n"), { level: "dagster", stream: false, validator })).exitCode).toBe(1);
  });

  it("reads Python's universal newlines: \\r\\n and a lone \\r end lines too", async () => {
    const result = await validateTranscript(file(`${OPENED}\r\n${LOG_WARN}\r${CLOSED}\n`), { level: "dagster", stream: false, validator });
    expect(result.counts.protocolMessages).toBe(3);
    expect(result.problems).toEqual([]);
  });

  it("streams a large file with lines longer than a read chunk", async () => {
    const long = `{"__dagster_pipes_version": "0.1", "method": "report_custom_message", "params": {"payload": "${"x".repeat(200_000)}"}}`;
    const lines = [...realisticMessageLines(20_000, 3)];
    lines.splice(10, 0, long);
    const result = await validateTranscript(file(`${lines.join("\n")}\n`), { level: "reference", stream: false, validator });
    expect(result.problems).toEqual([]);
    expect(result.counts.protocolMessages).toBe(20_001);
  });

  it("hands each problem to onProblem as it is found, and formats it for the CLI", async () => {
    const seen: string[] = [];
    const path = file(`${OPENED}\n${BARE}\n`);
    await validateTranscript(path, { level: "dagster", stream: false, validator, onProblem: (problem) => seen.push(formatProblem("t.jsonl", problem)) });
    expect(seen).toEqual(['t.jsonl:2: /params/metadata/rows: bare value 3; Dagster needs {"raw_value": 3, "type": ...} [E_METADATA_BARE_VALUE]']);
    const blank = await validateTranscript(file("\n"), { level: "dagster", stream: false, validator });
    expect(formatProblem("t.jsonl", blank.problems[0] as TranscriptProblem)).toBe(
      "t.jsonl:1: blank line; Dagster's file reader raises on it and loses every later message [E_BLANK_LINE]",
    );
  });

  it("rejects when the file cannot be read", async () => {
    await expect(validateTranscript(join(directory, "missing.jsonl"), { level: "dagster", stream: false, validator })).rejects.toThrow(/ENOENT/);
  });
});

describe("validateTranscript on captured streams (--stream)", () => {
  it("tells messages from the program's own output", async () => {
    const content = ["Starting job", OPENED, "", "{\"method\": \"GET\", \"path\": \"/\"}", LOG_WARN, '{"method": "log", "params": {"message": "m", "level": "INFO"}}', '{"__dagster_pipes_version": "0.1", "method": "log", "params": {', "[1, 2]", `${CLOSED}\r`, "done"].join("\n") + "\n";
    const path = file(content);
    const result = await validateTranscript(path, { level: "dagster", stream: true, validator });
    expect(summary(result.problems)).toEqual([
      "1 I_PROGRAM_OUTPUT",
      "3 I_PROGRAM_OUTPUT",
      "4 I_PROGRAM_OUTPUT",
      "6 E_VERSION_MISSING_ON_STDIO",
      "7 E_JSON_SYNTAX",
      "8 I_PROGRAM_OUTPUT",
      "10 I_PROGRAM_OUTPUT",
    ]);
    expect(result.counts).toMatchObject({ lines: 10, protocolMessages: 5, outputLines: 5 });
    expect(result.exitCode).toBe(1);
    const reference = await validateTranscript(path, { level: "reference", stream: true, validator });
    expect(summary(reference.problems)).toContain("5 W_LOG_LEVEL_NOT_CANONICAL /params/level");
  });

  it("exits 4 when a stream holds no protocol message, 0 when its messages are fine", async () => {
    expect((await validateTranscript(file("hello\nworld\n"), { level: "dagster", stream: true, validator })).exitCode).toBe(4);
    const fine = await validateTranscript(file(`log line\n${OPENED}\n${CLOSED}`), { level: "reference", stream: true, validator });
    expect(summary(fine.problems)).toEqual(["1 I_PROGRAM_OUTPUT", "3 W_NO_FINAL_NEWLINE"]);
    expect((await validateTranscript(file(`log line\n${OPENED}\n${CLOSED}\n`), { level: "reference", stream: true, validator })).exitCode).toBe(0);
  });
});

describe("validateTranscript bounded", () => {
  it("reports at most maxProblemsPerCode problems of each code and counts the rest exactly", async () => {
    const path = file(`\n\n\n{x\n{y\n${OPENED}\n`);
    const seen: string[] = [];
    const result = await validateTranscript(path, { level: "dagster", stream: false, validator, maxProblemsPerCode: 1, onProblem: (problem) => seen.push(problem.code) });
    expect(seen).toEqual(["E_BLANK_LINE", "E_JSON_SYNTAX"]);
    expect(summary(result.problems)).toEqual(["1 E_BLANK_LINE", "4 E_JSON_SYNTAX"]);
    expect(result.counts.unreportedByCode).toEqual({ E_BLANK_LINE: 2, E_JSON_SYNTAX: 1 });
    expect(result.counts.problemsByLevel.dagster).toBe(5);
    expect(result.exitCode).toBe(1);
  });

  it("refuses a device that may never end", async () => {
    await expect(validateTranscript("/dev/zero", { level: "dagster", stream: false, validator })).rejects.toBeInstanceOf(TranscriptNotAFile);
  });

  it("rejects with what was read so far when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await validateTranscript(file(`${OPENED}\n`), { level: "dagster", stream: false, validator, signal: controller.signal }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TranscriptInterrupted);
    expect((error as TranscriptInterrupted).partial.counts.lines).toBe(0);
  });
});
