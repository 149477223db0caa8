/**
 * The programmatic API of pipes-conformance (the package's main export): run the conformance
 * suite (`runConformance`), run one session as Dagster would (`runSession`), validate messages
 * (`createValidator`), and the case catalogue (`listCases`). The CLI is a thin layer over these.
 */
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { accessSync, constants as fsConstants, statSync } from "node:fs";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import type { CheckSpec } from "../harness/dagster/step-verdict.js";
import type { JsonObject } from "../harness/json/number-lexemes.js";
import { probeWriteTracing } from "../harness/process/write-tracer.js";
import { createValidator } from "../schemas/validator.js";
import { TOOL_VERSION } from "../reports/tool-version.js";
import { ALL_CASES } from "./cases/all-cases.js";
import { ConfigError, DEFAULT_CAPABILITIES, type Capabilities } from "./capabilities.js";
import { defaultContext } from "./context-variations.js";
import type { GeneratedDimension } from "./generators/context-arbitrary.js";
import type { CaseDefinition } from "./model/case.js";
import { REPORT_VERSION, summarize, type PlannedCase, type Report, type ReportHeader, type WriteTracingMode } from "./model/report.js";
import { planRun, stableHash } from "./plan.js";
import { generateInputs, runPlanned, type RunHooks } from "./runner.js";
import { defaultGeneration, type ProgramContext, type RunAxes } from "./setup.js";

/** Hooks of a whole run, as reporters implement them (all optional, all awaited). */
export interface ConformanceHooks extends RunHooks {
  onRunStart?(header: ReportHeader, plan: readonly PlannedCase[]): void | Promise<void>;
  onRunEnd?(report: Report): void | Promise<void>;
}

/** Options of {@link runConformance}. */
export interface ConformanceOptions {
  /** The program under test and its arguments (never a shell command). */
  argv: readonly string[];
  capabilities?: Capabilities;
  /** Transport, context form and channel of the cases that do not test one (each must be declared). */
  axes?: Partial<RunAxes>;
  /**
   * fast-check seed of generated inputs. Default: {@link DEFAULT_SEED}, fixed for this tool version,
   * so a CI gate gives the same verdict twice; pass a random one to explore.
   */
  seed?: number;
  /** Generated inputs per generated case (default 3). */
  runs?: number;
  /** Replay one generated value (a fast-check path, with `seed`). */
  path?: string;
  /** Case ID globs to run (default all). */
  cases?: readonly string[];
  /** Case ID globs not to run. */
  exclude?: readonly string[];
  shard?: { index: number; count: number };
  /** Cases at once (default: the number of CPUs). */
  concurrency?: number;
  /** Per-case timeout (ms, default 60 000) and kill grace (ms, default 2 000). */
  timeoutMs?: number;
  killGraceMs?: number;
  /** Longest message line judged, in bytes (default 16 MiB); a longer line is recorded as INFO, not judged. */
  maxLineBytes?: number;
  /** Stop starting cases after this many failures (`--fail-fast` is 1). */
  maxFail?: number;
  strict?: boolean;
  cwd?: string;
  env?: Record<string, string>;
  /** Time allowed to shrink one failing generated case (ms, default 60 000). */
  shrinkTimeMs?: number;
  /**
   * The program's own context (all ten keys): the observed cases run under it and vary around it.
   * Default: Dagster's default context (one asset `my_asset`, unpartitioned, no extras).
   */
  baseContext?: JsonObject;
  /** The flags that declared `baseContext` (recorded in the report, repeated by replay commands). */
  contextArgs?: readonly string[];
  /** Check specs of the program's step (observed cases verify reported check names against them). */
  checkSpecs?: CheckSpec[];
  /** What generated contexts of observed cases vary around the base. Default: what keeps it valid (extras; partitions of its kind where it is partitioned). */
  generate?: readonly GeneratedDimension[];
  /** Stop after this many consecutive case timeouts with no case finishing in between (0: never; default 3). */
  maxTimeouts?: number;
  /** Trace the write calls of the cases that ask for it with strace (default auto: when it works; on: a configuration error when it does not). */
  traceWrites?: WriteTracingMode;
  hooks?: ConformanceHooks;
  signal?: AbortSignal;
}

/** The default seed: fixed per tool version, so two runs of one version give the same verdicts. */
export const DEFAULT_SEED = stableHash(`pipes-conformance ${TOOL_VERSION}`) % 0x7fffffff;

/** Every case of the suite (one entry per case ID). */
export function listCases(): readonly CaseDefinition[] {
  return ALL_CASES;
}

/** Fails early, as a configuration error, when the program cannot be found or run. */
export function assertRunnable(program: string, cwd: string, env: NodeJS.ProcessEnv = process.env): void {
  const candidates = program.includes("/") ? [isAbsolute(program) ? program : resolve(cwd, program)] : (env.PATH ?? "").split(delimiter).filter(Boolean).map((directory) => join(directory, program));
  for (const candidate of candidates) {
    try {
      if (statSync(candidate).isFile()) {
        accessSync(candidate, fsConstants.X_OK);
        return;
      }
    } catch {
      // Try the next directory of PATH.
    }
  }
  throw new ConfigError(`command not found: ${program}`);
}

/** Runs the conformance suite against a program and returns the report. */
export async function runConformance(options: ConformanceOptions): Promise<Report> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const cwd = options.cwd ?? process.cwd();
  if (options.argv.length === 0) throw new ConfigError("no program to run");
  assertRunnable(options.argv[0]!, cwd, { ...process.env, ...options.env });
  const capabilities = options.capabilities ?? DEFAULT_CAPABILITIES;
  const axes: RunAxes = {
    transport: options.axes?.transport ?? capabilities.transports[0] ?? "env",
    contextForm: options.axes?.contextForm ?? capabilities.contextForms[0] ?? "path",
    channel: options.axes?.channel ?? capabilities.channels[0] ?? "file",
  };
  if (!capabilities.transports.includes(axes.transport)) throw new ConfigError(`transport ${axes.transport} is not among the declared transports`);
  if (!capabilities.contextForms.includes(axes.contextForm)) throw new ConfigError(`context form ${axes.contextForm} is not among the declared context forms`);
  if (!capabilities.channels.includes(axes.channel)) throw new ConfigError(`channel ${axes.channel} is not among the declared channels`);
  const seed = options.seed ?? DEFAULT_SEED;
  const runs = options.runs ?? 3;
  const base = options.baseContext ?? defaultContext();
  const program: ProgramContext = { base, generate: options.generate ?? defaultGeneration(base), ...(options.checkSpecs === undefined ? {} : { checkSpecs: options.checkSpecs }) };
  const plan = planRun(ALL_CASES, {
    capabilities,
    cases: options.cases,
    exclude: options.exclude,
    shard: options.shard,
    generated: generateInputs(seed, runs, options.path, program),
  });
  const tracingMode = options.traceWrites ?? "auto";
  const tracingWanted = plan.some((run) => run.planned.skip === undefined && (run.definition.setup.traceWrites === true || run.definition.setup.traceFileCreation === true));
  const tracing = tracingMode === "off" || (tracingMode === "auto" && !tracingWanted) ? undefined : await probeWriteTracing();
  if (tracingMode === "on" && tracing?.available === false) throw new ConfigError(`--trace-writes on: ${tracing.reason}`);
  const header: ReportHeader = {
    reportVersion: REPORT_VERSION,
    tool: { name: "pipes-conformance", version: TOOL_VERSION },
    protocolVersion: "0.1",
    command: [...options.argv],
    capabilities: { ...capabilities, without: [...capabilities.without] },
    axes,
    seed,
    runs,
    strict: options.strict ?? false,
    startedAt,
    durationMs: 0,
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    ...(options.cases?.length || options.exclude?.length ? { selection: { cases: [...(options.cases ?? [])], exclude: [...(options.exclude ?? [])] } } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
    ...(options.contextArgs !== undefined && options.contextArgs.length > 0 ? { contextArgs: [...options.contextArgs] } : {}),
    ...(resolve(cwd) === process.cwd() ? {} : { programCwd: resolve(cwd) }),
    ...(options.env !== undefined && Object.keys(options.env).length > 0 ? { envNames: Object.keys(options.env) } : {}),
    generate: [...program.generate],
    writeTracing: {
      mode: tracingMode,
      used: tracing?.available === true,
      ...(tracing === undefined ? { reason: tracingMode === "off" ? "--trace-writes off" : "no selected case traces writes" } : tracing.available ? {} : { reason: tracing.reason }),
    },
  };
  const hooks = options.hooks ?? {};
  // When the user's signal fires, and which one: the report says the run was interrupted.
  let interrupted: ReportHeader["interrupted"];
  const onAbort = (): void => {
    interrupted ??= { signal: typeof options.signal?.reason === "string" ? options.signal.reason : "SIGINT", at: new Date().toISOString() };
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener("abort", onAbort, { once: true });
  await hooks.onRunStart?.(header, plan.map((run) => run.planned));
  const results = await runPlanned(plan, {
    argv: options.argv,
    axes,
    validator: createValidator(),
    concurrency: options.concurrency ?? availableParallelism(),
    timeoutMs: options.timeoutMs ?? 60_000,
    killGraceMs: options.killGraceMs ?? 2_000,
    ...(options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes }),
    cwd,
    env: options.env,
    seed,
    runs,
    program,
    maxFail: options.maxFail,
    maxTimeouts: options.maxTimeouts ?? 3,
    shrinkTimeMs: options.shrinkTimeMs ?? 60_000,
    without: capabilities.without,
    // Each traced session then records why it was not traced when strace does not work here.
    traceWrites: tracingMode !== "off",
    hooks,
    signal: options.signal,
  });
  options.signal?.removeEventListener("abort", onAbort);
  const finalHeader: ReportHeader = { ...header, durationMs: performance.now() - started, ...(interrupted === undefined ? {} : { interrupted }) };
  const report: Report = { header: finalHeader, results, summary: summarize(results, interrupted !== undefined) };
  await hooks.onRunEnd?.(report);
  return report;
}

export { runSession } from "../harness/session.js";
export type { SessionOptions, SessionRecord, SessionEvent } from "../harness/session.js";
export { createValidator } from "../schemas/validator.js";
export { ConfigError, DEFAULT_CAPABILITIES, resolveCapabilities, type Capabilities } from "./capabilities.js";
export type { Report, CaseResult, ReportHeader, PlannedCase, Verdict, FindingResult, WriteTracingMode } from "./model/report.js";
export type { CaseDefinition, Level, Mode, Finding } from "./model/case.js";
export type { RootCause } from "./model/root-cause.js";
export { FINDING_CODES, type FindingCodeInfo } from "./finding-codes.js";
export type { GeneratedDimension } from "./generators/context-arbitrary.js";
