/**
 * A shrunk counterexample is reported with the findings of the run that judged it, never with the
 * first (unshrunk) run's: the faulty fixture writes every log level "WARNING" as "WARN", a
 * generated script with one such log among others shrinks to that log alone, and the finding then
 * names action 1 of 1, not the log's place in the first script.
 */
import { describe, expect, it } from "vitest";
import { resolveCapabilities, runConformance } from "../../suites/api.js";
import { PYTHON } from "../helpers/python.js";

describe("a shrunk generated case", () => {
  it("shows the shrunk run's findings beside the shrunk counterexample", async () => {
    const report = await runConformance({
      argv: [PYTHON, "test/fixtures/python/faulty-driver.py", "--fault", "level-warn"],
      capabilities: resolveCapabilities({ driven: true }),
      cases: ["driven.generated-actions"],
      seed: 188954030,
      runs: 3,
      concurrency: 2,
      timeoutMs: 60_000,
      shrinkTimeMs: 120_000,
    });
    const shrunk = report.results.filter((result) => result.generated?.shrunk === true);
    expect(shrunk.map((result) => result.id)).toEqual(["driven.generated-actions#actions=1"]);
    for (const result of shrunk) {
      const actions = JSON.parse(result.generated!.counterexample) as { op: string }[];
      const texts = (result.findings ?? []).map((finding) => `${finding.expected} ${finding.actual}`);
      expect(texts.length, result.id).toBeGreaterThan(0);
      // Every action a finding names is in the counterexample, and so is the first's text.
      const named = texts.flatMap((text) => [...text.matchAll(/action (\d+)/g)].map((match) => Number(match[1])));
      expect(named.length).toBeGreaterThan(0);
      for (const index of named) expect(index, `${result.id}: ${texts.join(" | ")} for ${result.generated!.counterexample}`).toBeLessThanOrEqual(actions.length);
      expect(result.actual).toBe(result.findings![0]!.actual);
      expect(result.reason).toBe("W_IMAGE_REPRESENTATION");
    }
  }, 600_000);
});
