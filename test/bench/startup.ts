/**
 * Benchmark: start-up, as a user meets it: the time from spawning `pipes-conformance list`,
 * `pipes-conformance --help` and `pipes-conformance run -- <program>` to their first byte of
 * output (the first line), against the time `node -e 0` takes to start and write (its first byte
 * of `process.stdout.write("0")`), in interleaved
 * rounds; the figure is the median over rounds of the slowest command's ratio to node.
 */
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { inRounds, median } from "./rounds.js";

const BIN = "dist/reports/cli/bin.js";

/** Start-up figures (ms are medians over rounds). */
export interface StartupFigures {
  /** Median over rounds of (slowest command's first output / node -e 0). */
  ratio_to_node: number;
  node_ms: number;
  list_ms: number;
  help_ms: number;
  run_first_line_ms: number;
  rounds: number;
}

/** Milliseconds from spawn to the first stdout byte (to exit when nothing is written). */
function timeToFirstOutput(argv: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ["ignore", "pipe", "ignore"] });
    let first: number | undefined;
    child.stdout.on("data", () => {
      first ??= performance.now() - started;
    });
    child.once("error", reject);
    child.once("close", () => resolve(first ?? performance.now() - started));
  });
}

/** Measures `rounds` interleaved rounds; `program` is a quick program for `run` to launch. */
export async function measureStartup(program: readonly string[], rounds = 7): Promise<StartupFigures> {
  // Warm the file cache once.
  await timeToFirstOutput(["node", BIN, "list"]);
  const results = await inRounds(rounds, async () => {
    // node's own start-up to its first output byte: the floor every command stands on.
    const node = await timeToFirstOutput(["node", "-e", "process.stdout.write('0')"]);
    const list = await timeToFirstOutput(["node", BIN, "list"]);
    const help = await timeToFirstOutput(["node", BIN, "--help"]);
    const run = await timeToFirstOutput(["node", BIN, "run", "--", ...program]);
    return { node, list, help, run, ratio: Math.max(list, help, run) / node };
  });
  return {
    ratio_to_node: median(results.map((result) => result.ratio)),
    node_ms: median(results.map((result) => result.node)),
    list_ms: median(results.map((result) => result.list)),
    help_ms: median(results.map((result) => result.help)),
    run_first_line_ms: median(results.map((result) => result.run)),
    rounds,
  };
}
