/**
 * The cost of the /proc sweep that follows every launch (harness/process/process-sweep.ts), and of
 * the whole-table sweeps at a run's start and exit, with a given number of unrelated processes
 * alive (default 300 extra `sleep` processes: "a few hundred").
 *
 * Usage (after `npx tsc -p tsconfig.json`): node dist/test/bench/sweep-cost.js [--extra N] [--launches N]
 * Prints one JSON object: per-launch sweep wall and CPU time (median, p95, mean), processes in
 * /proc, and the whole-table sweeps' times.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { performance } from "node:perf_hooks";
import { listPids } from "../../harness/process/proc-table.js";
import { endOwnedProcesses, endProcessesOfDeadOwners, LaunchSweep } from "../../harness/process/process-sweep.js";
import { newLaunchCookie, RUN_COOKIE_VARIABLE } from "../../harness/process/run-owner.js";

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

function round(value: number, digits = 3): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}

async function main(): Promise<void> {
  const extra = option("extra", 300);
  const launches = option("launches", 200);
  const sleepers: ChildProcess[] = [];
  for (let index = 0; index < extra; index++) sleepers.push(spawn("sleep", ["120"], { stdio: "ignore" }));
  try {
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let index = 0; index < launches; index++) {
      const cookie = newLaunchCookie();
      // What a launch looks like to the sweep: a group leader that has exited, with the cookie.
      const child = spawn("true", [], { detached: true, stdio: "ignore", env: { ...process.env, [RUN_COOKIE_VARIABLE]: cookie } });
      await once(child, "exit");
      const sweep = new LaunchSweep(child.pid!, cookie);
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      await sweep.finish(2000);
      wall.push(performance.now() - started);
      const used = process.cpuUsage(cpuBefore);
      cpu.push((used.user + used.system) / 1000);
    }
    wall.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    const timed = async (run: () => Promise<unknown>): Promise<number> => {
      const started = performance.now();
      await run();
      return performance.now() - started;
    };
    const ownerSweepMs = await timed(() => endOwnedProcesses(2000));
    const deadOwnersSweepMs = await timed(() => endProcessesOfDeadOwners(2000));
    const result = {
      processes_in_proc: listPids().length,
      launches,
      per_launch_sweep_wall_ms: { median: round(percentile(wall, 50)), p95: round(percentile(wall, 95)), mean: round(wall.reduce((a, b) => a + b, 0) / wall.length) },
      per_launch_sweep_cpu_ms: { median: round(percentile(cpu, 50)), p95: round(percentile(cpu, 95)), mean: round(cpu.reduce((a, b) => a + b, 0) / cpu.length) },
      exit_sweep_wall_ms: round(ownerSweepMs),
      dead_owner_sweep_wall_ms: round(deadOwnersSweepMs),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    for (const sleeper of sleepers) sleeper.kill("SIGKILL");
  }
}

await main();
