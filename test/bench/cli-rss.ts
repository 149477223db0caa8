/**
 * Benchmark: the peak RSS of the tool as a user runs it on a huge transcript, with default flags:
 * `pipes-conformance validate FILE` and `pipes-conformance run -- <a program copying FILE onto the
 * messages file>` (live view to /dev/null). The peak is read by GNU time (`%M`, the maximum
 * resident set of the process) when /usr/bin/time is there.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";

/** One command's peak. */
export interface CliRssFigures {
  peak_rss_mb: number;
  seconds: number;
  exitCode: number | null;
}

/** Whether the peak can be measured here. */
export const CLI_RSS_AVAILABLE = existsSync("/usr/bin/time");

/** Runs `node dist/reports/cli/bin.js ...args` under GNU time and returns its peak RSS. */
export async function measureCliRss(args: readonly string[]): Promise<CliRssFigures> {
  const started = performance.now();
  let stderr = "";
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const child = spawn("/usr/bin/time", ["-f", "PEAK_RSS_KB=%M", "node", "dist/reports/cli/bin.js", ...args], { stdio: ["ignore", "ignore", "pipe"] });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-4096);
    });
    child.once("error", reject);
    child.once("close", (code) => resolve(code));
  });
  const match = /PEAK_RSS_KB=(\d+)/.exec(stderr);
  if (match === null) throw new Error(`no peak RSS from /usr/bin/time: ${stderr.slice(-300)}`);
  return { peak_rss_mb: Math.round(Number(match[1]) / 1024), seconds: (performance.now() - started) / 1000, exitCode };
}
