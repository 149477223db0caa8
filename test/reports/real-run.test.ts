/**
 * End to end on a real run (the faulty Python fixture, a few cases without generated variants, so
 * the run is deterministic): the JSON report of the suite is valid against the report schema and
 * reads back; its JUnit rendering is well-formed; and its shards merge into the unsharded report up
 * to timings.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readReport } from "../../reports/report-file.js";
import { reportSchemaProblem } from "../../reports/report-schema.js";
import type { Report } from "../../suites/model/report.js";
import { runCli } from "./fake-io.js";
import { elements, parseXml } from "./xml-well-formed.js";

const scratch = mkdtempSync(join(tmpdir(), "real-run-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const DRIVER = resolve("test/fixtures/python/faulty-driver.py");
const SELECTION = ["--case", "lifecycle.*", "--case", "protocol.*", "--case", "framing.one-object-per-line", "--case", "bootstrap.cli-arguments", "--exclude", "*#*"];
const TARGET = ["--", "python3", DRIVER, "--fault", "message-after-closed,version-wrong"];

function withoutTimings(report: Report): unknown {
  const { durationMs: _d, startedAt: _s, ...header } = report.header;
  return { header, results: report.results.map(({ durationMs: _t, ...entry }) => entry), summary: report.summary };
}

describe("a real run's reports", () => {
  it("are valid, re-render as well-formed JUnit, and merge from shards into the unsharded report", async () => {
    const full = await runCli(["--reporter", "json", "--seed", "7", ...SELECTION, ...TARGET], scratch);
    expect(full.code, full.stderr).toBe(1);
    const report = JSON.parse(full.stdout) as Report;
    expect(reportSchemaProblem(report)).toBeUndefined();
    expect(report.results.map((result) => result.verdict)).toContain("fail");
    expect(report.results.map((result) => result.verdict)).toContain("warn");
    expect(report.results.map((result) => result.verdict)).toContain("skip");
    writeFileSync(join(scratch, "full.json"), full.stdout);
    expect(readReport(join(scratch, "full.json"))).toEqual(report);

    const junit = await runCli(["report", "full.json", "--reporter", "junit"], scratch);
    expect(junit.code).toBe(0);
    const root = parseXml(junit.stdout);
    expect(elements(root, "testsuite").flatMap((suite) => elements(suite, "testcase")).length).toBe(report.results.length);

    const files: string[] = [];
    for (const shard of ["1/2", "2/2"]) {
      const run = await runCli(["--reporter", "json", "--seed", "7", "--shard", shard, ...SELECTION, ...TARGET], scratch);
      const file = `shard-${shard[0]}.json`;
      writeFileSync(join(scratch, file), run.stdout);
      files.push(file);
    }
    const merged = await runCli(["merge", ...files.reverse()], scratch);
    expect(merged.code, merged.stderr).toBe(0);
    expect(withoutTimings(JSON.parse(merged.stdout) as Report)).toEqual(withoutTimings(report));

    const diff = await runCli(["diff", "full.json", "full.json"], scratch);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain(`0 change(s), ${report.results.length} unchanged`);
  });
});
