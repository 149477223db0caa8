/**
 * The shipped schema files work in another language's validator: Python's `jsonschema` (Debian's
 * python3-jsonschema), loaded as schemas/README.md shows, gives the same verdict as ajv's compiled
 * schemas on every corpus item and on the Python reference transcripts, at both levels. Only the
 * schemas are compared: the checks in code (number lexemes, table structure) are this package's.
 */
import { execaSync, execa } from "execa";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parsePythonJson } from "../../harness/json/parse-python-json.js";
import type { JsonValue } from "../../harness/json/number-lexemes.js";
import { serializePythonJson } from "../../harness/json/serialize-python-json.js";
import { compileTargets, TARGET_FILES, type ValidationTarget } from "../../schemas/compile-schemas.js";
import { loadCorpus } from "./support/corpus.js";
import { REFERENCE_CORPUS_DIR as REFERENCE_TRANSCRIPTS } from "../helpers/reference-corpus.js";

const SCHEMAS = fileURLToPath(new URL("../../schemas/0.1/", import.meta.url));
const SCRIPT = fileURLToPath(new URL("./python-jsonschema-check.py", import.meta.url));

function pythonHasJsonschema(): boolean {
  try {
    execaSync("python3", ["-c", "import jsonschema, referencing"]);
    return true;
  } catch {
    return false;
  }
}

interface Case {
  id: string;
  target: ValidationTarget;
  value: JsonValue;
}

function cases(): Case[] {
  const all: Case[] = loadCorpus().map(({ item, subject }) => ({ id: item.id, target: item.target ?? "message", value: subject }));
  for (const file of ["ok.jsonl", "raise.jsonl"]) {
    readFileSync(`${REFERENCE_TRANSCRIPTS}${file}`, "utf8")
      .split("\n")
      .filter((line) => line !== "")
      .forEach((line, index) => {
        const parsed = parsePythonJson(line);
        if (parsed.ok) all.push({ id: `${file}:${index + 1}`, target: "message", value: parsed.value });
      });
  }
  return all;
}

describe.skipIf(!pythonHasJsonschema())("the schema files in Python's jsonschema", () => {
  it("give ajv's verdict on every corpus item and reference message, at both levels", async () => {
    const targets = compileTargets();
    const requests: string[] = [];
    const expected = new Map<string, boolean>();
    for (const item of cases()) {
      const compiled = targets[item.target];
      const dagster = compiled.dagster(item.value);
      const reference = dagster && compiled.overlay(item.value);
      const text = serializePythonJson(item.value);
      for (const [level, valid] of [["dagster", dagster], ["reference", reference]] as const) {
        const id = `${level} ${item.id}`;
        expected.set(id, valid);
        requests.push(JSON.stringify({ id, schema: `${level}/${TARGET_FILES[item.target]}`, text }));
      }
    }
    const { stdout } = await execa("python3", [SCRIPT, SCHEMAS], { input: `${requests.join("\n")}\n` });
    const answers = stdout.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line) as { id: string; valid: boolean; codes: string[] });
    expect(answers.length).toBe(expected.size);
    const mismatches = answers.filter((answer) => answer.valid !== expected.get(answer.id)).map((answer) => `${answer.id}: python ${answer.valid}, ajv ${expected.get(answer.id)} ${answer.codes.join(",")}`);
    expect(mismatches).toEqual([]);
    // The codes travel with the schemas: Python's errors name them too.
    const bare = answers.find((answer) => answer.id === "dagster message.materialization.metadata-bare");
    expect(bare?.codes).toContain("E_METADATA_BARE_VALUE");
  }, 60_000);
});
