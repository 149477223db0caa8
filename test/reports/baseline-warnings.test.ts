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

describe("baseline notes, one per root cause", () => {
  it("a new deviation in many cases is one note listing them", () => {
    const failing = ["a.one", "a.two", "a.three", "a.four", "a.five", "a.six", "a.seven"].map((id) => result(id, "fail", { reason: "E_METADATA_NOT_OBJECT", rootCause: "E_METADATA_NOT_OBJECT@/params/metadata" }));
    const outcome = suiteExitCode(report([...failing, result("b.other", "fail", { reason: "E_NO_CLOSED" })]), { strict: false, baseline: parseBaseline("z.gone E_Z\n", "baseline.txt") });
    expect(outcome.code).toBe(1);
    expect(outcome.notes).toEqual([
      "new failure (not in the baseline): E_METADATA_NOT_OBJECT@/params/metadata in 7 cases: a.one, a.two, a.three, a.four, a.five, +2 more",
      "new failure (not in the baseline): b.other E_NO_CLOSED",
    ]);
  });

  it("entries made stale by one fix are one note with their lines", () => {
    const stale = parseBaseline("a.one E_X\na.two E_X\nb.keeps E_Y\n", "baseline.txt");
    const outcome = suiteExitCode(report([result("a.one", "pass"), result("a.two", "pass"), result("b.keeps", "fail", { reason: "E_Y" })]), { strict: false, baseline: stale });
    expect(outcome.notes).toContain("stale baseline entries (lines 1, 2): 2 cases E_X no longer fail that way (a.one, a.two); remove them");
  });
});
