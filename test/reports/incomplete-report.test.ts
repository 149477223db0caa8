import { describe, expect, it } from "vitest";
import { isGateFailure } from "../../reports/baseline.js";
import { suiteExitCode } from "../../reports/suite-exit-code.js";
import { EXIT } from "../../reports/exit-codes.js";
import { renderWith } from "./render.js";
import { interruptedReport, report, result } from "./synthetic-reports.js";
import { parseXml } from "./xml-well-formed.js";

describe("an interrupted report", () => {
  const interrupted = interruptedReport();

  it("is incomplete, never accepted, and fails the gate", () => {
    expect(interrupted.summary).toMatchObject({ incomplete: true, dagsterAcceptance: false, counts: { pass: 1, "not-run": 2 } });
    expect(interrupted.results.filter((candidate) => isGateFailure(candidate, false)).map((candidate) => candidate.id)).toEqual(["lifecycle.closed-exactly-once", "framing.valid-utf8"]);
    expect(suiteExitCode(interrupted, { strict: false }).code).toBe(EXIT.FAILURES);
    // A baseline never tolerates a case that did not run.
    expect(suiteExitCode(interrupted, { strict: false, baseline: [{ id: "framing.valid-utf8", line: 1 }, { id: "lifecycle.closed-exactly-once", line: 2 }] }).code).toBe(EXIT.FAILURES);
  });

  it("says INTERRUPTED first on the console, and never 'acceptance: yes'", async () => {
    const text = await renderWith("console", interrupted);
    const end = text.slice(text.indexOf("\n\n"));
    expect(end.trimStart().startsWith("INTERRUPTED by SIGTERM at 2025-01-02T03:04:09.000Z: 2 case(s) not run; this report is incomplete and does not pass")).toBe(true);
    expect(text).toContain("Dagster acceptance: NOT JUDGED (the run is incomplete)");
    expect(text).not.toContain("acceptance: yes");
    expect(text.trimEnd().split("\n").at(-1)).toBe("1 passed, 0 failed, 2 not run");
  });

  it("heads the Markdown summary as incomplete", async () => {
    const markdown = await renderWith("markdown", interrupted);
    expect(markdown.split("\n")[0]).toBe("## ⛔ pipes-conformance: incomplete");
    expect(markdown).toContain("**INTERRUPTED by SIGTERM");
    expect(markdown).toContain("⛔ 2 not run (the report is incomplete)");
  });

  it("has an error testcase in JUnit, and each case not run is an error", async () => {
    const xml = await renderWith("junit", interrupted);
    parseXml(xml);
    expect(xml).toMatch(/<testcase name="run\.complete" classname="run" time="0">\s*<error message="INTERRUPTED by SIGTERM[^"]*" type="INTERRUPTED">/);
    expect(xml).toMatch(/<testsuites name="pipes-conformance" tests="4" failures="0" errors="3"/);
  });

  it("reads as complete when nothing was cut", async () => {
    const complete = report([result("lifecycle.opened-first", "pass")]);
    expect(complete.summary.incomplete).toBe(false);
    expect(await renderWith("junit", complete)).not.toContain("run.complete");
  });
});
