/**
 * `schemas/report.schema.json` validates exactly what the JSON reporter writes: the real reporter's
 * output on fixed reports is valid (ajv, JSON Schema 2020-12, strict mode), and what is not a report
 * is refused. Its enumerations follow the code's.
 */
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { CHANNELS, CONTEXT_FORMS, TRANSPORTS } from "../../harness/bootstrap/bootstrap-params.js";
import { REPORT_SCHEMA_FILE, REPORT_SCHEMA_ID } from "../../reports/report-schema.js";
import { mergeReports } from "../../reports/merge.js";
import { listCases } from "../../suites/api.js";
import { FEATURES } from "../../suites/model/case.js";
import { REPORT_VERSION, VERDICTS } from "../../suites/model/report.js";
import { renderWith } from "./render.js";
import { everyVerdictReport, HOSTILE, report, result } from "./synthetic-reports.js";

const schema = JSON.parse(readFileSync(REPORT_SCHEMA_FILE, "utf8")) as { $id: string; $defs: Record<string, { enum?: unknown[]; properties?: Record<string, { pattern?: string; const?: unknown }> }> };
const ajv = new Ajv2020({ strict: true, allErrors: true });
ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
const validate = ajv.compile(schema);

/** The JSON reporter's output, parsed. */
async function jsonOutput(fixed = everyVerdictReport()): Promise<Record<string, any>> {
  return JSON.parse(await renderWith("json", fixed)) as Record<string, any>;
}

describe("report schema", () => {
  it("is identified and versioned as documented", () => {
    expect(schema.$id).toBe(REPORT_SCHEMA_ID);
    expect((schema as unknown as { $schema: string }).$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect((schema.$defs.header!.properties!.reportVersion as { enum: number[] }).enum).toEqual([1, REPORT_VERSION]);
  });

  it("accepts what the JSON reporter writes", async () => {
    for (const fixed of [everyVerdictReport(), everyVerdictReport({ strict: true, shard: { index: 2, count: 3 }, selection: { cases: ["lifecycle.*"], exclude: [] } }), report([])]) {
      const output = await jsonOutput(fixed);
      expect(validate(output), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it("accepts a merged report", async () => {
    const merged = mergeReports([{ file: "a.json", report: everyVerdictReport() }]).report;
    expect(validate(await jsonOutput(merged)), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ["a missing header field", (value: Record<string, any>) => delete value.header.seed],
    ["a future report version", (value: Record<string, any>) => (value.header.reportVersion = REPORT_VERSION + 1)],
    ["an unknown verdict", (value: Record<string, any>) => (value.results[0].verdict = "passed")],
    ["an unknown result field", (value: Record<string, any>) => (value.results[0].extra = 1)],
    ["an unknown header field", (value: Record<string, any>) => (value.header.extra = 1)],
    ["a fail without reason", (value: Record<string, any>) => delete value.results[1].reason],
    ["a skip without message", (value: Record<string, any>) => delete value.results[6].message],
    ["a variant without suffix", (value: Record<string, any>) => (value.results[2].id = "context.tolerated")],
    ["a suffix without variant", (value: Record<string, any>) => delete value.results[2].variant],
    ["a bad reason code", (value: Record<string, any>) => (value.results[1].reason = "closed twice")],
    ["a bad fast-check path", (value: Record<string, any>) => (value.results[2].generated.path = "2;0")],
    ["a bad start time", (value: Record<string, any>) => (value.header.startedAt = "yesterday")],
    ["a negative duration", (value: Record<string, any>) => (value.results[0].durationMs = -1)],
    ["a missing summary count", (value: Record<string, any>) => delete value.summary.counts.timeout],
    ["an unknown channel", (value: Record<string, any>) => (value.header.capabilities.channels = ["pipe"])],
    ["an empty command", (value: Record<string, any>) => (value.header.command = [])],
    ["a rule anchor outside docs/", (value: Record<string, any>) => (value.results[0].refs[0].anchor = "../shared/PROTOCOL.md#x")],
    ["a not-run result without its reason", (value: Record<string, any>) => ((value.results[0].verdict = "not-run"), delete value.results[0].reason)],
    ["a finding whose code has no level prefix", (value: Record<string, any>) => (value.results[0].findings = [{ code: "X_BAD", level: "MUST", expected: "", actual: "", rootCause: "X_BAD" }])],
    ["a rule anchor without its id", (value: Record<string, any>) => (value.results[0].refs[0].anchor = "docs/PROTOCOL.md")],
  ])("refuses %s", async (_what, spoil) => {
    const output = await jsonOutput();
    spoil(output);
    expect(validate(output)).toBe(false);
  });

  it("keeps its enumerations in step with the code", () => {
    const defs = schema.$defs;
    expect(defs.verdict!.enum).toEqual([...VERDICTS]);
    expect(defs.transport!.enum).toEqual([...TRANSPORTS]);
    expect(defs.contextForm!.enum).toEqual([...CONTEXT_FORMS]);
    expect(defs.channel!.enum).toEqual([...CHANNELS]);
    expect(defs.feature!.enum).toEqual([...FEATURES]);
  });

  it("accepts every case ID of the catalogue", () => {
    const pattern = new RegExp(defsPattern("caseId"));
    for (const definition of listCases()) expect(definition.id).toMatch(pattern);
  });

  it("accepts every rule anchor of the catalogue, and refs without one (reports written before anchors)", async () => {
    const refSchema = (schema.$defs.result!.properties!.refs as unknown as { items: { properties: { anchor: { pattern: string } } } }).items;
    const pattern = new RegExp(refSchema.properties.anchor.pattern);
    for (const definition of listCases()) for (const ref of definition.refs) expect(ref.anchor).toMatch(pattern);
    const output = await jsonOutput();
    for (const entry of output.results as { refs: { anchor?: string }[] }[]) for (const ref of entry.refs) delete ref.anchor;
    expect(validate(output), JSON.stringify(validate.errors)).toBe(true);
  });

  it("accepts hostile text anywhere text goes", async () => {
    const fixed = report([result("framing.valid-utf8", "fail", { reason: "E_X", title: HOSTILE, actual: HOSTILE, stderrTail: HOSTILE })]);
    expect(validate(await jsonOutput(fixed))).toBe(true);
  });
});

function defsPattern(field: string): string {
  return schema.$defs.result!.properties![field]!.pattern!;
}
