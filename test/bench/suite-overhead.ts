/**
 * Benchmark: what the suite costs on top of the target's own run time. The default suite runs
 * against the fastest-starting conforming fixture; in the same process, the same number of bare
 * runs of that fixture (spawned directly, with a ready bootstrap, nothing read or judged) run at
 * the same concurrency, in interleaved rounds. Reported: the median ratio suite / bare, the
 * median overhead per case, and where a case's time goes (measured at concurrency 1).
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
import { runSession } from "../../harness/session.js";
import { inRounds, median } from "./rounds.js";

/** The suite-overhead figures. */
export interface OverheadFigures {
  target: string;
  cases: number;
  concurrency: number;
  /** Medians over rounds. */
  suite_seconds: number;
  bare_seconds: number;
  suite_overhead_ratio: number;
  per_case_overhead_ms: number;
  /** The first (cold) run of a few cases, start-up costs included (JIT, file caches). */
  first_run_seconds: number;
  /** Interleaved rounds measured (the figures are medians over them). */
  rounds: number;
  /** Each round's suite / bare ratio. */
  round_ratios: number[];
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

/** Where a case's time goes, at concurrency 1, in ms per case (means). */
export interface OverheadBreakdown {
  /** The program alone, spawned bare (no harness). */
  bare_process_ms: number;
  /** Session set-up before the spawn: temp directory, context and messages files, bootstrap. */
  setup_ms: number;
  /** Spawn to exit of the program under the harness (detached group, pipes, cookie) less the bare run. */
  spawn_and_run_extra_ms: number;
  /** Exit to end of the launch: output drained, process group swept, file tailer's final drain. */
  after_exit_ms: number;
  /** End of the launch to the session record: splitters ended, verdict built, temp directory removed. */
  record_ms: number;
  /** A whole case less its session: planning, verification, result building (runner). */
  verification_ms: number;
}

/** Mean of some numbers. */
function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
}

/** Times `count` bare runs one by one; returns each run's ms. */
async function bareRunTimes(argv: readonly string[], count: number): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    await bareRuns(argv, 1, 1);
    times.push(performance.now() - started);
  }
  return times;
}

/**
 * Where a case's time goes: sessions of the default context run one at a time through
 * `runSession` (timed from its own clocks: the launch's spawn, exit and end), bare runs of the same
 * program, and a small suite at concurrency 1 (its cases' durations less a session's).
 */
export async function overheadBreakdown(argv: readonly string[], count = 30): Promise<OverheadBreakdown> {
  const bare = await bareRunTimes(argv, count);
  const parts = { setup: [] as number[], run: [] as number[], afterExit: [] as number[], record: [] as number[], total: [] as number[] };
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    const record = await runSession({ argv, context: defaultContext() });
    const ended = performance.now();
    const outcome = record.process;
    parts.setup.push(outcome.startedAtMs - started);
    parts.run.push((outcome.exitedAtMs ?? outcome.endedAtMs) - outcome.startedAtMs);
    parts.afterExit.push(outcome.endedAtMs - (outcome.exitedAtMs ?? outcome.endedAtMs));
    parts.record.push(ended - outcome.endedAtMs);
    parts.total.push(ended - started);
  }
  const report = await runConformance({ argv, seed: 1, concurrency: 1, cases: ["bootstrap.*", "lifecycle.*"] });
  const caseMs = mean(report.results.filter((result) => result.verdict !== "skip").map((result) => result.durationMs));
  // The bare run timed from outside includes the bench's own spawn bookkeeping; the session's run
  // is timed from the launch's clocks: both are spawn-to-exit of the same program.
  const bareMs = mean(bare);
  return {
    bare_process_ms: bareMs,
    setup_ms: mean(parts.setup),
    spawn_and_run_extra_ms: mean(parts.run) - bareMs,
    after_exit_ms: mean(parts.afterExit),
    record_ms: mean(parts.record),
    verification_ms: caseMs - mean(parts.total),
  };
}

/**
 * Measures the default suite against `argv` and as many bare runs at the same concurrency, in
 * interleaved rounds (suite, bare, suite, bare...): the ratio and the overhead per case are the
 * medians of the rounds' own, so that load that comes and goes shifts both sides alike.
 */
export async function measureSuiteOverhead(argv: readonly string[], concurrency = availableParallelism(), rounds = 5): Promise<OverheadFigures> {
  // Warm both paths (file caches, JIT) before timing: the one-time start-up cost is measured apart.
  await bareRuns(argv, 4, concurrency);
  const warmStarted = performance.now();
  await runConformance({ argv, seed: 1, concurrency, cases: ["schema.*", "bootstrap.env-file-context"] });
  const warmUpSeconds = (performance.now() - warmStarted) / 1000;
  const perRound = await inRounds(rounds, async () => {
    const started = performance.now();
    const report = await runConformance({ argv, seed: 1, concurrency });
    const suiteSeconds = (performance.now() - started) / 1000;
    const cases = report.results.filter((result) => result.verdict !== "skip").length;
    if (report.summary.counts.fail + report.summary.counts.error + report.summary.counts.timeout > 0) throw new Error("the conforming fixture failed the suite");
    const bareSeconds = await bareRuns(argv, cases, concurrency);
    return { cases, suiteSeconds, bareSeconds, ratio: suiteSeconds / bareSeconds, perCaseMs: ((suiteSeconds - bareSeconds) * 1000 * concurrency) / cases };
  });
  return {
    target: argv.join(" "),
    cases: perRound[0]!.cases,
    concurrency,
    rounds,
    suite_seconds: median(perRound.map((round) => round.suiteSeconds)),
    bare_seconds: median(perRound.map((round) => round.bareSeconds)),
    suite_overhead_ratio: median(perRound.map((round) => round.ratio)),
    per_case_overhead_ms: median(perRound.map((round) => round.perCaseMs)),
    round_ratios: perRound.map((round) => Number(round.ratio.toFixed(3))),
    first_run_seconds: warmUpSeconds,
  };
}
