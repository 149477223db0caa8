/**
 * Cases that ran with nothing to judge (skip `NOT_APPLICABLE`): every reporter counts them with
 * the skips, says "not judged", and never counts them as passed.
 */
import { describe, expect, it } from "vitest";
import { renderMarkdownSummary } from "../../reports/markdown-summary.js";
import { renderJunit } from "../../reports/reporters/junit-reporter.js";
import { summaryLine } from "../../reports/reporters/console-reporter.js";
import { renderWith } from "./render.js";
import { report, result } from "./synthetic-reports.js";

const WHY = "not judged: no exception was reported on closed, so there was no exit code to judge";
const run = report([
  result("a.passes", "pass"),
  result("errors.exception-exits-nonzero", "skip", { reason: "NOT_APPLICABLE", message: WHY }),
  result("errors.exception-exits-nonzero#ctx=0", "skip", { reason: "NOT_APPLICABLE", message: WHY }),
  result("bootstrap.cli-arguments", "skip", { message: "needs transport:cli, not declared (--transports env,cli)", durationMs: 0 }),
]);

describe("a case that ran with nothing to judge", () => {
  it("counts as skipped, not passed, in the summary", () => {
    expect(run.summary.counts.pass).toBe(1);
    expect(run.summary.counts.skip).toBe(3);
    expect(summaryLine(run)).toBe("1 passed, 0 failed, 3 skipped (2 not judged: nothing to judge)");
  });

  it("is listed under Not judged by the console reporter, with why", async () => {
    const text = await renderWith("console", run);
    expect(text).toContain("Not judged");
    expect(text).toContain(`SKIP NOT_APPLICABLE in 2 cases: ${WHY}`);
    // Planned skips only are "skipped for undeclared capabilities".
    expect(text).toContain("4 cases (1 skipped for undeclared capabilities)");
  });

  it("is a skipped test case in JUnit, with why", () => {
    const xml = renderJunit(run, "failure");
    expect(xml).toMatch(/<testsuites [^>]*tests="4" failures="0" errors="0" skipped="3"/);
    expect(xml).toContain(`<skipped message="${WHY}"/>`);
  });

  it("is in the skipped block of the Markdown summary, said apart", () => {
    const markdown = renderMarkdownSummary(run, { strict: false });
    expect(markdown).toContain("3 skipped (2 not judged: nothing to judge)");
  });
});
