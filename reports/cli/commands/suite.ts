/**
 * The default command, `pipes-conformance [options] -- <program>`: runs the conformance suite
 * and reports it through the chosen reporters; the exit code is the CI gate.
 */
import { resolve } from "node:path";
import type { Channel, ContextForm, Transport } from "../../../harness/bootstrap/bootstrap-params.js";
import { ConfigError, listCases, resolveCapabilities, runConformance, type Report, type WriteTracingMode } from "../../../suites/api.js";
import type { JsonObject } from "../../../harness/json/number-lexemes.js";
import { DEFAULT_RUN_ID } from "../../../suites/context-variations.js";
import { GENERATED_DIMENSIONS, type GeneratedDimension } from "../../../suites/generators/context-arbitrary.js";
import { EXIT, UsageError, type ExitCode } from "../../exit-codes.js";
import { suiteExitCode } from "../../suite-exit-code.js";
import { readConfigFile } from "../config-file.js";
import { CONTEXT_OPTION_NAMES, declaredContext } from "../context-options.js";
import type { CliIo } from "../io.js";
import { closeStreams, combineReporters, openReporters } from "../reporter-outputs.js";
import { directoryOption, listOption, numberOption, stringOption, type ParsedCommandLine } from "../options.js";

/** The command's declaration (in suite-spec.ts, loaded without this module). */
export { SUITE_COMMAND } from "./suite-spec.js";

/** Checks `--generate` names. */
function checkGenerate(names: readonly string[]): GeneratedDimension[] {
  for (const name of names) {
    if (!(GENERATED_DIMENSIONS as readonly string[]).includes(name)) throw new UsageError(`--generate: "${name}" is not one of ${GENERATED_DIMENSIONS.join(", ")}`);
  }
  return [...new Set(names)] as GeneratedDimension[];
}

function splitList(text: string | undefined): string[] | undefined {
  return text === undefined ? undefined : text.split(",").map((item) => item.trim()).filter(Boolean);
}

function parseShard(text: string | undefined): { index: number; count: number } | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) throw new UsageError(`--shard: "${text}" is not I/N with 1 <= I <= N`);
  return { index, count };
}

/** Runs the suite command. */
export async function suiteCommand(parsed: ParsedCommandLine, io: CliIo): Promise<ExitCode> {
  const { values } = parsed;
  const config = readConfigFile(stringOption(values, "config"), io.cwd);
  const strict = values.strict === true || config.strict === true;
  let capabilities;
  try {
    capabilities = resolveCapabilities({
      driven: values.driven === true || config.driven === true,
      all: values.all === true || config.all === true,
      transports: splitList(stringOption(values, "transports")) ?? config.transports,
      contextForms: splitList(stringOption(values, "context-forms")) ?? config.contextForms,
      channels: splitList(stringOption(values, "channels")) ?? config.channels,
      without: splitList(stringOption(values, "without")) ?? config.without,
    });
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  const explore = numberOption(values, "explore", { min: 1, max: 10_000, integer: true });
  const seedText = stringOption(values, "seed");
  if (explore !== undefined && seedText !== undefined && seedText !== "random") throw new UsageError("--explore picks a random seed: give --seed random or no --seed");
  const seedOption = seedText === "random" || explore !== undefined ? Math.floor(Math.random() * 0x7fffffff) : numberOption(values, "seed", { min: 0, max: 2 ** 31 - 1, integer: true });
  const path = stringOption(values, "path");
  if (path !== undefined && (seedText === undefined || seedText === "random" || !/^\d+(:\d+)*$/.test(path))) {
    throw new UsageError(seedText === undefined || seedText === "random" ? "--path needs the --seed N it was generated with" : `--path: "${path}" is not a fast-check path like 3:0:1`);
  }
  // The program's own context: flags first, else the config file's keys.
  const contextValues = CONTEXT_OPTION_NAMES.some((name) => values[name] !== undefined) ? values : (config.context ?? {});
  const declared = declaredContext(contextValues, io.cwd, DEFAULT_RUN_ID);
  const generateText = splitList(stringOption(values, "generate")) ?? config.generate;
  const generate = generateText === undefined ? undefined : checkGenerate(generateText);
  const maxFail = values["fail-fast"] === true ? 1 : numberOption(values, "max-fail", { min: 1, integer: true });
  const env: Record<string, string> = {};
  for (const item of listOption(values, "env")) {
    const at = item.indexOf("=");
    if (at <= 0) throw new UsageError(`--env: "${item}" is not NAME=VALUE`);
    env[item.slice(0, at)] = item.slice(at + 1);
  }
  const baselineFile = stringOption(values, "expected-failures");
  if (values["update-baseline"] === true && baselineFile === undefined) throw new UsageError("--update-baseline needs --expected-failures FILE");
  const { readBaseline, writeBaseline } = await import("../../baseline.js");
  const baseline = baselineFile !== undefined && values["update-baseline"] !== true ? readBaseline(resolve(io.cwd, baselineFile), listCases().map((definition) => definition.id)) : undefined;

  const { reporters, streams } = openReporters(values, io, strict, values.verbose === true);
  let report: Report;
  try {
    report = await runConformance({
      argv: parsed.argv,
      capabilities,
      axes: {
        transport: stringOption(values, "on-transport") as Transport | undefined,
        contextForm: stringOption(values, "on-context-form") as ContextForm | undefined,
        channel: stringOption(values, "on-channel") as Channel | undefined,
      },
      seed: seedOption,
      runs: explore ?? numberOption(values, "runs", { min: 1, max: 10_000, integer: true }) ?? config.runs,
      ...(declared.args.length > 0 ? { baseContext: declared.context as unknown as JsonObject, contextArgs: declared.args } : {}),
      ...(declared.checkSpecs === undefined ? {} : { checkSpecs: declared.checkSpecs }),
      ...(generate === undefined ? {} : { generate }),
      maxTimeouts: numberOption(values, "max-timeouts", { min: 0, integer: true }) ?? config.maxTimeouts,
      path,
      cases: listOption(values, "case"),
      exclude: [...listOption(values, "exclude"), ...(config.exclude ?? [])],
      shard: parseShard(stringOption(values, "shard")),
      concurrency: numberOption(values, "concurrency", { min: 1, max: 256, integer: true }) ?? config.concurrency,
      timeoutMs: (numberOption(values, "timeout", { min: 0.001 }) ?? config.timeout ?? 60) * 1000,
      killGraceMs: (numberOption(values, "kill-grace", { min: 0 }) ?? 2) * 1000,
      maxLineBytes: numberOption(values, "max-line-bytes", { min: 1024, integer: true }),
      maxFail,
      strict,
      traceWrites: stringOption(values, "trace-writes") as WriteTracingMode | undefined,
      cwd: directoryOption(values, "cwd", io.cwd) ?? io.cwd,
      env,
      hooks: combineReporters(reporters),
      signal: io.signal,
    });
  } catch (error) {
    await closeStreams(streams).catch(() => undefined);
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  try {
    await closeStreams(streams);
  } catch (error) {
    throw new UsageError(`cannot write a report file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (values["update-baseline"] === true && report.summary.incomplete) {
    throw new UsageError("--update-baseline: the run is incomplete (interrupted, or cases not run): a baseline is written only from a complete run");
  }
  if (values["update-baseline"] === true) {
    writeBaseline(resolve(io.cwd, baselineFile!), report);
    io.stderr(`pipes-conformance: baseline written to ${baselineFile}\n`);
    return EXIT.OK;
  }
  const outcome = suiteExitCode(report, { strict, baseline });
  for (const line of outcome.notes) io.stderr(`pipes-conformance: ${line}\n`);
  return outcome.code;
}
