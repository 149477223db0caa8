/**
 * `session-succeeds` on programs that stop with their own error: a realistic user script that
 * materializes without naming the asset is not blamed under contexts it cannot serve (several
 * assets, none), while a program that fails under the default context still fails.
 */
import { describe, expect, it } from "vitest";
import { resolveCapabilities, runConformance } from "../../../suites/api.js";
import { PYTHON } from "../../helpers/python.js";

const EXAMPLE = [PYTHON, "test/fixtures/python/example-target.py"];
const FAULTY = [PYTHON, "test/fixtures/python/faulty-driver.py"];
const CONTEXT_SHAPES = ["bootstrap.null-asset-keys", "context.several-assets"];

async function run(argv: string[], cases: string[]) {
  const report = await runConformance({ argv, capabilities: resolveCapabilities({}), cases, seed: 3, runs: 1, concurrency: 2 });
  return Object.fromEntries(report.results.map((result) => [result.id, result]));
}

describe("session-succeeds", () => {
  it("does not blame the library when the program's own error, reported on closed, ends a run under a non-default context", async () => {
    const results = await run(EXAMPLE, ["bootstrap.env-file-context", ...CONTEXT_SHAPES]);
    expect(results["bootstrap.env-file-context"]).toMatchObject({ verdict: "pass" });
    expect(results["bootstrap.env-file-context"]!.observation ?? "").not.toMatch(/own error/);
    for (const id of CONTEXT_SHAPES) {
      expect(results[id], id).toMatchObject({ verdict: "pass" });
      // The error is quoted, so a reader sees why the case could not judge the run.
      expect(results[id]!.observation, id).toMatch(/not applicable: the program stopped with its own error, reported on closed \(mini_pipes\.MiniPipesError: Calling `report_asset_materialization` without passing an asset key/);
    }
  });

  it("still fails a program whose error ends the run under the default context", async () => {
    const results = await run([...FAULTY, "--fault", "observed-raise"], ["bootstrap.env-file-context", "bootstrap.null-asset-keys"]);
    expect(results["bootstrap.env-file-context"]).toMatchObject({ verdict: "fail", reason: "E_PROGRAM_ERROR" });
    expect(results["bootstrap.null-asset-keys"]).toMatchObject({ verdict: "pass" });
    expect(results["bootstrap.null-asset-keys"]!.observation).toMatch(/observed failure/);
  });

  it("warns of a library that crashes on a context shape without closed (the exit code already fails the step)", async () => {
    const results = await run([...FAULTY, "--fault", "crash-on-null-asset-keys"], ["bootstrap.null-asset-keys"]);
    expect(results["bootstrap.null-asset-keys"]).toMatchObject({ verdict: "warn", reason: "W_NO_CLOSED_AFTER_CRASH" });
  });
});
