/**
 * Benchmark: what the suite costs on top of the target's own run time. The default suite runs
 * against the fastest-starting conforming fixture; in the same process, the same number of bare
 * runs of that fixture (spawned directly, with a ready bootstrap, nothing read or judged) run at
 * the same concurrency, in interleaved rounds. Reported: the median ratio suite / bare, the
 * median overhead per case, and where a case's time goes (measured at concurrency 1).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { runConformance } from "../../suites/api.js";
import { defaultContext } from "../../suites/context-variations.js";
import { runSession } from "../../harness/session.js";
import { readyBootstrapEnvironments, spawnAndWait } from "./ready-bootstrap.js";
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
    const envs = readyBootstrapEnvironments(directory, count);
    let next = 0;
    const started = performance.now();
    const worker = async (): Promise<void> => {
      while (next < count) await spawnAndWait(argv, envs[next++]!);
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

/** Where a case's time goes, at concurrency 1, in ms per case (medians). */
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

/** Shards of the suite per round (suite and bare alternate once per shard). */
const SHARDS = 4;

/**
 * Where a case's time goes: bare runs, sessions of the default context through `runSession`
 * (timed from the launch's own clocks: spawn, exit, end) and one-case suite runs (the case's own
 * duration), interleaved one of each at a time so that load shifts all three alike.
 */
export async function overheadBreakdown(argv: readonly string[], count = 30): Promise<OverheadBreakdown> {
  const parts = { bare: [] as number[], setup: [] as number[], run: [] as number[], afterExit: [] as number[], record: [] as number[], total: [] as number[], case: [] as number[] };
  for (let index = 0; index < count; index++) {
    parts.bare.push((await bareRuns(argv, 1, 1)) * 1000);
    const started = performance.now();
    const record = await runSession({ argv, context: defaultContext() });
    const ended = performance.now();
    const outcome = record.process;
    parts.setup.push(outcome.startedAtMs - started);
    parts.run.push((outcome.exitedAtMs ?? outcome.endedAtMs) - outcome.startedAtMs);
    parts.afterExit.push(outcome.endedAtMs - (outcome.exitedAtMs ?? outcome.endedAtMs));
    parts.record.push(ended - outcome.endedAtMs);
    parts.total.push(ended - started);
    const report = await runConformance({ argv, seed: 1, concurrency: 1, cases: ["bootstrap.env-file-context"] });
    for (const result of report.results) if (result.verdict !== "skip") parts.case.push(result.durationMs);
  }
  // Medians: a busy machine's outliers would swamp the means of such short spans.
  const bareMs = median(parts.bare);
  return {
    bare_process_ms: bareMs,
    setup_ms: median(parts.setup),
    spawn_and_run_extra_ms: median(parts.run) - bareMs,
    after_exit_ms: median(parts.afterExit),
    record_ms: median(parts.record),
    verification_ms: median(parts.case) - median(parts.total),
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
  const shardCounts: number[] = [];
  // Each round runs the suite in shards, each shard followed (or, every other round, preceded) by
  // as many bare runs: suite and bare alternate every fraction of a second, so that load that
  // comes and goes shifts both alike; a round's ratio is its suite time over its bare time.
  const perRound = await inRounds(rounds, async (round) => {
    let suiteSeconds = 0;
    let bareSeconds = 0;
    let cases = 0;
    for (let index = 1; index <= SHARDS; index++) {
      const timeSuite = async (): Promise<number> => {
        const started = performance.now();
        const report = await runConformance({ argv, seed: 1, concurrency, shard: { index, count: SHARDS } });
        suiteSeconds += (performance.now() - started) / 1000;
        if (report.summary.counts.fail + report.summary.counts.error + report.summary.counts.timeout > 0) throw new Error("the conforming fixture failed the suite");
        // Every case that ran the program, "not judged" skips included: each is one bare run's worth.
        return report.results.filter((result) => result.launch !== undefined).length;
      };
      if (round % 2 === 0) {
        const shardCases = await timeSuite();
        bareSeconds += await bareRuns(argv, shardCases, concurrency);
        cases += shardCases;
      } else {
        // The shard's case count is the same every round: the first round's tells the bare count.
        const shardCases = shardCounts[index - 1]!;
        bareSeconds += await bareRuns(argv, shardCases, concurrency);
        await timeSuite();
        cases += shardCases;
      }
      if (round === 0) shardCounts.push(cases - shardCounts.reduce((sum, count) => sum + count, 0));
    }
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
