/**
 * `diff`: each kind of transition, grouping of variants, notes about how the runs differ, the
 * three output formats, and the exit code (1 only for regressions).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { classifyTransition, diffReports, TRANSITION_KINDS, type DiffSide, type ReportDiff, type TransitionKind } from "../../reports/diff.js";
import { renderDiffConsole, renderDiffMarkdown } from "../../reports/diff-format.js";
import { formatJsonReport } from "../../reports/reporters/json-reporter.js";
import { createStyle } from "../../reports/terminal.js";
import type { Level } from "../../suites/model/case.js";
import type { Verdict } from "../../suites/model/report.js";
import { runCli } from "./fake-io.js";
import { interruptedReport, report, result } from "./synthetic-reports.js";

const scratch = mkdtempSync(join(tmpdir(), "diff-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function side(verdict: Verdict, reason?: string, level: Level = "MUST"): DiffSide {
  return { verdict, level, ...(reason === undefined ? {} : { reason }) };
}

/** Two reports with one case of every kind of transition (and one unchanged). */
function beforeAndAfter() {
  const old = report([
    result("a.pass-to-fail", "pass"),
    result("a.warn-to-fail", "warn", { reason: "W_X" }),
    result("a.skip-to-fail", "skip", { message: "not declared" }),
    result("a.reason", "fail", { reason: "E_OLD" }),
    result("a.fail-to-timeout", "fail", { reason: "E_X" }),
    result("a.pass-to-error", "pass"),
    result("a.pass-to-warn", "pass"),
    result("a.fail-to-skip", "fail", { reason: "E_X" }),
    result("a.fail-to-pass", "fail", { reason: "E_X" }),
    result("a.warn-to-pass", "warn", { reason: "W_X" }),
    result("a.warn-reason", "warn", { reason: "W_OLD" }),
    result("a.skip-to-pass", "skip", { message: "not declared" }),
    result("a.level", "pass", { level: "SHOULD" }),
    result("a.removed", "fail", { reason: "E_X" }),
    result("a.unchanged", "fail", { reason: "E_SAME" }),
    result("a.grouped#ctx=0", "pass"),
    result("a.grouped#ctx=1", "pass"),
    result("a.pass-to-not-run", "pass"),
    result("a.pass-to-not-judged", "pass"),
  ]);
  const next = report(
    [
      result("a.pass-to-fail", "fail", { reason: "E_NEW" }),
      result("a.warn-to-fail", "fail", { reason: "E_X" }),
      result("a.skip-to-fail", "fail", { reason: "E_X" }),
      result("a.reason", "fail", { reason: "E_NEW" }),
      result("a.fail-to-timeout", "timeout", { reason: "TIMEOUT", message: "slow" }),
      result("a.pass-to-error", "error", { reason: "HARNESS_ERROR", message: "broke" }),
      result("a.pass-to-warn", "warn", { reason: "W_X" }),
      result("a.fail-to-skip", "skip", { message: "not declared" }),
      result("a.fail-to-pass", "pass"),
      result("a.warn-to-pass", "pass"),
      result("a.warn-reason", "warn", { reason: "W_NEW" }),
      result("a.skip-to-pass", "pass"),
      result("a.level", "pass", { level: "MUST" }),
      result("a.added", "pass"),
      result("a.unchanged", "fail", { reason: "E_SAME" }),
      result("a.grouped#ctx=0", "pass"),
      result("a.grouped#ctx=1", "pass"),
      result("a.grouped#ctx=2", "fail", { reason: "E_GEN" }),
      result("a.grouped#ctx=3", "pass"),
      result("a.pass-to-not-run", "not-run", { reason: "INTERRUPTED", message: "not run: the run was interrupted" }),
      result("a.pass-to-not-judged", "skip", { reason: "NOT_APPLICABLE", message: "not judged: no exception was reported on closed" }),
    ],
    { tool: { name: "pipes-conformance", version: "0.2.0" }, protocolVersion: "0.2", seed: 99 },
  );
  return { old, next };
}

function kinds(diff: ReportDiff): Record<string, TransitionKind> {
  return Object.fromEntries(diff.transitions.map((transition) => [transition.id, transition.kind]));
}

describe("classifyTransition", () => {
  it.each([
    [side("pass"), side("fail", "E"), "newly-failing"],
    [side("info", undefined, "INFO"), side("fail", "E"), "newly-failing"],
    [side("pass"), side("timeout", "TIMEOUT"), "newly-failing"],
    [side("fail", "A"), side("fail", "B"), "reason-changed"],
    [side("fail", "A"), side("timeout", "TIMEOUT"), "flaky"],
    [side("timeout", "TIMEOUT"), side("fail", "A"), "flaky"],
    [side("error", "HARNESS_ERROR"), side("fail", "A"), "flaky"],
    [side("fail", "A"), side("error", "HARNESS_ERROR"), "flaky"],
    [side("error", "HARNESS_ERROR"), side("pass"), "flaky"],
    [side("fail", "A"), side("pass"), "newly-passing"],
    [side("timeout", "TIMEOUT"), side("info", undefined), "newly-passing"],
    [side("pass"), side("warn", "W"), "newly-warning"],
    [side("fail", "A"), side("warn", "W"), "newly-warning"],
    [side("warn", "W"), side("pass"), "warning-resolved"],
    [side("pass"), side("skip"), "newly-skipped"],
    [side("skip"), side("pass"), "unskipped"],
    // A pass that turns into "ran, nothing to judge" is said as such, never a silent change.
    [side("pass"), side("skip", "NOT_APPLICABLE"), "no-longer-judged"],
    [side("fail", "E"), side("skip", "NOT_APPLICABLE"), "no-longer-judged"],
    [side("skip", "NOT_APPLICABLE"), side("pass"), "unskipped"],
    [side("pass", undefined, "SHOULD"), side("pass", undefined, "MUST"), "level-changed"],
    [side("pass"), side("info"), undefined],
    [side("fail", "A"), side("fail", "A"), undefined],
    [side("warn", "A"), side("warn", "B"), "warning-reason-changed"],
    [side("warn", "A"), side("warn", "A"), undefined],
    [side("pass"), side("not-run", "INTERRUPTED"), "not-run"],
    [side("not-run", "INTERRUPTED"), side("not-run", "INTERRUPTED"), "not-run"],
  ] as [DiffSide, DiffSide, TransitionKind | undefined][])("%j → %j is %s", (old, next, kind) => {
    expect(classifyTransition(old, next)).toBe(kind);
  });
});

describe("diffReports", () => {
  it("classifies every kind of transition and counts regressions", () => {
    const { old, next } = beforeAndAfter();
    const diff = diffReports(old, next);
    expect(kinds(diff)).toEqual({
      "a.pass-to-fail": "newly-failing",
      "a.warn-to-fail": "newly-failing",
      "a.skip-to-fail": "newly-failing",
      "a.grouped": "newly-failing",
      "a.reason": "reason-changed",
      "a.fail-to-timeout": "flaky",
      "a.pass-to-error": "flaky",
      "a.pass-to-warn": "newly-warning",
      "a.warn-reason": "warning-reason-changed",
      "a.fail-to-skip": "newly-skipped",
      "a.fail-to-pass": "newly-passing",
      "a.warn-to-pass": "warning-resolved",
      "a.skip-to-pass": "unskipped",
      "a.level": "level-changed",
      "a.added": "added",
      "a.removed": "removed",
      "a.pass-to-not-run": "not-run",
      "a.pass-to-not-judged": "no-longer-judged",
    });
    // What did not run is never "unchanged": the new report is incomplete, and says so.
    expect(diff.incomplete).toEqual(["incomplete report: the new report was stopped early, 1 case(s) not run"]);
    expect(new Set(diff.transitions.map((transition) => transition.kind))).toEqual(new Set(TRANSITION_KINDS));
    // Reported in kind order.
    const order = diff.transitions.map((transition) => TRANSITION_KINDS.indexOf(transition.kind));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(diff.regressions).toBe(5);
    expect(diff.unchanged).toBe(1);
  });

  it("groups a case's variants when the variant sets differ: the worst variant decides", () => {
    const { old, next } = beforeAndAfter();
    const grouped = diffReports(old, next).transitions.find((transition) => transition.id === "a.grouped")!;
    expect(grouped).toMatchObject({ old: { verdict: "pass" }, new: { verdict: "fail", reason: "E_GEN" }, variants: { old: 2, new: 4 } });
  });

  it("aligns variants one by one when both reports have the same ones", () => {
    const old = report([result("a.g#ctx=0", "pass"), result("a.g#ctx=1", "fail", { reason: "E_X" })]);
    const next = report([result("a.g#ctx=0", "fail", { reason: "E_X" }), result("a.g#ctx=1", "pass")]);
    expect(kinds(diffReports(old, next))).toEqual({ "a.g#ctx=0": "newly-failing", "a.g#ctx=1": "newly-passing" });
  });

  it("says how the runs differ: protocol, tool, seed", () => {
    const { old, next } = beforeAndAfter();
    const diff = diffReports(old, next, { old: "old.json", new: "new.json" });
    expect(diff.old).toEqual({ tool: "0.1.0", protocol: "0.1", startedAt: old.header.startedAt, file: "old.json" });
    expect(diff.new).toMatchObject({ tool: "0.2.0", protocol: "0.2" });
    expect(diff.notes).toEqual([
      "protocol versions differ (0.1 → 0.2): some cases are judged by other rules",
      "pipes-conformance versions differ (0.1.0 → 0.2.0): cases may have been added, removed or sharpened",
      "seeds or runs differ (1234×3 → 99×3): generated variants ran on different inputs",
    ]);
    expect(diffReports(old, old).notes).toEqual([]);
  });

  it("renders console and Markdown forms", async () => {
    const { old, next } = beforeAndAfter();
    const diff = diffReports(old, next, { old: "old.json", new: "new.json" });
    await expect(renderDiffConsole(diff, createStyle(false))).toMatchFileSnapshot("__snapshots__/diff-console.txt");
    await expect(renderDiffMarkdown(diff)).toMatchFileSnapshot("__snapshots__/diff.md");
  });
});

describe("diff command", () => {
  const { old, next } = beforeAndAfter();
  writeFileSync(join(scratch, "old.json"), formatJsonReport(old));
  writeFileSync(join(scratch, "new.json"), formatJsonReport(next));
  const improved = report([result("a.pass-to-fail", "pass"), result("a.reason", "pass")]);
  writeFileSync(join(scratch, "improved.json"), formatJsonReport(improved));

  it("exits 1 on regressions, grouped by kind on the console", async () => {
    const run = await runCli(["diff", "old.json", "new.json"], scratch);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("Newly failing (4)\n  a.pass-to-fail  pass → fail [E_NEW]  MUST\n");
    expect(run.stdout).toContain("  old: pipes-conformance 0.1.0 · protocol 0.1 · 2025-01-02T03:04:05.678Z · old.json\n");
    expect(run.stdout).toContain("  note: protocol versions differ (0.1 → 0.2)");
    expect(run.stdout).toContain("INCOMPLETE: incomplete report: the new report was stopped early, 1 case(s) not run\n");
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe("5 regression(s); a report is incomplete, so nothing is proven: exit 1");
  });

  it("exits 0 when nothing newly fails", async () => {
    const run = await runCli(["diff", "old.json", "improved.json", "--format", "json"], scratch);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as ReportDiff;
    expect(json.regressions).toBe(0);
    expect(json.old).toMatchObject({ tool: "0.1.0", protocol: "0.1" });
    expect(json.transitions).toContainEqual({ id: "a.reason", title: "Title of a.reason", kind: "newly-passing", old: { verdict: "fail", reason: "E_OLD", level: "MUST" }, new: { verdict: "pass", level: "MUST" } });
  });

  it("prints machine-readable JSON and Markdown", async () => {
    const json = await runCli(["diff", "old.json", "new.json", "--format", "json"], scratch);
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout) as ReportDiff;
    expect(parsed.regressions).toBe(5);
    expect(parsed.transitions.find((transition) => transition.id === "a.added")).toMatchObject({ kind: "added", old: null, new: { verdict: "pass" } });
    const markdown = await runCli(["diff", "old.json", "new.json", "--format", "markdown"], scratch);
    expect(markdown.code).toBe(1);
    expect(markdown.stdout).toMatch(/^## ⛔ pipes-conformance diff: 5 regression\(s\), incomplete\n/);
  });

  it("exits 1 for an interrupted run even with no regression: it never passes", async () => {
    writeFileSync(join(scratch, "interrupted.json"), formatJsonReport(interruptedReport()));
    const complete = report([result("lifecycle.opened-first", "pass"), result("lifecycle.closed-exactly-once", "pass"), result("framing.valid-utf8", "pass")]);
    writeFileSync(join(scratch, "complete.json"), formatJsonReport(complete));
    const run = await runCli(["diff", "complete.json", "interrupted.json"], scratch);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("INCOMPLETE: incomplete report: the new report was interrupted by SIGTERM, 2 case(s) not run");
    expect(run.stdout).toContain("Not run (the new report is incomplete) (2)");
  });

  it("exits 2 for a bad file or format", async () => {
    expect(await runCli(["diff", "old.json", "nope.json"], scratch)).toMatchObject({ code: 2, stderr: "pipes-conformance: cannot read report nope.json: no such file\n" });
    expect((await runCli(["diff", "old.json", "new.json", "--format", "xml"], scratch)).code).toBe(2);
    expect((await runCli(["diff", "old.json"], scratch)).code).toBe(2);
  });
});
