/**
 * `merge`: the shards of a run merge back into the report the unsharded run would have written
 * (up to timings), in plan order; shards of different runs, duplicated cases and repeated shards
 * are usage errors naming the field or case.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UsageError } from "../../reports/exit-codes.js";
import { mergeReports, sortInPlanOrder, type NamedReport } from "../../reports/merge.js";
import { formatJsonReport } from "../../reports/reporters/json-reporter.js";
import { listCases } from "../../suites/api.js";
import { DEFAULT_CAPABILITIES } from "../../suites/capabilities.js";
import { summarize, VERDICTS, type CaseResult, type Report, type ReportHeader } from "../../suites/model/report.js";
import { planRun, shardOf } from "../../suites/plan.js";
import { runCli } from "./fake-io.js";
import { header, interruptedReport, result } from "./synthetic-reports.js";

const scratch = mkdtempSync(join(tmpdir(), "merge-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const RUNS = 3;

/** A synthetic unsharded report over the real catalogue, planned as the suite plans it. */
function unshardedReport(): Report {
  const plan = planRun(listCases(), {
    capabilities: { ...DEFAULT_CAPABILITIES, driven: true },
    generated: { contexts: { observed: [{}, {}, {}], driven: [{}, {}, {}] }, actionScripts: [[], [], []], indices: [0, 1, 2] },
  });
  const results: CaseResult[] = plan.map((run, index) => {
    // A merged run is a complete one: every verdict but not-run.
    const complete = VERDICTS.filter((candidate) => candidate !== "not-run");
    const verdict = run.planned.skip !== undefined ? "skip" : complete[index % complete.length]!;
    return result(run.planned.id, verdict, {
      title: run.planned.title,
      level: run.planned.level,
      mode: run.planned.mode,
      durationMs: 10 + index,
      ...(verdict === "skip" ? { message: run.planned.skip ?? "not run" } : {}),
      ...(verdict === "fail" ? { reason: "E_SYNTHETIC", expected: "e", actual: "a" } : {}),
      ...(verdict === "warn" ? { reason: "W_SYNTHETIC", expected: "e", actual: "a" } : {}),
      ...(verdict === "timeout" || verdict === "error" ? { reason: "SYNTHETIC", message: "synthetic" } : {}),
      ...(run.generatedIndex !== undefined ? { generated: { seed: 1234, path: String(run.generatedIndex), counterexample: "{}", shrunk: false } } : {}),
    });
  });
  return { header: header({ runs: RUNS, durationMs: 9_000 }), results, summary: summarize(results) };
}

/** Splits a report into the shard reports `--shard i/count` would have written. */
function shards(full: Report, count: number): NamedReport[] {
  return Array.from({ length: count }, (_, index) => {
    const results = full.results.filter((entry) => shardOf(entry.id, count) === index + 1);
    const shardHeader: ReportHeader = {
      ...full.header,
      shard: { index: index + 1, count },
      startedAt: new Date(Date.parse(full.header.startedAt) + (count - index) * 1000).toISOString(),
      durationMs: 1000 + index,
    };
    return { file: `shard-${index + 1}.json`, report: { header: shardHeader, results, summary: summarize(results) } };
  });
}

/** A report without its timings. */
function withoutTimings(report: Report): unknown {
  const { durationMs: _d, startedAt: _s, ...rest } = report.header;
  return { header: rest, results: report.results.map(({ durationMs: _t, ...entry }) => entry), summary: report.summary };
}

describe("merge", () => {
  it("rebuilds the unsharded report from its shards, up to timings", () => {
    const full = unshardedReport();
    expect(full.results.length).toBeGreaterThan(40);
    for (const count of [1, 2, 3, 7]) {
      const parts = shards(full, count);
      // Shards given in any order merge the same.
      const { report, notes } = mergeReports([...parts].reverse());
      expect(notes).toEqual([]);
      expect(withoutTimings(report)).toEqual(withoutTimings(full));
      expect(report.header.shard).toBeUndefined();
      expect(report.header.durationMs).toBe(parts.reduce((total, part) => total + part.report.header.durationMs, 0));
      expect(report.header.startedAt).toBe(parts[count - 1]!.report.header.startedAt);
    }
  });

  it("orders a case's generated twin after it and variants by index", () => {
    const shuffled = [
      result("lifecycle.opened-first#ctx=2", "pass"),
      result("lifecycle.opened-first#ctx=10", "pass"),
      result("unknown.case", "pass"),
      result("lifecycle.opened-first", "pass"),
      result("lifecycle.opened-first#ctx=0", "pass"),
    ];
    expect(sortInPlanOrder(shuffled).map((entry) => entry.id)).toEqual([
      "lifecycle.opened-first",
      "lifecycle.opened-first#ctx=0",
      "lifecycle.opened-first#ctx=2",
      "lifecycle.opened-first#ctx=10",
      "unknown.case",
    ]);
  });

  it.each([
    ["seed", { seed: 99 }],
    ["runs", { runs: 5 }],
    ["command", { command: ["node", "other.js"] }],
    ["capabilities", { capabilities: { driven: false, transports: ["env"], contextForms: ["path"], channels: ["file"], without: [] } }],
    ["tool", { tool: { name: "pipes-conformance", version: "9.9.9" } }],
    ["shard.count", { shard: { index: 1, count: 4 } }],
  ] as [string, Partial<ReportHeader>][])("refuses shards that differ in %s", (field, change) => {
    const [first, second] = shards(unshardedReport(), 3);
    const other: NamedReport = { file: "other.json", report: { ...second!.report, header: { ...second!.report.header, ...change } } };
    let thrown: unknown;
    try {
      mergeReports([first!, other]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as Error).message).toMatch(new RegExp(`^merge: other\\.json differs from shard-1\\.json in ${field.replace(".", "\\.")} \\(.*\\): only shards of one run can be merged$`));
  });

  it("refuses a case present in two reports, and the same shard twice", () => {
    const parts = shards(unshardedReport(), 2);
    const twice = { file: "again.json", report: parts[0]!.report };
    expect(() => mergeReports([parts[0]!, twice])).toThrow(/^merge: shard-1\.json and again\.json are both shard 1\/2$/);
    const unsharded = (part: NamedReport): NamedReport => ({ file: part.file, report: { ...part.report, header: { ...part.report.header, shard: undefined } } });
    const duplicate = { file: "dup.json", report: { ...parts[0]!.report, header: { ...parts[0]!.report.header, shard: undefined } } };
    expect(() => mergeReports([unsharded(parts[0]!), duplicate])).toThrow(/^merge: case [^ ]+ is in both shard-1\.json and dup\.json$/);
  });

  it("refuses a missing shard and an incomplete shard", () => {
    const parts = shards(unshardedReport(), 3);
    expect(() => mergeReports([parts[0]!, parts[2]!])).toThrow(/^merge: shard\(s\) 2 of 3 missing: merge every shard of the run$/);
    expect(() => mergeReports([parts[0]!])).toThrow(/shard\(s\) 2, 3 of 3 missing/);
    const interrupted = interruptedReport();
    const cut = { file: "cut.json", report: { ...interrupted, header: { ...parts[1]!.report.header, interrupted: interrupted.header.interrupted }, results: parts[1]!.report.results, summary: summarize(parts[1]!.report.results, true) } };
    expect(() => mergeReports([parts[0]!, cut, parts[2]!])).toThrow(/^merge: cut\.json is an incomplete report \(interrupted by SIGTERM, 0 case\(s\) not run\): rerun that shard$/);
  });

  it("runs as a command: reports in, one report out", async () => {
    const full = unshardedReport();
    const files = shards(full, 3).map((part) => {
      writeFileSync(join(scratch, part.file), formatJsonReport(part.report));
      return part.file;
    });
    const run = await runCli(["merge", ...files], scratch);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(withoutTimings(JSON.parse(run.stdout) as Report)).toEqual(withoutTimings(JSON.parse(JSON.stringify(full)) as Report));

    const toFile = await runCli(["merge", ...files, "--output", "merged.json"], scratch);
    expect(toFile).toMatchObject({ code: 0, stdout: "", stderr: "" });
    expect(JSON.parse(readFileSync(join(scratch, "merged.json"), "utf8")).header.shard).toBeUndefined();
    const partial = await runCli(["merge", files[0]!, files[1]!], scratch);
    expect(partial).toMatchObject({ code: 2, stdout: "", stderr: "pipes-conformance: merge: shard(s) 3 of 3 missing: merge every shard of the run\n" });

    const bad = await runCli(["merge", files[0]!, "missing.json"], scratch);
    expect(bad).toMatchObject({ code: 2, stdout: "", stderr: "pipes-conformance: cannot read report missing.json: no such file\n" });
    expect((await runCli(["merge"], scratch)).code).toBe(2);
  });
});
