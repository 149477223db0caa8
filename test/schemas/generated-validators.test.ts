/**
 * The validating functions `npm run build` generates as standalone code (schemas/generate-validators.ts)
 * must judge exactly as the functions ajv compiles at run time: same verdict and same errors
 * (keyword, places, params, message, the failing node's `x-pipes-code`) on the schema corpus, on the
 * reference implementation's transcripts, on the realistic stream, and on broken copies of each.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ErrorObject, ValidateFunction } from "ajv";
import { parsePythonJson } from "../../harness/json/parse-python-json.js";
import type { JsonValue } from "../../harness/json/number-lexemes.js";
import { compileTargets, loadGeneratedTargets, TARGET_FILES, type ValidationTarget } from "../../schemas/compile-schemas.js";
import { generateValidatorsSource } from "../../schemas/generate-validators.js";
import { CODE_ANNOTATION } from "../../schemas/schema-layout.js";
import { realisticMessageLines } from "../bench/realistic-stream.js";
import { REFERENCE_CORPUS_DIR } from "../helpers/reference-corpus.js";
import { loadCorpus } from "./support/corpus.js";

/** What a validation said, in a comparable form. */
function outcome(validate: ValidateFunction, value: JsonValue): string {
  const valid = validate(value);
  const errors = (validate.errors ?? []).map((error: ErrorObject) => ({
    keyword: error.keyword,
    instancePath: error.instancePath,
    schemaPath: error.schemaPath,
    params: error.params,
    message: error.message,
    code: (error.parentSchema as Record<string, unknown> | undefined)?.[CODE_ANNOTATION],
  }));
  return JSON.stringify({ valid, errors });
}

/** Broken copies of a value: a key removed, a value replaced by another kind, a key added. */
function brokenCopies(value: JsonValue, seed: number): JsonValue[] {
  const replacements: JsonValue[] = [null, 3, 2.5, "x", true, [], {}, [1, "a"], { raw_value: 1 }];
  const copies: JsonValue[] = [];
  const paths: (string | number)[][] = [];
  const walk = (node: JsonValue, path: (string | number)[]): void => {
    paths.push(path);
    if (Array.isArray(node)) node.forEach((item, index) => walk(item, [...path, index]));
    else if (node !== null && typeof node === "object") for (const key of Object.keys(node)) walk(node[key] as JsonValue, [...path, key]);
  };
  walk(value, []);
  const picks = fc.sample(fc.tuple(fc.nat(paths.length - 1), fc.nat(replacements.length - 1), fc.nat(2)), { seed, numRuns: 6 });
  for (const [pathIndex, replacementIndex, action] of picks) {
    const copy = JSON.parse(JSON.stringify(value)) as JsonValue;
    const path = paths[pathIndex]!;
    if (path.length === 0) {
      copies.push(replacements[replacementIndex]!);
      continue;
    }
    let parent = copy as Record<string | number, JsonValue>;
    for (const token of path.slice(0, -1)) parent = parent[token] as Record<string | number, JsonValue>;
    const last = path[path.length - 1]!;
    if (action === 0 && !Array.isArray(parent)) delete parent[last];
    else if (action === 1) parent[last] = replacements[replacementIndex]!;
    else if (!Array.isArray(parent)) parent[`extra_${replacementIndex}`] = replacements[replacementIndex]!;
    else parent[last] = replacements[replacementIndex]!;
    copies.push(copy);
  }
  return copies;
}

describe("generated (standalone) validators", () => {
  it("judge the corpus, the reference transcripts, the realistic stream and broken copies exactly as run-time compiled ones", () => {
    // Inside the package: the generated code requires ajv's runtime helpers, found from its place.
    const directory = mkdtempSync(join(fileURLToPath(new URL("../../", import.meta.url)), ".generated-validators-test-"));
    try {
      const file = join(directory, "validators.cjs");
      writeFileSync(file, generateValidatorsSource());
      const generated = loadGeneratedTargets(file);
      expect(generated).toBeDefined();
      const compiled = compileTargets();

      const subjects: { target: ValidationTarget; value: JsonValue }[] = [];
      for (const { item, subject } of loadCorpus()) subjects.push({ target: item.target ?? "message", value: subject });
      for (const name of ["ok.jsonl", "raise.jsonl"]) {
        for (const line of readFileSync(join(REFERENCE_CORPUS_DIR, name), "utf8").split("\n")) {
          const parsed = line.trim() === "" ? undefined : parsePythonJson(line);
          if (parsed?.ok) subjects.push({ target: "message", value: parsed.value });
        }
      }
      for (const line of realisticMessageLines(300, 7)) {
        const parsed = parsePythonJson(line);
        if (parsed.ok) subjects.push({ target: "message", value: parsed.value });
      }
      const all = [...subjects];
      subjects.forEach((subject, index) => {
        for (const broken of brokenCopies(subject.value, index + 1)) all.push({ target: subject.target, value: broken });
      });

      const disagreements: string[] = [];
      let invalid = 0;
      for (const { target, value } of all) {
        for (const part of ["dagster", "overlay"] as const) {
          const ours = outcome(generated![target][part], value);
          const theirs = outcome(compiled[target][part], value);
          if (!ours.startsWith('{"valid":true')) invalid++;
          if (ours !== theirs) disagreements.push(`${target}/${part} ${JSON.stringify(value).slice(0, 200)}: ${ours.slice(0, 300)} vs ${theirs.slice(0, 300)}`);
        }
      }
      expect(Object.keys(TARGET_FILES).length).toBe(4);
      // The comparison must have seen both verdicts in numbers.
      expect(invalid).toBeGreaterThan(100);
      expect(all.length - invalid / 2).toBeGreaterThan(100);
      expect(disagreements.slice(0, 5)).toEqual([]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
