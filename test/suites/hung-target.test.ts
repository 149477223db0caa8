/**
 * A target that hangs: after `--max-timeouts` consecutive case timeouts (3 by default) with no case
 * finishing in between, the suite stops, says why at once, and marks what did not run `not-run`
 * (never skip or pass); the run fails. A target that hangs in one case only still gets every
 * other case run. Judged by what the report holds (how many cases timed out before the stop), not
 * by the clock: with at most `concurrency` cases in flight, a stop after 3 timeouts bounds the run
 * to a few timeouts, whatever the machine's load.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Report } from "../../suites/model/report.js";
import { runCli } from "../reports/fake-io.js";
import { PYTHON } from "../helpers/python.js";

const FAULTY = [PYTHON, "test/fixtures/python/faulty-driver.py"];

const scratch = mkdtempSync(join(tmpdir(), "hung-target-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the suite with the console on stdout and the JSON report in a file. */
async function suite(args: string[], fault: string, timeoutSeconds = 5): Promise<{ code: number; report: Report; stdout: string }> {
  const json = join(scratch, `${fault}-${args.length}.json`);
  const run = await runCli(["--concurrency", "2", "--timeout", String(timeoutSeconds), "--kill-grace", "0.5", "--output", `json=${json}`, ...args, "--", ...FAULTY, "--fault", fault], process.cwd());
  return { code: run.code, report: JSON.parse(readFileSync(json, "utf8")) as Report, stdout: run.stdout };
}

describe("a hung target", () => {
  it("stops the suite after 3 timeouts in a row: the rest is not run, with the reason, and the run fails", async () => {
    const { code, report, stdout } = await suite([], "hang");
    expect(code).toBe(1);
    const timeouts = report.results.filter((result) => result.verdict === "timeout");
    // Two cases in flight: the third timeout stops the run, the fourth was already running.
    expect(timeouts.length).toBeGreaterThanOrEqual(3);
    expect(timeouts.length).toBeLessThanOrEqual(4);
    const notRun = report.results.filter((result) => result.verdict === "not-run");
    expect(notRun.length).toBeGreaterThan(30);
    expect(new Set(notRun.map((result) => result.reason))).toEqual(new Set(["HUNG_TARGET"]));
    expect(notRun[0]!.message).toMatch(/^not run: the target timed out on 3 cases in a row: it hangs; rerun one case with --case \S+ to see it$/);
    expect(report.results.some((result) => result.verdict === "skip" && /interrupt|not run/.test(result.message ?? ""))).toBe(false);
    expect(report.summary).toMatchObject({ incomplete: true, dagsterAcceptance: false });
    // Said at once, before the summary, and first in the summary.
    expect(stdout).toMatch(/⛔ stopping: the target timed out on 3 cases in a row/);
    expect(stdout).toMatch(/\nSTOPPED: the target timed out on 3 cases in a row: it hangs; .*: \d+ case\(s\) not run; this report is incomplete and does not pass\n/);
  }, 300_000);

  it("--max-timeouts 0 never stops; a target that hangs in one case only still runs every other case", async () => {
    // A generous timeout: the cases that do finish must never be cut by a busy machine.
    const { report } = await suite(["--max-timeouts", "0", "--case", "bootstrap.*", "--case", "lifecycle.*"], "hang-on-null-asset-keys", 30);
    expect(report.results.filter((result) => result.verdict === "timeout").map((result) => result.id)).toEqual(["bootstrap.null-asset-keys"]);
    expect(report.results.filter((result) => result.verdict === "not-run")).toEqual([]);
    const { report: defaults } = await suite(["--case", "bootstrap.*", "--case", "lifecycle.*"], "hang-on-null-asset-keys", 30);
    expect(defaults.results.filter((result) => result.verdict === "not-run")).toEqual([]);
    expect(defaults.results.filter((result) => result.verdict === "pass").length).toBeGreaterThan(5);
  }, 300_000);
});
