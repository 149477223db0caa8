/**
 * The suite's exit code when the harness itself breaks: the runner records such a case as verdict
 * `error` with reason `HARNESS_ERROR` (one constant, suites/model/report.ts, for the runner and the
 * exit code), and the exit code must be 3 (a bug to
 * report), not 1 or 0, whatever else the run found.
 */
import { describe, expect, it } from "vitest";
import { EXIT } from "../../reports/exit-codes.js";
import { suiteExitCode } from "../../reports/suite-exit-code.js";
import { HARNESS_ERROR } from "../../suites/model/report.js";
import { report, result } from "./synthetic-reports.js";

describe("suiteExitCode on a harness error", () => {
  it("exits 3 and says it is a bug to report", () => {
    const run = report([result("a.passes", "pass"), result("a.breaks", "error", { reason: HARNESS_ERROR, message: "harness error: boom" })]);
    const outcome = suiteExitCode(run, { strict: false });
    expect(outcome.code).toBe(EXIT.INTERNAL);
    expect(outcome.notes.join("\n")).toMatch(/bug in pipes-conformance/);
  });

  it("exits 3 even when a case also failed, and under a baseline", () => {
    const run = report([result("a.fails", "fail", { reason: "E_X" }), result("a.breaks", "error", { reason: HARNESS_ERROR })]);
    expect(suiteExitCode(run, { strict: false }).code).toBe(EXIT.INTERNAL);
    expect(suiteExitCode(run, { strict: false, baseline: [{ id: "a.fails", line: 1 }] }).code).toBe(EXIT.INTERNAL);
  });

  it("does not exit 3 for an error that is not the harness's (a driver's refusal)", () => {
    const run = report([result("a.driver", "error", { reason: "DRIVER_UNSUPPORTED" })]);
    expect(suiteExitCode(run, { strict: false }).code).not.toBe(EXIT.INTERNAL);
  });
});

describe("suiteExitCode on cases that ran with nothing to judge (skip NOT_APPLICABLE)", () => {
  const notJudged = (id: string) => result(id, "skip", { reason: "NOT_APPLICABLE", message: "not judged: no exception was reported on closed" });

  it("never fails the gate, and beside a pass the run passes", () => {
    expect(suiteExitCode(report([result("a.passes", "pass"), notJudged("a.nothing")]), { strict: true }).code).toBe(EXIT.OK);
  });

  it("exits 4 when every case was skipped, and says how many ran with nothing to judge", () => {
    const outcome = suiteExitCode(report([notJudged("a.nothing"), result("a.undeclared", "skip", { message: "needs transport:cli" })]), { strict: false });
    expect(outcome.code).toBe(EXIT.NOTHING_RAN);
    expect(outcome.notes).toContain("every case was skipped (1 ran but had nothing to judge)");
  });

  it("keeps a baseline entry whose cases had nothing to judge (not known to be fixed)", () => {
    const outcome = suiteExitCode(report([result("a.passes", "pass"), notJudged("a.nothing")]), { strict: false, baseline: [{ id: "a.nothing", line: 1 }] });
    expect(outcome.notes.join("\n")).not.toMatch(/stale/);
    expect(outcome.code).toBe(EXIT.OK);
  });
});
