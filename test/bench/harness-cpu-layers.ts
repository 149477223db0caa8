/**
 * Benchmark: the harness's own CPU time per case, layer by layer, at the suite's concurrency. On
 * a machine whose cores the targets keep busy (the suite-overhead bench runs two targets on two
 * cores), every millisecond of the harness's CPU is about a millisecond of overhead per case, so
 * this tells which part of the suite overhead is the launch stack every case needs and which part
 * is the suite's own work. Each layer adds to the one before:
 *
 * 1. `bare_spawn`: `child_process.spawn`, stdio ignored (what the overhead bench's bare runs do);
 * 2. `spawn_with_pipes`: the same with stdout and stderr piped and read;
 * 3. `launch`: the harness's launch (`launchProcess`: execa, detached group, pipes, the run cookie,
 *    the group and escape sweep after exit), with a ready bootstrap;
 * 4. `minimal_case`: the least a case needs around that launch, without the harness's reading and
 *    judging: a temp directory, the context file, an empty messages file and the two bootstrap
 *    values written for it, the launch, the messages file read whole and each line given to
 *    `JSON.parse`, the directory removed;
 * 5. `session`: a whole session (`runSession`: temp directory, context and messages files, two
 *    bootstrap values, the launch, the file tailer, parsing, the Dagster emulation, the record);
 * 6. `suite`: a suite run's CPU divided by the cases that ran the program (planning, sessions,
 *    verification, results).
 *
 * Layers are measured in interleaved rounds (1, 2, ... 6, 1, 2...) and each figure is the median
 * of its rounds, so that load that comes and goes shifts all of them alike. CPU time is this
 * process's, all of its threads (`process.cpuUsage`): the targets' own time is not in it.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchProcess } from "../../harness/process/launch.js";
import { runSession } from "../../harness/session.js";
import { runConformance } from "../../suites/api.js";
import { defaultContext } from "../../suites/context-variations.js";
import { readyBootstrapEnvironments, readyMessagesFile, spawnAndWait } from "./ready-bootstrap.js";
import { inRounds, median } from "./rounds.js";

/** The harness's CPU per case (ms, all threads of this process), layer by layer (medians of rounds). */
export interface HarnessCpuLayers {
  /** Layer 1: `child_process.spawn`, stdio ignored. */
  bare_spawn: number;
  /** Layer 2: the same, stdout and stderr piped and read. */
  spawn_with_pipes: number;
  /** Layer 3: the harness's launch (`launchProcess`) with a ready bootstrap. */
  launch: number;
  /** Layer 4: the least a case needs around that launch. */
  minimal_case: number;
  /** Layer 5: a whole session (`runSession`). */
  session: number;
  /** Layer 6: a suite run's CPU per case that ran the program. */
  suite: number;
  /** The cases of the suite layer (those that ran the program), and the runs of every other layer. */
  cases: number;
  concurrency: number;
  rounds: number;
}

/** Runs `count` jobs at `concurrency` and returns this process's CPU time per job (ms). */
async function cpuPerJob(count: number, concurrency: number, job: (index: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await job(next++);
    }),
  );
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000 / count;
}

/** The harness's launch of `argv` with `env`, output read and dropped. */
function launch(argv: readonly string[], env: Record<string, string>): Promise<unknown> {
  return launchProcess({ argv, env, timeoutMs: 60_000, killGraceMs: 2000, orphanGraceMs: 2000, onStdout: () => undefined, onStderr: () => undefined });
}

/**
 * The least a case needs around a launch (layer 4 above): its own directory, the context and
 * messages files and the two bootstrap values written for them, the launch, the messages read.
 * The file operations are synchronous: for such small files they cost a fifth of the CPU of their
 * `fs/promises` forms (≈ 0.12 against ≈ 0.6 ms for the lot), and this layer is meant as a floor.
 */
async function minimalCase(argv: readonly string[], parent: string): Promise<void> {
  const directory = mkdtempSync(join(parent, "case-"));
  try {
    await launch(argv, readyBootstrapEnvironments(directory, 1)[0]!);
    for (const line of readFileSync(readyMessagesFile(directory, 0), "utf8").split("\n")) if (line !== "") JSON.parse(line);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * Measures the layers against `argv` (a conforming program) at `concurrency`: `rounds` rounds of
 * one suite run and as many runs of every other layer as the suite ran the program.
 */
export async function measureHarnessCpuLayers(argv: readonly string[], concurrency: number, rounds = 3): Promise<HarnessCpuLayers> {
  const directory = mkdtempSync(join(tmpdir(), "pipes-conformance-bench-"));
  try {
    const first = await runConformance({ argv, seed: 1, concurrency });
    const cases = first.results.filter((result) => result.launch !== undefined).length;
    const perRound = await inRounds(rounds, async (round) => {
      const layer = async (name: string, job: (env: Record<string, string>) => Promise<unknown>): Promise<number> => {
        const layerDirectory = mkdtempSync(join(directory, `${name}-${round}-`));
        try {
          const envs = readyBootstrapEnvironments(layerDirectory, cases);
          return await cpuPerJob(cases, concurrency, (index) => job(envs[index]!));
        } finally {
          rmSync(layerDirectory, { recursive: true, force: true });
        }
      };
      const bareSpawn = await layer("bare", (env) => spawnAndWait(argv, env, false));
      const spawnWithPipes = await layer("pipes", (env) => spawnAndWait(argv, env, true));
      const launched = await layer("launch", (env) => launch(argv, env));
      const minimal = await cpuPerJob(cases, concurrency, () => minimalCase(argv, directory));
      const session = await cpuPerJob(cases, concurrency, () => runSession({ argv, context: defaultContext() }));
      const suiteStarted = process.cpuUsage();
      await runConformance({ argv, seed: 1, concurrency });
      const suiteUsed = process.cpuUsage(suiteStarted);
      return { bareSpawn, spawnWithPipes, launch: launched, minimal, session, suite: (suiteUsed.user + suiteUsed.system) / 1000 / cases };
    });
    const figure = (pick: (round: (typeof perRound)[number]) => number): number => median(perRound.map(pick));
    return {
      bare_spawn: figure((round) => round.bareSpawn),
      spawn_with_pipes: figure((round) => round.spawnWithPipes),
      launch: figure((round) => round.launch),
      minimal_case: figure((round) => round.minimal),
      session: figure((round) => round.session),
      suite: figure((round) => round.suite),
      cases,
      concurrency,
      rounds,
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
