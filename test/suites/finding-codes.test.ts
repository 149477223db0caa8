import { describe, expect, it } from "vitest";
import { listCases } from "../../suites/api.js";
import { CHECK_CODES, FINDING_CODES, findingLevel, LEVEL_ORDER, levelOfPrefix } from "../../suites/finding-codes.js";
import type { Level } from "../../suites/model/case.js";
import { summarize, type CaseResult } from "../../suites/model/report.js";
import { collectFindings } from "../../suites/runner.js";

const rank = (level: Level): number => LEVEL_ORDER.indexOf(level);

describe("the level table", () => {
  it("gives every code the level its prefix says (E_ MUST, W_ SHOULD, I_ INFO), a rule and a reason", () => {
    const wrong = Object.entries(FINDING_CODES).filter(([code, entry]) => levelOfPrefix(code) !== entry.level || entry.why.trim() === "" || entry.rule.quote.trim() === "");
    expect(wrong.map(([code, entry]) => `${code}: ${entry.level}`)).toEqual([]);
    expect(Object.keys(CHECK_CODES).length).toBeGreaterThan(30);
  });

  it("knows every code every case can report, and no case reports above its level", () => {
    const problems: string[] = [];
    for (const definition of listCases()) {
      let worst: Level = "INFO";
      for (const verifier of definition.expect) {
        expect(verifier.codes.length, `${definition.id} ${verifier.name} declares its codes`).toBeGreaterThan(0);
        for (const code of verifier.codes) {
          if (FINDING_CODES[code] === undefined) {
            problems.push(`${definition.id}: ${verifier.name} reports ${code}, which the table does not know`);
            continue;
          }
          const level = findingLevel(code);
          if (rank(level) < rank(worst)) worst = level;
          if (rank(level) < rank(definition.level)) problems.push(`${definition.id} (${definition.level}) can report ${code} (${level})`);
        }
      }
      // A case's level is the worst it can report: the catalogue never claims more or less.
      if (worst !== definition.level) problems.push(`${definition.id} is listed ${definition.level} but can report at worst ${worst}`);
    }
    expect(problems).toEqual([]);
  });

  it("lists one entry per case ID", () => {
    const ids = listCases().map((definition) => definition.id);
    expect(ids.length).toBe(new Set(ids).size);
  });

  it("derives each result's verdict from its worst finding's level", () => {
    const findings = collectFindings([
      { code: "W_CLOSED_TWICE", expected: "one closed", actual: "two" },
      { code: "E_METADATA_NOT_OBJECT", expected: "an object", actual: "[]", shape: "/params/metadata" },
      { code: "W_CLOSED_TWICE", expected: "one closed", actual: "two again" },
    ]);
    expect(findings.map((finding) => [finding.code, finding.level, finding.rootCause])).toEqual([
      ["E_METADATA_NOT_OBJECT", "MUST", "E_METADATA_NOT_OBJECT@/params/metadata"],
      ["W_CLOSED_TWICE", "SHOULD", "W_CLOSED_TWICE"],
    ]);
    expect(() => collectFindings([{ code: "E_NOT_IN_THE_TABLE", expected: "", actual: "" }])).toThrow(/level table/);
  });

  it("groups the findings of many results into one root cause each, most severe first", () => {
    const result = (id: string, ...codes: [string, string?][]): CaseResult => {
      const findings = collectFindings(codes.map(([code, shape]) => ({ code, expected: "e", actual: `a ${id}`, ...(shape === undefined ? {} : { shape }) })));
      const first = findings[0]!;
      const verdict = first.level === "MUST" ? "fail" : first.level === "SHOULD" ? "warn" : "info";
      return { id, caseId: id, title: id, area: "x", level: "MUST", mode: "observed", refs: [], verdict, reason: first.code, durationMs: 1, findings, rootCause: first.rootCause };
    };
    const summary = summarize([
      result("a.one", ["E_BLANK_LINE", ""], ["W_CLOSED_TWICE"]),
      result("a.two", ["E_JSON_SYNTAX", ""]),
      result("a.three", ["W_CLOSED_TWICE"]),
      result("a.four", ["E_METADATA_NOT_OBJECT", "/params/metadata"]),
    ]);
    // A blank line is a JSON syntax error to Dagster's reader: one cause, named by the first code.
    expect(summary.rootCauses.map((cause) => [cause.id, cause.code, cause.level, cause.cases])).toEqual([
      ["E_JSON_SYNTAX", "E_BLANK_LINE", "MUST", ["a.one", "a.two"]],
      ["E_METADATA_NOT_OBJECT@/params/metadata", "E_METADATA_NOT_OBJECT", "MUST", ["a.four"]],
      ["W_CLOSED_TWICE", "W_CLOSED_TWICE", "SHOULD", ["a.one", "a.three"]],
    ]);
  });
});
