/**
 * A baseline written by --update-baseline lists warnings too (so that --strict can use it); a run
 * without --strict must not call those entries stale while the case still warns.
 */
import { describe, expect, it } from "vitest";
import { parseBaseline } from "../../reports/baseline.js";
import { suiteExitCode } from "../../reports/suite-exit-code.js";
import { report, result } from "./synthetic-reports.js";

describe("baseline entries for warnings", () => {
  const baseline = parseBaseline("a.warns W_X\na.fails E_X\n", "baseline.txt");

  it("are not stale without --strict while the case still warns", () => {
    const run = report([result("a.warns", "warn", { reason: "W_X" }), result("a.fails", "fail", { reason: "E_X" })]);
    expect(suiteExitCode(run, { strict: false, baseline })).toEqual({ code: 0, notes: ["1 failure(s) tolerated by the baseline"] });
    expect(suiteExitCode(run, { strict: true, baseline })).toEqual({ code: 0, notes: ["2 failure(s) tolerated by the baseline"] });
  });

  it("are stale once the case passes", () => {
    const run = report([result("a.warns", "pass"), result("a.fails", "fail", { reason: "E_X" })]);
    const outcome = suiteExitCode(run, { strict: false, baseline });
    expect(outcome.code).toBe(1);
    expect(outcome.notes).toContain("stale baseline entry (line 1): a.warns W_X no longer fails that way; remove it");
  });
});
