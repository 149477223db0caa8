/**
 * Benchmark: how long the suite takes against a target that sleeps forever once it has sent
 * `opened` (the faulty fixture's `hang` fault), with `--timeout 5` and everything else at its
 * default, as CI would run it: the hung-target stop (`--max-timeouts`, 3 by default) must end it
 * within 3 × timeout + 10 s.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

/** The hung-target figures. */
export interface HungTargetFigures {
  seconds: number;
  exitCode: number | null;
  timeouts: number;
  notRun: number;
}

/** Runs the suite against the hanging fixture and times it. */
export async function measureHungTarget(python: string, timeoutSeconds = 5): Promise<HungTargetFigures> {
  const directory = mkdtempSync(join(tmpdir(), "pipes-conformance-bench-hung-"));
  try {
    const report = join(directory, "report.json");
    const started = performance.now();
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(
        "node",
        ["dist/reports/cli/bin.js", "--timeout", String(timeoutSeconds), "--output", `json=${report}`, "--", python, "test/fixtures/python/faulty-driver.py", "--fault", "hang"],
        { stdio: ["ignore", "ignore", "ignore"] },
      );
      child.once("error", reject);
      child.once("close", (code) => resolve(code));
    });
    const seconds = (performance.now() - started) / 1000;
    const results = (JSON.parse(readFileSync(report, "utf8")) as { results: { verdict: string }[] }).results;
    return {
      seconds,
      exitCode,
      timeouts: results.filter((result) => result.verdict === "timeout").length,
      notRun: results.filter((result) => result.verdict === "not-run").length,
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
