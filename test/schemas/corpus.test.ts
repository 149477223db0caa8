/**
 * The data-driven corpus (test/schemas/corpus/*.json): every item must produce exactly its listed
 * codes at each level, name the Dagster rule of a dagster-level rejection, and agree with the
 * handler emulation. Coverage: every method, metadata type and bootstrap shape has a valid and an
 * invalid item, and every schema-expressible deviation of PROTOCOL.md §7 has an item.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DagsterMessageHandler, PIPES_METHODS } from "../../harness/dagster/message-handler.js";
import { METADATA_TYPES } from "../../harness/dagster/metadata-resolution.js";
import { parsePythonJson } from "../../harness/json/parse-python-json.js";
import type { JsonValue } from "../../harness/json/number-lexemes.js";
import { isProblemCode, PROBLEM_CODES, type Problem } from "../../schemas/problem-codes.js";
import { createValidator, type ValidationLevel } from "../../schemas/validator.js";
import { loadCorpus, type CorpusItem } from "./support/corpus.js";
import { REFERENCE_CORPUS_DIR } from "../helpers/reference-corpus.js";

const validator = createValidator();

function validate(item: CorpusItem, subject: JsonValue, level: ValidationLevel): Problem[] {
  switch (item.target ?? "message") {
    case "message":
      return validator.validateMessage(subject, { level, channel: item.channel ?? "file" });
    case "contextData":
      return validator.validateContextData(subject, { level });
    case "contextParams":
      return validator.validateContextParams(subject, { level });
    case "messagesParams":
      return validator.validateMessagesParams(subject, { level });
  }
}

function codeSet(problems: Problem[], level: Problem["level"]): string[] {
  return [...new Set(problems.filter((problem) => problem.level === level).map((problem) => problem.code))].sort();
}

const corpus = loadCorpus();

describe("schema corpus", () => {
  it("has unique, stable-looking ids and known codes of the right level", () => {
    const ids = corpus.map(({ item }) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { item } of corpus) {
      expect(item.id).toMatch(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/);
      for (const [list, prefix] of [[item.dagster, "E_"], [item.reference, "W_"], [item.info ?? [], "I_"]] as const) {
        for (const code of list) {
          expect(isProblemCode(code), `${item.id}: ${code}`).toBe(true);
          expect(code.startsWith(prefix), `${item.id}: ${code}`).toBe(true);
        }
      }
    }
  });

  for (const { file, item, subject } of corpus) {
    it(`${file} ${item.id}`, () => {
      const atDagster = validate(item, subject, "dagster");
      const atReference = validate(item, subject, "reference");
      const explain = (problems: Problem[]): string => problems.map((p) => `${p.code} ${p.pointer}: ${p.message}`).join("\n");
      expect(codeSet(atDagster, "dagster"), explain(atDagster)).toEqual([...item.dagster].sort());
      expect(codeSet(atDagster, "reference"), "the dagster level reports no reference problem").toEqual([]);
      expect(codeSet(atDagster, "info"), explain(atDagster)).toEqual([...(item.info ?? [])].sort());
      expect(codeSet(atReference, "dagster"), explain(atReference)).toEqual([...item.dagster].sort());
      expect(codeSet(atReference, "reference"), explain(atReference)).toEqual([...item.reference].sort());
      for (const problem of atReference) {
        expect(problem.message.length, problem.code).toBeGreaterThan(10);
        if (problem.pointer !== "") expect(problem.message, "the pointer is kept apart from the sentence").not.toContain(`${problem.pointer}:`);
      }
      if (item.dagster.length > 0) {
        expect(item.rule, `${item.id} must name the Dagster rule`).toBeDefined();
        expect(atDagster.filter((p) => p.level === "dagster").map((p) => p.rule), explain(atDagster)).toContain(item.rule);
      }
      if ((item.target ?? "message") === "message" && (item.channel ?? "file") === "file") {
        const handled = new DagsterMessageHandler().handle(subject);
        const handlerRejects = !handled.accepted;
        expect(handlerRejects, `the handler emulation must agree (${handled.accepted ? "accepted" : handled.rejection.code})`).toBe(item.dagster.length > 0);
      }
    });
  }

  it("covers every method, metadata type and bootstrap shape with a valid and an invalid item", () => {
    const needed = [
      ...PIPES_METHODS.map((method) => `method:${method}`),
      ...METADATA_TYPES.map((type) => `metadata:${type}`),
      "bootstrap:context-params:path",
      "bootstrap:context-params:data",
      "bootstrap:messages-params:path",
      "bootstrap:messages-params:stdio",
      "bootstrap:messages-params:buffered_stdio",
    ];
    for (const tag of needed) {
      const items = corpus.filter(({ item }) => item.covers.includes(tag)).map(({ item }) => item);
      expect(items.some((item) => item.dagster.length === 0 && item.reference.length === 0), `${tag}: a valid item`).toBe(true);
      expect(items.some((item) => item.dagster.length > 0 || item.reference.length > 0), `${tag}: an invalid item`).toBe(true);
    }
  });

  it("covers every deviation of PROTOCOL.md §7 that a schema can express", () => {
    const deviations = [
      "closed-params-null",
      "closed-params-list",
      "opened-extras-list",
      "empty-metadata-list",
      "metadata-bare-value",
      "metadata-type-job",
      "exception-flattened",
      "exception-stack-object",
      "exception-context-list",
      "log-level-warn",
      "severity-null",
      "version-empty",
      "version-missing",
      "data-version-empty",
      "whole-float-as-int",
      "nan-as-string",
      "asset-keys-null",
      "unknown-context-keys",
    ];
    for (const deviation of deviations) {
      expect(corpus.some(({ item }) => item.covers.includes(`deviation:${deviation}`)), deviation).toBe(true);
    }
  });

  it("accepts the context the Python reference was run with, at both levels", () => {
    const path = `${REFERENCE_CORPUS_DIR}context.json`;
    const parsed = parsePythonJson(readFileSync(path, "utf8"));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(validator.validateContextData(parsed.value, { level: "reference" })).toEqual([]);
  });

  it("never falls back to the unannotated schema codes", () => {
    for (const { item, subject } of corpus) {
      const codes = validate(item, subject, "reference").map((problem) => problem.code);
      expect(codes, item.id).not.toContain("E_SCHEMA");
      expect(codes, item.id).not.toContain("W_SCHEMA");
    }
  });

  it("uses every reason code of the catalogue that a single value can produce", () => {
    const used = new Set(corpus.flatMap(({ item }) => [...item.dagster, ...item.reference, ...(item.info ?? [])]));
    const transcriptOnly = ["E_BLANK_LINE", "E_JSON_SYNTAX", "E_JSON_INT_TOO_LONG", "E_JSON_TOO_DEEP", "E_INVALID_UTF8", "W_NO_FINAL_NEWLINE", "I_PROGRAM_OUTPUT", "I_LINE_TOO_LONG", "E_SCHEMA", "W_SCHEMA"];
    const unused = Object.keys(PROBLEM_CODES).filter((code) => !used.has(code) && !transcriptOnly.includes(code));
    expect(unused).toEqual([]);
  });
});
