/**
 * `npm run bench`: every benchmark, printed as one table (figure, measured, goal, met) with the
 * machine's load average, and written as JSON (`bench-results.json`); `npm run bench -- --json`
 * prints only the JSON object, with the same figures. Every ratio is the median of per-round
 * ratios of interleaved runs (rounds.ts), so that a busy machine shifts both sides alike.
 * Options: `--quick` (smaller transcripts, fewer rounds, no 1 GB runs), `--skip-1gb`.
 */
// The suite is measured in this process: with the installed command's V8 settings, applied first.
import "./cli-v8-settings.js";
import { mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { availableParallelism, cpus, loadavg, platform, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { CLI_RSS_AVAILABLE, measureCliRss } from "./cli-rss.js";
import { measureHarnessCpuLayers } from "./harness-cpu-layers.js";
import { measureHungTarget } from "./hung-target.js";
import { measureLatency } from "./live-latency.js";
import { measurePipeline, writeTranscript } from "./message-pipeline.js";
import { measureParallelStages } from "./parallel-stages.js";
import { measureParseTechniques } from "./parse-techniques.js";
import { measureStartup } from "./startup.js";
import { fastestTarget, measureSuiteOverhead, overheadBreakdown } from "./suite-overhead.js";
import { benchValidationThroughput } from "./validation-throughput.js";

const json = process.argv.includes("--json");
const quick = process.argv.includes("--quick");
const skipBig = process.argv.includes("--skip-1gb") || quick;
const log = (text: string): void => {
  if (!json) process.stderr.write(`${text}\n`);
};
const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const load = (): number[] => loadavg().map((value) => Number(value.toFixed(2)));

const directory = mkdtempSync(join(tmpdir(), "pipes-conformance-bench-"));
try {
  const loadAtStart = load();
  log("start-up: list, --help and run's first line against node -e 0, in rounds…");
  const startup = await measureStartup(["node", "-e", "0"], quick ? 3 : 7);

  log("suite overhead: choosing the fastest-starting conforming fixture…");
  const target = await fastestTarget([
    [PYTHON, "test/fixtures/python/conforming-driver.py"],
    ["node", "dist/test/fixtures/node/conforming-driver.js"],
  ]);
  const overhead = await measureSuiteOverhead(target, availableParallelism(), quick ? 3 : 5);
  log(`  ${overhead.cases} cases, rounds ${overhead.round_ratios.join(", ")}`);
  log("suite overhead: where a case's time goes (concurrency 1)…");
  const breakdown = await overheadBreakdown(target, quick ? 10 : 30);
  log("suite overhead: the harness's CPU per case, layer by layer (bare spawn, pipes, launch, session, suite)…");
  const layers = await measureHarnessCpuLayers(target, availableParallelism(), quick ? 1 : 3);

  const count = quick ? 100_000 : 1_000_000;
  log(`message pipeline: writing a transcript of ${count.toLocaleString("en-US")} messages…`);
  const transcript = join(directory, "transcript.jsonl");
  await writeTranscript(transcript, count);
  const pipelineFile = await measurePipeline("file", transcript, PYTHON);
  const pipelineStderr = await measurePipeline("stderr", transcript, PYTHON);
  log("parse techniques…");
  const techniques = measureParseTechniques(quick ? 20_000 : 50_000);
  log("the per-message stages on worker threads (1, then 2)…");
  const parallel = { one_thread: await measureParallelStages(transcript, 1), two_threads: await measureParallelStages(transcript, 2) };

  let rssValidate: Awaited<ReturnType<typeof measureCliRss>> | undefined;
  let rssRun: Awaited<ReturnType<typeof measureCliRss>> | undefined;
  let rssTranscriptBytes = 0;
  if (!skipBig && CLI_RSS_AVAILABLE) {
    log("peak RSS: writing a 1 GB transcript…");
    const bigTranscript = join(directory, "transcript-1gb.jsonl");
    rssTranscriptBytes = (await writeTranscript(bigTranscript, 0, 1 << 30)).bytes;
    log("peak RSS: pipes-conformance validate (1 GB)…");
    rssValidate = await measureCliRss(["validate", bigTranscript]);
    log("peak RSS: pipes-conformance run (a target writing 1 GB)…");
    rssRun = await measureCliRss(["run", "--timeout", "3600", "--", PYTHON, "test/fixtures/bench/copy-to-channel.py", bigTranscript]);
    rmSync(bigTranscript);
  } else if (CLI_RSS_AVAILABLE) {
    rssTranscriptBytes = pipelineFile.bytes;
    rssValidate = await measureCliRss(["validate", transcript]);
    rssRun = await measureCliRss(["run", "--", PYTHON, "test/fixtures/bench/copy-to-channel.py", transcript]);
  }

  log("hung target: the suite against a target that sleeps forever after opened, --timeout 5…");
  const hung = await measureHungTarget(PYTHON, 5);
  log("live latency…");
  const latencyFile = await measureLatency("file");
  const latencyStderr = await measureLatency("stderr");
  log("validation throughput…");
  const validation = await benchValidationThroughput({ messages: 100_000 });

  const peakRss = Math.max(rssValidate?.peak_rss_mb ?? 0, rssRun?.peak_rss_mb ?? 0) || Math.max(pipelineFile.peak_rss_mb, pipelineStderr.peak_rss_mb);
  const figures = {
    startup_ratio_to_node: round(startup.ratio_to_node, 2),
    startup_ms: { node_e_0: round(startup.node_ms, 1), list: round(startup.list_ms, 1), help: round(startup.help_ms, 1), run_first_line: round(startup.run_first_line_ms, 1) },
    suite_overhead_ratio: round(overhead.suite_overhead_ratio, 3),
    suite_per_case_overhead_ms: round(overhead.per_case_overhead_ms, 2),
    suite_round_ratios: overhead.round_ratios,
    suite_cases: overhead.cases,
    suite_concurrency: overhead.concurrency,
    suite_first_run_seconds: round(overhead.first_run_seconds, 3),
    suite_target: overhead.target,
    suite_breakdown_ms: Object.fromEntries(Object.entries(breakdown).map(([key, value]) => [key, round(value, 2)])),
    suite_harness_cpu_ms_per_case: {
      bare_spawn: round(layers.bare_spawn, 2),
      spawn_with_pipes: round(layers.spawn_with_pipes, 2),
      launch: round(layers.launch, 2),
      minimal_case: round(layers.minimal_case, 2),
      session: round(layers.session, 2),
      suite: round(layers.suite, 2),
    },
    pipeline_messages_per_s: Math.min(pipelineFile.messages_per_s, pipelineStderr.messages_per_s),
    pipeline_messages_per_s_file: pipelineFile.messages_per_s,
    pipeline_messages_per_s_stderr: pipelineStderr.messages_per_s,
    pipeline_messages_per_cpu_s_file: pipelineFile.messages_per_cpu_s,
    pipeline_messages_per_cpu_s_stderr: pipelineStderr.messages_per_cpu_s,
    pipeline_messages: pipelineFile.messages,
    parse_messages_per_cpu_s: techniques,
    stages_on_worker_threads_messages_per_s: parallel,
    pipeline_peak_rss_mb: peakRss,
    pipeline_peak_rss_mb_validate: rssValidate?.peak_rss_mb ?? null,
    pipeline_peak_rss_mb_run: rssRun?.peak_rss_mb ?? null,
    pipeline_peak_rss_transcript_mb: Math.round(rssTranscriptBytes / (1 << 20)),
    hung_target_suite_seconds: round(hung.seconds, 1),
    hung_target_exit_code: hung.exitCode,
    hung_target_timeouts: hung.timeouts,
    hung_target_not_run: hung.notRun,
    latency_p50_ms_file: round(latencyFile.p50, 3),
    latency_p99_ms_file: round(latencyFile.p99, 3),
    latency_p50_ms_stderr: round(latencyStderr.p50, 3),
    latency_p99_ms_stderr: round(latencyStderr.p99, 3),
    validated_messages_per_s: validation.validated_messages_per_s,
    load_average: { start: loadAtStart, end: load() },
    machine: { platform: `${platform()} ${release()}`, cpus: availableParallelism(), cpu: cpus()[0]?.model ?? "", memory_gb: Math.round(totalmem() / (1 << 30)), node: process.version },
    measured_at: new Date().toISOString(),
  };
  writeFileSync("bench-results.json", `${JSON.stringify(figures, null, 2)}\n`);
  if (json) {
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } else {
    const big = figures.pipeline_peak_rss_transcript_mb >= 1000;
    // A suite cannot be faster than the bare runs it adds work to: a ratio below 1 means the
    // load moved between the two sides even within rounds, and the figure says nothing.
    const overheadMeasurable = figures.suite_overhead_ratio >= 1;
    const rows: [string, string, string, boolean | "unreliable"][] = [
      ["start-up: list, --help, run's first line / node -e 0", `${figures.startup_ratio_to_node} (${figures.startup_ms.list} / ${figures.startup_ms.help} / ${figures.startup_ms.run_first_line} ms; node ${figures.startup_ms.node_e_0} ms)`, "≤ 6 (300 ms)", figures.startup_ratio_to_node <= 6],
      ["suite overhead (suite / bare, median of rounds)", `${figures.suite_overhead_ratio} (rounds ${figures.suite_round_ratios.join(", ")})`, "≤ 1.15", overheadMeasurable ? figures.suite_overhead_ratio <= 1.15 : "unreliable"],
      ["suite overhead per case", `${figures.suite_per_case_overhead_ms} ms`, "≤ 3 ms", overheadMeasurable ? figures.suite_per_case_overhead_ms <= 3 : "unreliable"],
      ["pipeline, file channel", `${figures.pipeline_messages_per_s_file.toLocaleString("en-US")} msg/s (${figures.pipeline_messages_per_cpu_s_file.toLocaleString("en-US")} per CPU s)`, "≥ 300,000", figures.pipeline_messages_per_s_file >= 300_000],
      ["pipeline, stderr channel", `${figures.pipeline_messages_per_s_stderr.toLocaleString("en-US")} msg/s (${figures.pipeline_messages_per_cpu_s_stderr.toLocaleString("en-US")} per CPU s)`, "≥ 300,000", figures.pipeline_messages_per_s_stderr >= 300_000],
      [
        `peak RSS, validate / run (${figures.pipeline_peak_rss_transcript_mb} MB transcript)`,
        `${figures.pipeline_peak_rss_mb_validate ?? "-"} / ${figures.pipeline_peak_rss_mb_run ?? "-"} MB`,
        "≤ 150 MB (1 GB)",
        big && figures.pipeline_peak_rss_mb <= 150,
      ],
      ["hung target suite (--timeout 5)", `${figures.hung_target_suite_seconds} s (exit ${figures.hung_target_exit_code}, ${figures.hung_target_timeouts} timeouts, ${figures.hung_target_not_run} not run)`, "≤ 25 s", figures.hung_target_suite_seconds <= 25 && figures.hung_target_exit_code === 1],
      ["live latency p99, file", `${figures.latency_p99_ms_file} ms (p50 ${figures.latency_p50_ms_file})`, "≤ 5 ms", figures.latency_p99_ms_file <= 5],
      ["live latency p99, stderr", `${figures.latency_p99_ms_stderr} ms (p50 ${figures.latency_p50_ms_stderr})`, "≤ 5 ms", figures.latency_p99_ms_stderr <= 5],
      ["validation (parsed, one core)", `${figures.validated_messages_per_s.toLocaleString("en-US")} msg/s`, "≥ 1,000,000", figures.validated_messages_per_s >= 1_000_000],
    ];
    const width = Math.max(...rows.map((row) => row[0].length));
    const valueWidth = Math.max(...rows.map((row) => row[1].length));
    console.log(`\n${"figure".padEnd(width)}  ${"measured".padEnd(valueWidth)}  ${"goal".padEnd(16)}  met`);
    for (const [name, value, goal, met] of rows) console.log(`${name.padEnd(width)}  ${value.padEnd(valueWidth)}  ${goal.padEnd(16)}  ${met === "unreliable" ? "UNRELIABLE (load moved; rerun)" : met ? "met" : "NOT MET"}`);
    const b = figures.suite_breakdown_ms;
    console.log(
      `\nwhere a case's time goes (concurrency 1, ms per case): bare program ${b.bare_process_ms}; harness: set-up ${b.setup_ms}, spawn and run beyond bare ${b.spawn_and_run_extra_ms}, ` +
        `exit to end of launch (drain, group sweep, file drain) ${b.after_exit_ms}, session record ${b.record_ms}, verification and result ${b.verification_ms}`,
    );
    const c = figures.suite_harness_cpu_ms_per_case;
    // With the cores busy running targets, a ms of the harness's CPU is about a ms of overhead per
    // case: what the least a case needs adds over the bare spawn is a floor under that overhead.
    const floor = round(c.minimal_case - c.bare_spawn, 2);
    console.log(
      `the harness's CPU per case (concurrency ${layers.concurrency}, ms, all threads): bare spawn ${c.bare_spawn}; with piped output ${c.spawn_with_pipes}; ` +
        `the harness's launch (execa, process group, cookie, sweep) ${c.launch}; the least a case needs (+ temp directory, context file, two bootstrap values, messages read and JSON.parse'd) ${c.minimal_case}; ` +
        `a whole session (tailer, Python-exact parsing, Dagster emulation, record) ${c.session}; the suite per case (+ planning, verification, results) ${c.suite}. ` +
        `The least a case needs is ${floor} ms over the bare spawn${floor > 3 ? ", more than the 3 ms goal before any reading or judging" : ""}`,
    );
    const t = figures.parse_messages_per_cpu_s;
    console.log(
      `parse techniques (messages per CPU second, realistic stream): JSON.parse alone ${t.json_parse_only.toLocaleString("en-US")}; scan every line with a float ${t.scan_every_float_line.toLocaleString("en-US")}; ` +
        `canonical-number shortcut ${t.canonical_shortcut.toLocaleString("en-US")} (won: only ${(t.scanned_share * 100).toFixed(1)}% of lines hold a number whose text its value does not give back, so the rest need JSON.parse and one regular-expression test, no scan)`,
    );
    const p = figures.stages_on_worker_threads_messages_per_s;
    console.log(
      `worker threads (parse + validate + Dagster emulation only, no session; an upper bound of spreading the pipeline): 1 thread ${p.one_thread.toLocaleString("en-US")} msg/s, 2 threads ${p.two_threads.toLocaleString("en-US")} msg/s` +
        `${p.two_threads < 300_000 ? ": below the 300,000 goal before any of the session's own work, so not adopted" : ""}`,
    );
    console.log(`load average (1, 5, 15 min): ${figures.load_average.start.join(", ")} at start, ${figures.load_average.end.join(", ")} at end (${figures.machine.cpus} CPUs)`);
    console.log(`machine: ${figures.machine.platform}, ${figures.machine.cpus} CPUs (${figures.machine.cpu}), ${figures.machine.memory_gb} GB, Node ${figures.machine.node}; suite target: ${figures.suite_target}`);
    console.log("figures written to bench-results.json");
  }
} finally {
  rmSync(directory, { recursive: true, force: true });
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
