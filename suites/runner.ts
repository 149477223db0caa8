/**
 * Runs planned cases: one fresh process per case through the harness, as many at once as asked,
 * each judged by its expectations and classified pass / fail / warn / info / skip / timeout /
 * error. A failing generated variant is shrunk with fast-check before it is reported.
 */
import fc from "fast-check";
import { readdirSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { JsonObject, JsonValue } from "../harness/json/number-lexemes.js";
import { serializePythonJson } from "../harness/json/serialize-python-json.js";
import { runSession, type SessionRecord } from "../harness/session.js";
import type { PipesValidator } from "../schemas/validator.js";
import { UNSUPPORTED_PATTERN, type DriverAction } from "./driven/actions.js";
import { actionScriptArbitrary } from "./generators/action-arbitrary.js";
import { contextArbitrary } from "./generators/context-arbitrary.js";
import type { CheckOutcome, Feature } from "./model/case.js";
import type { CaseResult, GeneratedInput, PlannedCase, Verdict } from "./model/report.js";
import type { PlannedRun } from "./plan.js";
import { baseContext, caseContext, sessionOptionsFor, type RunAxes } from "./setup.js";
import { stderrTail } from "./verifiers/transcript.js";

/** Optional hooks called as the run progresses (reporters implement them). */
export interface RunHooks {
  onCaseStart?(planned: PlannedCase): void | Promise<void>;
  onCaseEnd?(result: CaseResult): void | Promise<void>;
}

/** What every case of a run shares. */
export interface RunnerOptions {
  argv: readonly string[];
  axes: RunAxes;
  validator: PipesValidator;
  concurrency: number;
  timeoutMs: number;
  killGraceMs: number;
  cwd: string;
  env?: Record<string, string>;
  seed: number;
  runs: number;
  /** Stop starting cases after this many fail/timeout/error results. */
  maxFail?: number;
  /** Time allowed to shrink one failing generated case (ms). */
  shrinkTimeMs: number;
  /** Features the target declared missing (`--without`). */
  without: readonly Feature[];
  /** Trace the write calls of the cases that ask for it (strace; each session says when it cannot). */
  traceWrites?: boolean;
  hooks: RunHooks;
  signal?: AbortSignal;
}

/** Whether a result counts against `--max-fail`. */
function isFailure(verdict: Verdict): boolean {
  return verdict === "fail" || verdict === "timeout" || verdict === "error";
}

/** Files in `directory` (not recursive); empty when unreadable. */
function listFiles(directory: string): Set<string> {
  try {
    return new Set(readdirSync(directory));
  } catch {
    return new Set();
  }
}

/** Runs one case with given inputs and judges it; never throws. */
async function judgeCase(
  run: PlannedRun,
  inputs: { context: JsonObject; actions: readonly DriverAction[] },
  options: RunnerOptions,
  exclusive: boolean,
): Promise<CaseResult> {
  const { planned, definition } = run;
  const started = performance.now();
  const base: CaseResult = {
    id: planned.id,
    caseId: planned.caseId,
    ...(planned.variant === undefined ? {} : { variant: planned.variant }),
    title: planned.title,
    area: planned.area,
    level: planned.level,
    mode: planned.mode,
    refs: definition.refs,
    verdict: "pass",
    durationMs: 0,
  };
  let record: SessionRecord;
  const before = exclusive ? listFiles(options.cwd) : undefined;
  try {
    const sessionOptions = sessionOptionsFor(definition, inputs, options.axes, options.argv, {
      timeoutMs: options.timeoutMs,
      killGraceMs: options.killGraceMs,
      cwd: options.cwd,
      env: options.env,
      signal: options.signal,
      traceWrites: options.traceWrites,
    });
    record = await runSession(sessionOptions);
    base.launch = {
      transport: record.transport,
      contextForm: record.contextForm,
      channel: record.channel,
      includeStdio: record.includeStdio,
      bootstrap: definition.setup.bootstrap?.kind ?? "normal",
    };
  } catch (error) {
    return { ...base, verdict: "error", reason: "E_HARNESS", message: `harness error: ${error instanceof Error ? error.message : String(error)}`, durationMs: performance.now() - started };
  }
  base.durationMs = performance.now() - started;
  const tail = stderrTail(record, 5);
  if (tail !== "") base.stderrTail = tail.slice(0, 1000);

  if (record.process.aborted) return { ...base, verdict: "skip", message: "not finished: the run was interrupted" };
  const unsupported = UNSUPPORTED_PATTERN.exec(`${record.output.stderr.head}${record.output.stderr.tail}`);
  if (definition.mode === "driven" && record.process.exitCode === 3 && unsupported !== null) {
    return { ...base, verdict: "error", reason: "E_DRIVER_UNSUPPORTED", message: `the driver does not support ${unsupported[1]} (a driver problem, not blamed on the implementation)` };
  }
  if (record.process.timedOut) {
    return { ...base, verdict: "timeout", reason: "E_TIMEOUT", message: `the target did not finish within ${options.timeoutMs / 1000} s; its process group was ended` };
  }
  const cwdFilesCreated = before === undefined ? undefined : [...listFiles(options.cwd)].filter((name) => !before.has(name));
  let outcome: CheckOutcome = { status: "pass" };
  const observations: string[] = [];
  if (record.transcript.length < record.transcriptCount) {
    observations.push(`judged on the first ${record.transcript.length} of ${record.transcriptCount} message lines (the rest exceeded what a suite session keeps)`);
  }
  for (const verifier of definition.expect) {
    try {
      outcome = verifier.check({ record, validator: options.validator, context: inputs.context, actions: inputs.actions, setup: definition.setup, cwdFilesCreated, without: options.without });
    } catch (error) {
      return { ...base, verdict: "error", reason: "E_HARNESS", message: `harness error in verifier ${verifier.name}: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (outcome.status === "fail") break;
    if (outcome.status === "pass" && outcome.observation) observations.push(outcome.observation);
    if (outcome.status === "not-applicable") observations.push(`not applicable: ${outcome.reason}`);
  }
  if (observations.length > 0) base.observation = observations.join("; ");
  if (outcome.status !== "fail") return { ...base, verdict: definition.level === "INFO" ? "info" : "pass" };
  const failed = {
    ...base,
    reason: outcome.code,
    expected: outcome.expected,
    actual: outcome.actual,
    ...(outcome.lines && outcome.lines.length > 0 ? { lines: outcome.lines } : {}),
  };
  if (definition.level === "INFO") return { ...failed, verdict: "info", observation: outcome.actual };
  if (definition.level === "SHOULD" || outcome.representationOnly) return { ...failed, verdict: "warn" };
  return { ...failed, verdict: "fail" };
}

/** The inputs of a planned run (context with driver script, actions). */
function inputsFor(run: PlannedRun, generatedContext?: JsonObject, generatedActions?: DriverAction[]): { context: JsonObject; actions: readonly DriverAction[] } {
  const actions = generatedActions ?? run.generatedActions ?? run.definition.setup.actions ?? [];
  const base = baseContext(run.definition, generatedContext ?? run.generatedContext);
  return { context: caseContext(run.definition, base, actions, run.planned.id), actions };
}

/** Shrinks a failing generated case with fast-check, re-running the target for each candidate. */
async function shrinkGenerated(run: PlannedRun, failed: CaseResult, options: RunnerOptions): Promise<GeneratedInput> {
  const usesContext = run.definition.setup.context?.kind === "generated";
  const failing = (result: CaseResult): boolean => result.verdict === failed.verdict && result.reason === failed.reason;
  const check = async (value: JsonObject | DriverAction[]): Promise<boolean> => {
    const inputs = usesContext ? inputsFor(run, value as JsonObject) : inputsFor(run, undefined, value as DriverAction[]);
    return !failing(await judgeCase(run, inputs, options, false));
  };
  const property = usesContext
    ? fc.asyncProperty(contextArbitrary, (value) => check(value))
    : fc.asyncProperty(actionScriptArbitrary, (value) => check(value));
  const details = await fc.check(property as fc.IAsyncProperty<[JsonObject | DriverAction[]]>, {
    seed: options.seed,
    path: String(run.generatedIndex),
    numRuns: options.runs,
    interruptAfterTimeLimit: options.shrinkTimeMs,
    markInterruptAsFailure: false,
  });
  const value = (details.counterexample?.[0] ?? (usesContext ? run.generatedContext : run.generatedActions)) as JsonValue;
  return {
    seed: options.seed,
    path: details.counterexamplePath ?? String(run.generatedIndex),
    counterexample: serializePythonJson(value),
    shrunk: details.failed && details.numShrinks > 0,
  };
}

/** Runs the planned cases; results come back in plan order. */
export async function runPlanned(plan: readonly PlannedRun[], options: RunnerOptions): Promise<CaseResult[]> {
  const results: (CaseResult | undefined)[] = new Array(plan.length);
  let failures = 0;
  const stopped = (): boolean => (options.maxFail !== undefined && failures >= options.maxFail) || options.signal?.aborted === true;
  const finish = async (index: number, result: CaseResult): Promise<void> => {
    results[index] = result;
    if (isFailure(result.verdict)) failures++;
    await options.hooks.onCaseEnd?.(result);
  };
  const skipResult = (run: PlannedRun, message: string): CaseResult => ({
    id: run.planned.id,
    caseId: run.planned.caseId,
    ...(run.planned.variant === undefined ? {} : { variant: run.planned.variant }),
    title: run.planned.title,
    area: run.planned.area,
    level: run.planned.level,
    mode: run.planned.mode,
    refs: run.definition.refs,
    verdict: "skip",
    message,
    durationMs: 0,
  });
  const runOne = async (index: number, exclusive: boolean): Promise<void> => {
    const run = plan[index]!;
    if (run.planned.skip !== undefined) return finish(index, skipResult(run, run.planned.skip));
    if (stopped()) return finish(index, skipResult(run, options.signal?.aborted ? "not run: the run was interrupted" : `not run: --max-fail ${options.maxFail} reached`));
    await options.hooks.onCaseStart?.(run.planned);
    let result = await judgeCase(run, inputsFor(run), options, exclusive);
    if (run.generatedIndex !== undefined) {
      const generated: GeneratedInput = {
        seed: options.seed,
        path: String(run.generatedIndex),
        counterexample: serializePythonJson((run.generatedContext ?? run.generatedActions ?? null) as JsonValue),
        shrunk: false,
      };
      result = { ...result, generated: isFailure(result.verdict) || result.verdict === "warn" ? await shrinkGenerated(run, result, options) : generated };
    }
    await finish(index, result);
  };
  // Cases that watch the working directory run alone, after the others, so no other target's
  // files are blamed on them.
  const isExclusive = (run: PlannedRun): boolean => run.definition.setup.privateTmp === true;
  const shared = plan.map((_, index) => index).filter((index) => !isExclusive(plan[index]!));
  const exclusive = plan.map((_, index) => index).filter((index) => isExclusive(plan[index]!));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < shared.length) {
      const index = shared[next++]!;
      await runOne(index, false);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, shared.length)) }, worker));
  for (const index of exclusive) await runOne(index, true);
  return results.map((result, index) => result ?? skipResult(plan[index]!, "not run"));
}

/** Replays the generated value at a fast-check path (a shrunk counterexample included). */
export function generatedValueAt<T>(arbitrary: fc.Arbitrary<T>, seed: number, path: string): T {
  let value: T | undefined;
  fc.check(
    fc.property(arbitrary, (candidate) => {
      value ??= candidate;
      return true;
    }),
    { seed, path, numRuns: Number(path.split(":")[0]) + 1 },
  );
  if (value === undefined) throw new Error(`no generated value at path ${path}`);
  return value;
}

/** The generated inputs of a run: one per run index, or the one value a replayed path names. */
export function generateInputs(seed: number, runs: number, path: string | undefined): { contexts: JsonObject[]; actionScripts: DriverAction[][]; indices: number[]; path?: string } {
  if (path !== undefined) {
    return {
      contexts: [generatedValueAt(contextArbitrary, seed, path)],
      actionScripts: [generatedValueAt(actionScriptArbitrary, seed, path)],
      indices: [Number(path.split(":")[0])],
      path,
    };
  }
  // Sampled on first use: a run without generated cases does not pay for them.
  let contexts: JsonObject[] | undefined;
  let actionScripts: DriverAction[][] | undefined;
  return {
    get contexts() {
      return (contexts ??= fc.sample(contextArbitrary, { seed, numRuns: runs }));
    },
    get actionScripts() {
      return (actionScripts ??= fc.sample(actionScriptArbitrary, { seed, numRuns: runs }));
    },
    indices: Array.from({ length: runs }, (_, index) => index),
  };
}
