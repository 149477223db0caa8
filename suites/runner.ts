/**
 * Runs planned cases: one fresh process per case through the harness, as many at once as asked,
 * each judged by every one of its checks. A case's findings are grouped by root cause, ordered
 * most severe first, and the worst finding's level (from the level table) decides the verdict:
 * pass / fail / warn / info; a result that is not a finding is skip / timeout / error / not-run.
 * A failing generated variant is shrunk with fast-check before it is reported.
 *
 * The run stops starting cases when it is interrupted, when `--max-fail` is reached, or when the
 * target timed out on `maxTimeouts` cases in a row (it hangs): what did not run is `not-run`, with
 * the reason, never a pass or a skip.
 */
import fc from "fast-check";
import { readdirSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { performance } from "node:perf_hooks";
import type { JsonObject, JsonValue } from "../harness/json/number-lexemes.js";
import { serializePythonJson } from "../harness/json/serialize-python-json.js";
import { WORK_DIR_PREFIX } from "../harness/process/work-dirs.js";
import { runSession, SESSION_DEFAULTS, type SessionRecord } from "../harness/session.js";
import type { PipesValidator } from "../schemas/validator.js";
import { UNSUPPORTED_PATTERN, type DriverAction } from "./driven/actions.js";
import { findingLevel, LEVEL_ORDER } from "./finding-codes.js";
import { actionScriptArbitrary } from "./generators/action-arbitrary.js";
import { contextArbitrary, contextAroundBase } from "./generators/context-arbitrary.js";
import type { Feature, Finding, Level } from "./model/case.js";
import { HARNESS_ERROR, isNotJudged, NOT_APPLICABLE, STDERR_LINES_QUOTED, type CaseResult, type FindingResult, type GeneratedInput, type PlannedCase, type Verdict } from "./model/report.js";
import { rootCauseId } from "./model/root-cause.js";
import type { PlannedRun } from "./plan.js";
import { baseContext, caseContext, changesContract, sessionOptionsFor, startingAssetKeys, type ProgramContext, type RunAxes } from "./setup.js";
import { meaningfulStderrLines } from "./verifiers/error-line.js";
import { stderrText } from "./verifiers/transcript.js";

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
  /** The program's own context (observed cases run under it and vary around it). */
  program: ProgramContext;
  /** Stop starting cases after this many fail/timeout/error results. */
  maxFail?: number;
  /** Stop after this many consecutive case timeouts with no case finishing in between (0: never). */
  maxTimeouts: number;
  /** Time allowed to shrink one failing generated case (ms). */
  shrinkTimeMs: number;
  /** Features the target declared missing (`--without`). */
  without: readonly Feature[];
  /** Longest message line judged (bytes; default the session's). */
  maxLineBytes?: number;
  /** Trace the write calls of the cases that ask for it (strace; each session says when it cannot). */
  traceWrites?: boolean;
  hooks: RunHooks;
  signal?: AbortSignal;
}

/** Why the run stopped starting cases (the reason every unfinished case carries). */
interface Stop {
  reason: "INTERRUPTED" | "MAX_FAIL" | "HUNG_TARGET";
  message: string;
}

/** Whether a result ran the program (a planned skip or a case not run did not). */
function ranProgram(result: CaseResult): boolean {
  return result.verdict !== "not-run" && (result.verdict !== "skip" || isNotJudged(result));
}

/** Whether a result counts against `--max-fail`. */
function isFailure(verdict: Verdict): boolean {
  return verdict === "fail" || verdict === "timeout" || verdict === "error";
}

/** The verdict a finding of this level gives. */
const VERDICT_OF: Record<Level, Verdict> = { MUST: "fail", SHOULD: "warn", INFO: "info" };

/**
 * Files in `directory` (not recursive), without the harness's own work directories; empty when
 * unreadable.
 */
function listFiles(directory: string): Set<string> {
  try {
    return new Set(readdirSync(directory).filter((name) => !name.startsWith(WORK_DIR_PREFIX)));
  } catch {
    return new Set();
  }
}

/**
 * Whether the working directory is the system's temp directory: other programs on the machine
 * create and remove files there all the time, so what appears in it cannot be blamed on the target.
 */
function isSharedTempDirectory(directory: string): boolean {
  try {
    return realpathSync(directory) === realpathSync(tmpdir());
  } catch {
    return false;
  }
}

/** The identity part of a result. */
function resultBase(run: PlannedRun): CaseResult {
  const { planned, definition } = run;
  return {
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
}

/**
 * The findings of a case, one per root cause (the first finding of each), most severe first and
 * otherwise in the order the checks reported them.
 */
export function collectFindings(findings: readonly Finding[]): FindingResult[] {
  const seen = new Set<string>();
  const collected: FindingResult[] = [];
  for (const finding of findings) {
    const rootCause = rootCauseId(finding);
    if (seen.has(rootCause)) continue;
    seen.add(rootCause);
    collected.push({ ...finding, level: findingLevel(finding.code), rootCause });
  }
  return collected.sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level));
}

/** Runs one case with given inputs and judges it; never throws. */
async function judgeCase(run: PlannedRun, inputs: { context: JsonObject; actions: readonly DriverAction[] }, options: RunnerOptions, exclusive: boolean, signal: AbortSignal): Promise<CaseResult> {
  const { definition } = run;
  const started = performance.now();
  const base = resultBase(run);
  let record: SessionRecord;
  const watchCwd = exclusive && !isSharedTempDirectory(options.cwd);
  const before = watchCwd ? listFiles(options.cwd) : undefined;
  try {
    const sessionOptions = sessionOptionsFor(definition, inputs, options.axes, options.argv, {
      timeoutMs: options.timeoutMs,
      killGraceMs: options.killGraceMs,
      cwd: options.cwd,
      env: options.env,
      signal,
      ...(definition.mode === "observed" && options.program.checkSpecs !== undefined ? { checkSpecs: options.program.checkSpecs } : {}),
      traceWrites: options.traceWrites,
      ...(options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes }),
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
    return { ...base, verdict: "error", reason: HARNESS_ERROR, message: `harness error: ${error instanceof Error ? error.message : String(error)}`, durationMs: performance.now() - started };
  }
  base.durationMs = performance.now() - started;
  const said = meaningfulStderrLines(stderrText(record), STDERR_LINES_QUOTED).join("\n");
  if (said !== "") base.stderrTail = said.slice(0, 1000);

  if (record.process.aborted) return { ...base, verdict: "not-run", reason: "INTERRUPTED", message: "not finished: the run was stopped while this case ran" };
  if (record.process.spawnError) return { ...base, verdict: "error", reason: "NOT_STARTED", message: `the program could not be started: ${record.process.spawnError.message}` };
  const unsupported = UNSUPPORTED_PATTERN.exec(`${record.output.stderr.head}${record.output.stderr.tail}`);
  if (definition.mode === "driven" && record.process.exitCode === 3 && unsupported !== null) {
    return { ...base, verdict: "error", reason: "DRIVER_UNSUPPORTED", message: `the driver does not support ${unsupported[1]} (a driver problem, not blamed on the implementation)` };
  }
  if (record.process.timedOut) {
    return { ...base, verdict: "timeout", reason: "TIMEOUT", message: `the target did not finish within ${options.timeoutMs / 1000} s; its process group was ended` };
  }
  const cwdFilesCreated = before === undefined ? undefined : [...listFiles(options.cwd)].filter((name) => !before.has(name));
  const observations: string[] = [];
  if (exclusive && !watchCwd) observations.push(`the working directory is the system temp directory (${options.cwd}), where other programs create files: only the program's private TMPDIR was watched`);
  if (record.process.escapedProcessesEnded > 0) {
    // Judged once, by lifecycle.stays-in-process-group; every case says what it saw.
    observations.push(`${record.process.escapedProcessesEnded} process(es) escaped the process group (setsid?) and were ended`);
  }
  if (record.transcript.length < record.transcriptCount) {
    observations.push(`judged on the first ${record.transcript.length} of ${record.transcriptCount} message lines (the rest exceeded what a suite session keeps)`);
  }
  const input = {
    record,
    validator: options.validator,
    context: inputs.context,
    actions: inputs.actions,
    setup: definition.setup,
    cwdFilesCreated,
    without: options.without,
    maxLineBytes: options.maxLineBytes ?? SESSION_DEFAULTS.maxLineBytes,
    contractChanging: changesContract(definition, options.program),
    baseAssetKeys: startingAssetKeys(definition, options.program),
  };
  const raw: Finding[] = [];
  const unjudged: string[] = [];
  for (const verifier of definition.expect) {
    let outcome;
    try {
      outcome = verifier.check(input);
    } catch (error) {
      return { ...base, verdict: "error", reason: HARNESS_ERROR, message: `harness error in verifier ${verifier.name}: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (outcome.status === "fail") raw.push(...outcome.findings);
    else if (outcome.status === "pass" && outcome.observation) observations.push(outcome.observation);
    else if (outcome.status === "not-applicable") observations.push(`not applicable: ${outcome.reason}`);
    else if (outcome.status === "not-judged") unjudged.push(outcome.reason);
  }
  let findings: FindingResult[];
  try {
    findings = collectFindings(raw);
  } catch (error) {
    return { ...base, verdict: "error", reason: HARNESS_ERROR, message: `harness error: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (observations.length > 0) base.observation = observations.join("; ");
  const first = findings[0];
  // Nothing found, but the behaviour the case exists for never happened: a skip, never a pass.
  if (first === undefined && unjudged.length > 0) return { ...base, verdict: "skip", reason: NOT_APPLICABLE, message: `not judged: ${unjudged.join("; ")}` };
  if (first === undefined) return { ...base, verdict: definition.level === "INFO" ? "info" : "pass" };
  return {
    ...base,
    verdict: VERDICT_OF[first.level],
    reason: first.code,
    expected: first.expected,
    actual: first.actual,
    ...(first.lines && first.lines.length > 0 ? { lines: first.lines } : {}),
    findings,
    rootCause: first.rootCause,
  };
}

/** The generated context arbitrary of a case: around the program's own context in observed mode. */
function contextArbitraryFor(run: PlannedRun, program: ProgramContext): fc.Arbitrary<JsonObject> {
  return run.definition.mode === "driven" ? contextArbitrary : contextAroundBase(program.base, program.generate);
}

/** The inputs of a planned run (context with driver script, actions). */
function inputsFor(run: PlannedRun, program: ProgramContext, generatedContext?: JsonObject, generatedActions?: DriverAction[]): { context: JsonObject; actions: readonly DriverAction[] } {
  const actions = generatedActions ?? run.generatedActions ?? run.definition.setup.actions ?? [];
  const base = baseContext(run.definition, generatedContext ?? run.generatedContext, program);
  return { context: caseContext(run.definition, base, actions, run.planned.id), actions };
}

/**
 * Shrinks a failing generated case with fast-check, re-running the target for each candidate.
 * Returns the counterexample and the result of the run that judged it: the findings a report
 * shows beside a shrunk counterexample are that run's, never the first (unshrunk) run's.
 */
async function shrinkGenerated(run: PlannedRun, failed: CaseResult, options: RunnerOptions, signal: AbortSignal): Promise<{ generated: GeneratedInput; result: CaseResult }> {
  const usesContext = run.definition.setup.context?.kind === "generated";
  const failing = (result: CaseResult): boolean => result.verdict === failed.verdict && result.reason === failed.reason;
  // The result of every failing candidate, by its value's text: the counterexample's is looked up.
  const failingResults = new Map<string, CaseResult>();
  const check = async (value: JsonObject | DriverAction[]): Promise<boolean> => {
    // Once the run stops, every candidate "passes": shrinking ends at once with what it has.
    if (signal.aborted) return true;
    const inputs = usesContext ? inputsFor(run, options.program, value as JsonObject) : inputsFor(run, options.program, undefined, value as DriverAction[]);
    const result = await judgeCase(run, inputs, options, false, signal);
    if (!failing(result)) return true;
    failingResults.set(serializePythonJson(value as JsonValue), result);
    return false;
  };
  const property = usesContext
    ? fc.asyncProperty(contextArbitraryFor(run, options.program), (value) => check(value))
    : fc.asyncProperty(actionScriptArbitrary, (value) => check(value));
  const details = await fc.check(property as fc.IAsyncProperty<[JsonObject | DriverAction[]]>, {
    seed: options.seed,
    path: String(run.generatedIndex),
    numRuns: options.runs,
    interruptAfterTimeLimit: options.shrinkTimeMs,
    markInterruptAsFailure: false,
  });
  const value = (details.counterexample?.[0] ?? (usesContext ? run.generatedContext : run.generatedActions)) as JsonValue;
  const counterexample = serializePythonJson(value);
  const judged = failingResults.get(counterexample);
  // Without the counterexample's own run (the first value no longer failed that way: a flaky
  // target), the first run's result and its value are reported, unshrunk, so they still agree.
  if (judged === undefined) {
    return { generated: { seed: options.seed, path: String(run.generatedIndex), counterexample: serializePythonJson((usesContext ? run.generatedContext : run.generatedActions) as JsonValue), shrunk: false }, result: failed };
  }
  return {
    generated: { seed: options.seed, path: details.counterexamplePath ?? String(run.generatedIndex), counterexample, shrunk: details.failed && details.numShrinks > 0 },
    result: judged,
  };
}

/** Runs the planned cases; results come back in plan order. */
export async function runPlanned(plan: readonly PlannedRun[], options: RunnerOptions): Promise<CaseResult[]> {
  const results: (CaseResult | undefined)[] = new Array(plan.length);
  let failures = 0;
  let consecutiveTimeouts = 0;
  let stop: Stop | undefined;
  // Cases in flight are ended when the run stops for a hung target (the user's signal ends them too).
  const inFlight = new AbortController();
  const onUserAbort = (): void => {
    stop ??= { reason: "INTERRUPTED", message: "not run: the run was interrupted" };
    inFlight.abort();
  };
  if (options.signal?.aborted) onUserAbort();
  else options.signal?.addEventListener("abort", onUserAbort, { once: true });

  const stopRun = (next: Stop): void => {
    stop ??= next;
  };
  const finish = async (index: number, result: CaseResult): Promise<void> => {
    const stoppedBefore = stop;
    // A case ended by the run's stop did not run to its end: it carries the stop's reason.
    const final = result.verdict === "not-run" && stoppedBefore !== undefined ? { ...result, reason: stoppedBefore.reason, message: stoppedBefore.message } : result;
    results[index] = final;
    if (isFailure(final.verdict)) failures++;
    if (final.verdict === "timeout") consecutiveTimeouts++;
    else if (ranProgram(final)) consecutiveTimeouts = 0;
    if (options.maxFail !== undefined && failures >= options.maxFail) stopRun({ reason: "MAX_FAIL", message: `not run: --max-fail ${options.maxFail} reached` });
    if (options.maxTimeouts > 0 && consecutiveTimeouts >= options.maxTimeouts && stop === undefined) {
      stopRun({
        reason: "HUNG_TARGET",
        message: `not run: the target timed out on ${consecutiveTimeouts} cases in a row: it hangs; rerun one case with --case ${final.caseId} to see it`,
      });
      inFlight.abort();
    }
    await options.hooks.onCaseEnd?.(final);
  };
  const notRun = (run: PlannedRun, why: Stop): CaseResult => ({ ...resultBase(run), verdict: "not-run", reason: why.reason, message: why.message });
  const skipResult = (run: PlannedRun, message: string): CaseResult => ({ ...resultBase(run), verdict: "skip", message });
  const runOne = async (index: number, exclusive: boolean): Promise<void> => {
    const run = plan[index]!;
    if (run.planned.skip !== undefined) return finish(index, skipResult(run, run.planned.skip));
    if (stop !== undefined) return finish(index, notRun(run, stop));
    await options.hooks.onCaseStart?.(run.planned);
    let result = await judgeCase(run, inputsFor(run, options.program), options, exclusive, inFlight.signal);
    if (run.generatedIndex !== undefined && result.verdict !== "not-run") {
      const generated: GeneratedInput = {
        seed: options.seed,
        path: String(run.generatedIndex),
        counterexample: serializePythonJson((run.generatedContext ?? run.generatedActions ?? null) as JsonValue),
        shrunk: false,
      };
      const shrink = (isFailure(result.verdict) || result.verdict === "warn") && stop === undefined;
      if (shrink) {
        const shrunk = await shrinkGenerated(run, result, options, inFlight.signal);
        result = { ...shrunk.result, generated: shrunk.generated };
      } else {
        result = { ...result, generated };
      }
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
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, shared.length)) }, worker));
    for (const index of exclusive) await runOne(index, true);
  } finally {
    options.signal?.removeEventListener("abort", onUserAbort);
  }
  return results.map((result, index) => result ?? notRun(plan[index]!, stop ?? { reason: "INTERRUPTED", message: "not run" }));
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
export function generateInputs(
  seed: number,
  runs: number,
  path: string | undefined,
  program: ProgramContext,
): { contexts: { observed: JsonObject[]; driven: JsonObject[] }; actionScripts: DriverAction[][]; indices: number[]; path?: string } {
  const observedArbitrary = contextAroundBase(program.base, program.generate);
  if (path !== undefined) {
    return {
      contexts: { observed: [generatedValueAt(observedArbitrary, seed, path)], driven: [generatedValueAt(contextArbitrary, seed, path)] },
      actionScripts: [generatedValueAt(actionScriptArbitrary, seed, path)],
      indices: [Number(path.split(":")[0])],
      path,
    };
  }
  // Sampled on first use: a run without generated cases does not pay for them.
  let observed: JsonObject[] | undefined;
  let driven: JsonObject[] | undefined;
  let actionScripts: DriverAction[][] | undefined;
  return {
    contexts: {
      get observed() {
        return (observed ??= fc.sample(observedArbitrary, { seed, numRuns: runs }));
      },
      get driven() {
        return (driven ??= fc.sample(contextArbitrary, { seed, numRuns: runs }));
      },
    },
    get actionScripts() {
      return (actionScripts ??= fc.sample(actionScriptArbitrary, { seed, numRuns: runs }));
    },
    indices: Array.from({ length: runs }, (_, index) => index),
  };
}
