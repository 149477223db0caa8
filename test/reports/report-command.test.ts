/**
 * `pipes-conformance report FILE --reporter X [--output X=FILE]`: a saved report re-rendered through
 * any reporter gives what the live run's reporter gave; exit 0, or 2 for a bad file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderJunit } from "../../reports/reporters/junit-reporter.js";
import { formatJsonReport } from "../../reports/reporters/json-reporter.js";
import { runCli } from "./fake-io.js";
import { renderWith } from "./render.js";
import { everyVerdictReport } from "./synthetic-reports.js";
import { parseXml } from "./xml-well-formed.js";

const scratch = mkdtempSync(join(tmpdir(), "report-command-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const fixed = everyVerdictReport();
writeFileSync(join(scratch, "run.json"), formatJsonReport(fixed));
const strictFixed = everyVerdictReport({ strict: true });
writeFileSync(join(scratch, "strict.json"), formatJsonReport(strictFixed));

describe("report command", () => {
  it("re-renders through the console reporter by default, exit 0 even with failures", async () => {
    const run = await runCli(["report", "run.json"], scratch);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toBe(await renderWith("console", fixed));
  });

  it.each(["json", "junit", "github", "markdown"])("re-renders through %s as the live reporter would", async (name) => {
    const run = await runCli(["report", "run.json", "--reporter", name], scratch);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toBe(await renderWith(name, fixed));
  });

  it("takes --strict from the report", async () => {
    const run = await runCli(["report", "strict.json", "--reporter", "junit"], scratch);
    expect(run.stdout).toBe(renderJunit(strictFixed, "failure"));
  });

  it("writes several reporters, some to files", async () => {
    const run = await runCli(["report", "run.json", "--reporter", "markdown", "--output", "junit=out/junit.xml", "--output", "json=out/copy.json"], scratch);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toBe(await renderWith("markdown", fixed));
    expect(parseXml(readFileSync(join(scratch, "out", "junit.xml"), "utf8")).name).toBe("testsuites");
    expect(JSON.parse(readFileSync(join(scratch, "out", "copy.json"), "utf8"))).toEqual(JSON.parse(formatJsonReport(fixed)));
  });

  it("appends to GITHUB_STEP_SUMMARY from the environment", async () => {
    const summary = join(scratch, "summary.md");
    await runCli(["report", "run.json", "--reporter", "github"], scratch, { GITHUB_STEP_SUMMARY: summary });
    expect(readFileSync(summary, "utf8")).toContain("## ❌ pipes-conformance: failing");
  });

  it("exits 2 for a bad file, a future version, a bad reporter or a bad PIPES_CONFORMANCE_JUNIT_WARN", async () => {
    writeFileSync(join(scratch, "bad.json"), "{");
    const future = JSON.parse(formatJsonReport(fixed)) as { header: { reportVersion: number } };
    future.header.reportVersion = 7;
    writeFileSync(join(scratch, "future.json"), JSON.stringify(future));
    expect(await runCli(["report", "missing.json"], scratch)).toMatchObject({ code: 2, stdout: "", stderr: "pipes-conformance: cannot read report missing.json: no such file\n" });
    expect(await runCli(["report", "bad.json"], scratch)).toMatchObject({ code: 2, stdout: "" });
    expect((await runCli(["report", "future.json"], scratch)).stderr).toBe(
      "pipes-conformance: future.json: report version 7 was written by a newer pipes-conformance (this one reads version 2); upgrade\n",
    );
    expect((await runCli(["report", "run.json", "--reporter", "html"], scratch)).code).toBe(2);
    expect(await runCli(["report", "run.json", "--reporter", "junit"], scratch, { PIPES_CONFORMANCE_JUNIT_WARN: "maybe" })).toMatchObject({
      code: 2,
      stdout: "",
      stderr: 'pipes-conformance: PIPES_CONFORMANCE_JUNIT_WARN: "maybe" is not one of failure, skipped, passed\n',
    });
    expect((await runCli(["report"], scratch)).code).toBe(2);
  });

  it("is listed in the help with diff and merge", async () => {
    const help = await runCli(["--help"], scratch);
    for (const name of ["diff", "merge", "report"]) expect(help.stdout).toMatch(new RegExp(`^  ${name} `, "m"));
    expect((await runCli(["report", "--help"], scratch)).stdout).toContain("Usage: pipes-conformance report FILE");
  });
});
