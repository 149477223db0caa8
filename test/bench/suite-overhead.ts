/**
 * Benchmark: what the suite costs on top of the target's own run time. The default suite runs
 * against the fastest-starting conforming fixture; in the same process, the same number of bare
 * runs of that fixture (spawned directly, with a ready bootstrap, nothing read or judged) run at
 * the same concurrency. Reported: the ratio suite / bare and the overhead per case.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { encodeBootstrapValue } from "../../harness/bootstrap/bootstrap-codec.js";
import { serializePythonJson } from "../../harness/json/serialize-python-json.js";
import type { JsonValue } from "../../harness/json/number-lexemes.js";
import { runConformance } from "../../suites/api.js";
import { defaultContext } from "../../suites/context-variations.js";

/** The suite-overhead figures. */
export interface OverheadFigures {
  target: string;
  cases: number;
  concurrency: number;
  suite_seconds: number;
  bare_seconds: number;
  suite_overhead_ratio: number;
  per_case_overhead_ms: number;
  /** The first (cold) run of a few cases, start-up costs included (schema compilation, JIT). */
  first_run_seconds: number;
}

/** Runs `count` bare launches of `argv` at `concurrency`, each with a fresh messages file. */
async function bareRuns(argv: readonly string[], count: number, concurrency: number): Promise<number> {
  const directory = mkdtempSync(join(tmpdir(), "pipes-conformance-bench-"));
  try {
    const contextFile = join(directory, "context");
    writeFileSync(contextFile, serializePythonJson(defaultContext() as JsonValue));
    const envs = Array.from({ length: count }, (_, index) => {
      const messages = join(directory, `messages-${index}`);
      writeFileSync(messages, "");
      return {
        ...process.env,
        DAGSTER_PIPES_CONTEXT: encodeBootstrapValue({ path: contextFile }),
        DAGSTER_PIPES_MESSAGES: encodeBootstrapValue({ path: messages, include_stdio_in_messages: false }),
      };
    });
    let next = 0;
    const started = performance.now();
    const worker = async (): Promise<void> => {
      while (next < count) {
        const env = envs[next++]!;
        await new Promise<void>((resolve, reject) => {
          const child = spawn(argv[0]!, argv.slice(1), { env, stdio: ["ignore", "ignore", "ignore"] });
          child.once("error", reject);
          child.once("exit", () => resolve());
        });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return (performance.now() - started) / 1000;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The fastest-starting of the candidates (median of a few bare runs each). */
export async function fastestTarget(candidates: readonly (readonly string[])[]): Promise<readonly string[]> {
  let best = candidates[0]!;
  let bestTime = Number.POSITIVE_INFINITY;
  for (const argv of candidates) {
    const time = await bareRuns(argv, 8, 1);
    if (time < bestTime) {
      best = argv;
      bestTime = time;
    }
  }
  return best;
}

/** Measures the default suite against `argv` and as many bare runs, at the same concurrency. */
export async function measureSuiteOverhead(argv: readonly string[], concurrency = availableParallelism()): Promise<OverheadFigures> {
  // Warm both paths (file caches, JIT, the validator's compiled schemas) before timing: the
  // one-time start-up cost is measured apart.
  await bareRuns(argv, 4, concurrency);
  const warmStarted = performance.now();
  await runConformance({ argv, seed: 1, concurrency, cases: ["schema.*", "bootstrap.env-file-context"] });
  const warmUpSeconds = (performance.now() - warmStarted) / 1000;
  const started = performance.now();
  const report = await runConformance({ argv, seed: 1, concurrency });
  const suiteSeconds = (performance.now() - started) / 1000;
  const cases = report.results.filter((result) => result.verdict !== "skip").length;
  if (report.summary.counts.fail + report.summary.counts.error + report.summary.counts.timeout > 0) throw new Error("the conforming fixture failed the suite");
  const bareSeconds = ((await bareRuns(argv, cases, concurrency)) + (await bareRuns(argv, cases, concurrency))) / 2;
  return {
    target: argv.join(" "),
    cases,
    concurrency,
    suite_seconds: suiteSeconds,
    bare_seconds: bareSeconds,
    suite_overhead_ratio: suiteSeconds / bareSeconds,
    per_case_overhead_ms: ((suiteSeconds - bareSeconds) * 1000 * concurrency) / cases,
    first_run_seconds: warmUpSeconds,
  };
}
