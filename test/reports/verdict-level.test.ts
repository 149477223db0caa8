import { describe, expect, it } from "vitest";
import { verdictLevelText } from "../../reports/verdict-level.js";

describe("verdictLevelText", () => {
  it("shows a warning of a MUST case as SHOULD, with the case's level beside it", () => {
    expect(verdictLevelText({ verdict: "warn", level: "MUST" })).toBe("SHOULD (a MUST case)");
  });

  it("is the case's level where the verdict agrees with it or has no level", () => {
    expect(verdictLevelText({ verdict: "fail", level: "MUST" })).toBe("MUST");
    expect(verdictLevelText({ verdict: "warn", level: "SHOULD" })).toBe("SHOULD");
    expect(verdictLevelText({ verdict: "pass", level: "MUST" })).toBe("MUST");
    expect(verdictLevelText({ verdict: "skip", level: "SHOULD" })).toBe("SHOULD");
  });
});
