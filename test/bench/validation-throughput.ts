/**
 * Benchmark: validated messages per second for the realistic mixed stream (DESIGN.md), already
 * parsed: only the validator's work is timed (compiled schemas, lexeme and structural checks).
 * Run on its own: `node dist/test/bench/validation-throughput.js [--json] [--messages N] [--level reference] [--no-info]`.
 */
import { pathToFileURL } from "node:url";
import { parsePythonJson } from "../../harness/json/parse-python-json.js";
import type { JsonValue } from "../../harness/json/number-lexemes.js";
import { createValidator, type ValidationLevel } from "../../schemas/validator.js";
import { realisticMessageLines } from "./realistic-stream.js";

/** Options of {@link benchValidationThroughput}. */
export interface ValidationBenchOptions {
  /** Messages in the stream (default 100,000). */
  messages?: number;
  /** The level validated at (default dagster, the harness's MUST level). */
  level?: ValidationLevel;
  /** Seed of the stream (default 1). */
  seed?: number;
  /** Measure for at least this long, in ms, repeating the stream (default 1,000). */
  minDurationMs?: number;
  /** Report information problems (the validator's default, true); false skips the number scan at the dagster level. */
  info?: boolean;
}

/** What the benchmark measured. */
export interface ValidationThroughput {
  /**
   * Messages validated per second of this process's CPU time (user + system): the rate on one
   * core, which other processes competing for the machine do not skew.
   */
  validated_messages_per_s: number;
  /** Messages validated while measuring. */
  messages: number;
  /** The same count per second of wall-clock time (lower when the machine is busy). */
  wall_clock_messages_per_s: number;
}

/** Validates the parsed realistic stream repeatedly and reports messages per second (one core). */
export async function benchValidationThroughput(options: ValidationBenchOptions = {}): Promise<ValidationThroughput> {
  const count = options.messages ?? 100_000;
  const level = options.level ?? "dagster";
  const validateOptions = { level, info: options.info ?? true };
  const parsed: JsonValue[] = [];
  for (const line of realisticMessageLines(count, options.seed ?? 1)) {
    const result = parsePythonJson(line);
    if (!result.ok) throw new Error(`the realistic stream wrote invalid JSON: ${line}`);
    parsed.push(result.value);
  }
  const validator = createValidator();
  // Warm-up (JIT) and a sanity check: the stream is valid, so any failure is a bug here.
  for (const message of parsed) {
    const problems = validator.validateMessage(message, validateOptions);
    if (problems.some((problem) => problem.level !== "info")) throw new Error(`realistic stream message rejected: ${JSON.stringify(problems[0])}`);
  }
  const minDuration = BigInt(Math.round((options.minDurationMs ?? 1000) * 1e6));
  let validated = 0;
  let sink = 0;
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  let elapsed = 0n;
  do {
    for (let i = 0; i < parsed.length; i++) sink += validator.validateMessage(parsed[i] as JsonValue, validateOptions).length;
    validated += parsed.length;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < minDuration);
  const cpu = process.cpuUsage(cpuStart);
  if (sink < 0) throw new Error("unreachable");
  const cpuSeconds = Math.max((cpu.user + cpu.system) / 1e6, 1e-9);
  return {
    validated_messages_per_s: Math.round(validated / cpuSeconds),
    messages: validated,
    wall_clock_messages_per_s: Math.round(validated / (Number(elapsed) / 1e9)),
  };
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const messages = argument("--messages");
  const level = argument("--level");
  const result = await benchValidationThroughput({
    ...(messages === undefined ? {} : { messages: Number(messages) }),
    ...(level === "reference" || level === "dagster" ? { level } : {}),
    ...(process.argv.includes("--no-info") ? { info: false } : {}),
  });
  if (process.argv.includes("--json")) console.log(JSON.stringify(result));
  else {
    console.log(
      `validation: ${result.validated_messages_per_s.toLocaleString("en-US")} messages/s of CPU time (${result.wall_clock_messages_per_s.toLocaleString("en-US")} per wall-clock second; ${result.messages.toLocaleString("en-US")} validated)`,
    );
  }
}
