/**
 * Runs one pipeline measurement in its own process, so that its peak RSS is its own: a target
 * copies a transcript file onto the channel, and the session reads, parses, validates and
 * interprets every message. Prints one JSON line: messages, seconds, messages/s (of wall-clock
 * and of this process's CPU time), peak RSS (MB).
 *
 *     node pipeline-worker.js CHANNEL TRANSCRIPT PYTHON
 */
import "./cli-v8-settings.js";
import { runSession } from "../../harness/session.js";
import type { Channel } from "../../harness/bootstrap/bootstrap-params.js";
import { createValidator } from "../../schemas/validator.js";

const [channel, transcript, python] = process.argv.slice(2) as [Channel, string, string];
const validator = createValidator();
const validationChannel = channel === "file" ? "file" : "stdio";
let messages = 0;
let problems = 0;
const started = process.hrtime.bigint();
const cpuStarted = process.cpuUsage();
const record = await runSession({
  argv: [python, "test/fixtures/bench/copy-to-channel.py", transcript],
  context: {},
  channel,
  timeoutMs: 600_000,
  onEvent: (event) => {
    if (event.type !== "message" || !event.line.protocol) return;
    messages++;
    const parse = event.line.parse;
    if (parse?.ok) problems += validator.validateMessage(parse.value, { level: "reference", channel: validationChannel }).filter((problem) => problem.level !== "info").length;
  },
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuStarted);
// Per second of this process's CPU time as well: the rate a busy machine skews less.
const cpuSeconds = Math.max((cpu.user + cpu.system) / 1e6, 1e-9);
if (record.process.exitCode !== 0 || record.dagster.lostCount > 0) throw new Error(`pipeline target failed: exit ${record.process.exitCode}, ${record.dagster.lostCount} lost`);
process.stdout.write(
  `${JSON.stringify({ messages, problems, seconds, messages_per_s: Math.round(messages / seconds), messages_per_cpu_s: Math.round(messages / cpuSeconds), peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
);
