/**
 * `npm run bench`: every benchmark, printed as a table against its goal and written as JSON
 * (`bench-results.json`); `npm run bench -- --json` prints only the JSON object.
 * Options: `--quick` (smaller transcripts, for a smoke run), `--skip-1gb`.
 */
import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, cpus, platform, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { existsSync } from "node:fs";
import { measureLatency } from "./live-latency.js";
import { measurePipeline, writeTranscript } from "./message-pipeline.js";
import { fastestTarget, measureSuiteOverhead } from "./suite-overhead.js";
import { benchValidationThroughput } from "./validation-throughput.js";

const json = process.argv.includes("--json");
const quick = process.argv.includes("--quick");
const skipBig = process.argv.includes("--skip-1gb") || quick;
const log = (text: string): void => {
  if (!json) process.stderr.write(`${text}\n`);
};
const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

const directory = mkdtempSync(join(tmpdir(), "pipes-conformance-bench-"));
try {
  log("suite overhead: choosing the fastest-starting conforming fixture…");
  const target = await fastestTarget([
    [PYTHON, "test/fixtures/python/conforming-driver.py"],
    ["node", "dist/test/fixtures/node/conforming-driver.js"],
  ]);
  const overhead = await measureSuiteOverhead(target);
  log(`  ${overhead.cases} cases, suite ${overhead.suite_seconds.toFixed(2)} s, bare ${overhead.bare_seconds.toFixed(2)} s`);

  const count = quick ? 100_000 : 1_000_000;
  log(`message pipeline: writing a transcript of ${count.toLocaleString("en-US")} messages…`);
  const transcript = join(directory, "transcript.jsonl");
  await writeTranscript(transcript, count);
  const pipelineFile = await measurePipeline("file", transcript, PYTHON);
  const pipelineStderr = await measurePipeline("stderr", transcript, PYTHON);
  let big: Awaited<ReturnType<typeof measurePipeline>> | undefined;
  let bigCapped: Awaited<ReturnType<typeof measurePipeline>> | undefined;
  let bigSmallYoung: Awaited<ReturnType<typeof measurePipeline>> | undefined;
  if (!skipBig) {
    log("message pipeline: writing a 1 GB transcript…");
    const bigTranscript = join(directory, "transcript-1gb.jsonl");
    await writeTranscript(bigTranscript, 0, 1 << 30);
    big = await measurePipeline("file", bigTranscript, PYTHON);
    // The same with V8's old space capped: what the pipeline really holds, without the garbage
    // V8's default heap growth lets pile up between collections.
    bigCapped = await measurePipeline("file", bigTranscript, PYTHON, ["--max-old-space-size=64"]);
    // And with the smaller young generation the README suggests through NODE_OPTIONS.
    bigSmallYoung = await measurePipeline("file", bigTranscript, PYTHON, ["--max-semi-space-size=4"]);
    rmSync(bigTranscript);
  }

  log("live latency…");
  const latencyFile = await measureLatency("file");
  const latencyStderr = await measureLatency("stderr");
  log("validation throughput…");
  const validation = await benchValidationThroughput({ messages: 100_000 });

  const figures = {
    suite_overhead_ratio: round(overhead.suite_overhead_ratio, 3),
    suite_per_case_overhead_ms: round(overhead.per_case_overhead_ms, 2),
    suite_cases: overhead.cases,
    suite_first_run_seconds: round(overhead.first_run_seconds, 3),
    suite_target: overhead.target,
    pipeline_messages_per_s: Math.min(pipelineFile.messages_per_s, pipelineStderr.messages_per_s),
    pipeline_messages_per_s_file: pipelineFile.messages_per_s,
    pipeline_messages_per_s_stderr: pipelineStderr.messages_per_s,
    pipeline_messages: pipelineFile.messages,
    pipeline_peak_rss_mb: big?.peak_rss_mb ?? Math.max(pipelineFile.peak_rss_mb, pipelineStderr.peak_rss_mb),
    pipeline_peak_rss_transcript_mb: Math.round((big?.bytes ?? pipelineFile.bytes) / (1 << 20)),
    pipeline_1gb_messages_per_s: big?.messages_per_s ?? null,
    pipeline_peak_rss_mb_heap_capped_64mb: bigCapped?.peak_rss_mb ?? null,
    pipeline_peak_rss_mb_semi_space_4mb: bigSmallYoung?.peak_rss_mb ?? null,
    pipeline_1gb_messages_per_s_semi_space_4mb: bigSmallYoung?.messages_per_s ?? null,
    latency_p50_ms_file: round(latencyFile.p50, 3),
    latency_p99_ms_file: round(latencyFile.p99, 3),
    latency_p50_ms_stderr: round(latencyStderr.p50, 3),
    latency_p99_ms_stderr: round(latencyStderr.p99, 3),
    validated_messages_per_s: validation.validated_messages_per_s,
    machine: { platform: `${platform()} ${release()}`, cpus: availableParallelism(), cpu: cpus()[0]?.model ?? "", memory_gb: Math.round(totalmem() / (1 << 30)), node: process.version },
    measured_at: new Date().toISOString(),
  };
  writeFileSync("bench-results.json", `${JSON.stringify(figures, null, 2)}\n`);
  if (json) {
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } else {
    const rows: [string, string, string, boolean][] = [
      ["suite overhead (suite / bare)", `${figures.suite_overhead_ratio}`, "≤ 1.15", figures.suite_overhead_ratio <= 1.15],
      ["suite overhead per case", `${figures.suite_per_case_overhead_ms} ms`, "≤ 3 ms", figures.suite_per_case_overhead_ms <= 3],
      ["pipeline, file channel", `${figures.pipeline_messages_per_s_file.toLocaleString("en-US")} msg/s`, "≥ 300,000", figures.pipeline_messages_per_s_file >= 300_000],
      ["pipeline, stderr channel", `${figures.pipeline_messages_per_s_stderr.toLocaleString("en-US")} msg/s`, "≥ 300,000", figures.pipeline_messages_per_s_stderr >= 300_000],
      [`pipeline peak RSS (${figures.pipeline_peak_rss_transcript_mb} MB transcript)`, `${figures.pipeline_peak_rss_mb} MB`, "≤ 150 MB (1 GB)", figures.pipeline_peak_rss_mb <= 150],
      ["  the same, V8 old space capped at 64 MB", `${figures.pipeline_peak_rss_mb_heap_capped_64mb ?? "-"} MB`, "≤ 150 MB (1 GB)", (figures.pipeline_peak_rss_mb_heap_capped_64mb ?? Infinity) <= 150],
      ["  the same, --max-semi-space-size=4", `${figures.pipeline_peak_rss_mb_semi_space_4mb ?? "-"} MB, ${figures.pipeline_1gb_messages_per_s_semi_space_4mb?.toLocaleString("en-US") ?? "-"} msg/s`, "≤ 150 MB (1 GB)", (figures.pipeline_peak_rss_mb_semi_space_4mb ?? Infinity) <= 150],
      ["live latency p99, file", `${figures.latency_p99_ms_file} ms (p50 ${figures.latency_p50_ms_file})`, "≤ 5 ms", figures.latency_p99_ms_file <= 5],
      ["live latency p99, stderr", `${figures.latency_p99_ms_stderr} ms (p50 ${figures.latency_p50_ms_stderr})`, "≤ 5 ms", figures.latency_p99_ms_stderr <= 5],
      ["validation (parsed, one core)", `${figures.validated_messages_per_s.toLocaleString("en-US")} msg/s`, "≥ 1,000,000", figures.validated_messages_per_s >= 1_000_000],
    ];
    const width = Math.max(...rows.map((row) => row[0].length));
    console.log(`\n${"benchmark".padEnd(width)}  ${"measured".padEnd(34)}  goal`);
    for (const [name, value, goal, met] of rows) console.log(`${name.padEnd(width)}  ${value.padEnd(34)}  ${goal}  ${met ? "met" : "NOT MET"}`);
    console.log(`\nmachine: ${figures.machine.platform}, ${figures.machine.cpus} CPUs (${figures.machine.cpu}), ${figures.machine.memory_gb} GB, Node ${figures.machine.node}; suite target: ${figures.suite_target}`);
    console.log("figures written to bench-results.json");
  }
} finally {
  rmSync(directory, { recursive: true, force: true });
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
