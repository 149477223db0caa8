/**
 * The traffic script the channel, transport and form twins run holds no number trap (no whole
 * float, no `__infer__` entry beside typed ones): those cases judge the channel, and a library's
 * number defect fails the number cases instead. Checked on the script and on a library with such a
 * defect (the faulty fixture writing whole floats as integers).
 */
import { describe, expect, it } from "vitest";
import { resolveCapabilities, runConformance } from "../../suites/api.js";
import { TRAFFIC } from "../../suites/cases/driven-traffic.js";
import { PYTHON } from "../helpers/python.js";

describe("the traffic script", () => {
  it("has typed metadata only, with no whole float", () => {
    for (const action of TRAFFIC) {
      const metadata = "metadata" in action ? (action.metadata as Record<string, { raw_value: unknown; type: string }> | null | undefined) : undefined;
      for (const [label, entry] of Object.entries(metadata ?? {})) {
        expect(entry.type, label).not.toBe("__infer__");
        if (entry.type === "float") expect(Number.isInteger(entry.raw_value), `${label}: a whole float`).toBe(false);
      }
    }
  });

  it("judges the channel, not the numbers: a library that writes whole floats as integers passes it", async () => {
    const report = await runConformance({
      argv: [PYTHON, "test/fixtures/python/faulty-driver.py", "--fault", "whole-float-as-int"],
      // The data form declared: else driven.context-form-data is skipped and judges nothing.
      capabilities: resolveCapabilities({ driven: true, contextForms: ["path", "data"] }),
      cases: ["driven.channel-file", "driven.context-form-data", "driven.materialization-scalar-metadata"],
      seed: 1,
      runs: 1,
      concurrency: 2,
      timeoutMs: 60_000,
    });
    const verdicts = Object.fromEntries(report.results.map((result) => [result.id, `${result.verdict} ${result.reason ?? ""}`.trim()]));
    expect(verdicts["driven.channel-file"]).toBe("pass");
    expect(verdicts["driven.context-form-data"]).toBe("pass");
    expect(verdicts["driven.materialization-scalar-metadata"]).toBe("fail E_METADATA_FLOAT_AS_INT");
  }, 120_000);
});
