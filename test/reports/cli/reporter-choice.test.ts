/**
 * Which reporters run where: `--output NAME=FILE` adds a file and keeps the console on stdout
 * (a CI job that saves its JSON report still prints its progress), `--reporter` names the stdout
 * reporter explicitly, and two documents never share stdout (GitHub's annotation lines may).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PYTHON } from "../../helpers/python.js";
import { runCli } from "../fake-io.js";

const scratch = mkdtempSync(join(tmpdir(), "reporter-choice-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const TARGET = ["--case", "lifecycle.opened-first", "--", PYTHON, join(process.cwd(), "test/fixtures/python/conforming-driver.py")];

describe("reporters on stdout and in files", () => {
  it("--output json=FILE alone keeps the console on stdout", async () => {
    const run = await runCli(["--output", "json=report.json", ...TARGET], scratch);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^pipes-conformance \S+ · protocol 0\.1/);
    expect(run.stdout).toMatch(/\d+ passed, 0 failed/);
    expect(JSON.parse(readFileSync(join(scratch, "report.json"), "utf8")).results.length).toBeGreaterThan(0);
  });

  it("--reporter json prints only the JSON document", async () => {
    const run = await runCli(["--reporter", "json", "--output", "junit=report.xml", ...TARGET], scratch);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).header.tool.name).toBe("pipes-conformance");
    expect(readFileSync(join(scratch, "report.xml"), "utf8")).toMatch(/^<\?xml/);
  });

  it("refuses two documents on stdout with exit 2, and lets GitHub's annotations join the console", async () => {
    const both = await runCli(["--reporter", "console", "--reporter", "json", ...TARGET], scratch);
    expect(both).toMatchObject({ code: 2, stdout: "", stderr: "pipes-conformance: reporters console and json would both write to stdout: send all but one to files with --output NAME=FILE\n" });
    const github = await runCli(["--reporter", "console", "--reporter", "github", ...TARGET], scratch, { GITHUB_STEP_SUMMARY: join(scratch, "summary.md") });
    expect(github.code, github.stderr).toBe(0);
  });
});
