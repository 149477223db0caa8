/**
 * The Pipes validator: compiles every schema once and validates bootstrap params, contexts and
 * messages at a chosen level, returning problems as data (pointer, stable code, one sentence,
 * level, rule). A validation runs the compiled dagster-level schema, the checks JSON Schema cannot
 * express (number lexemes, table structure, the version field per channel) and, at the reference
 * level, the reference overlay. A validator is cheap to call many times; create one and reuse it.
 */
import type { JsonValue } from "../harness/json/number-lexemes.js";
import type { ValidateFunction } from "ajv";
import { mapAjvErrors } from "./ajv-error-mapping.js";
import { fileURLToPath } from "node:url";
import { compileTarget, createSchemaAjv, loadGeneratedTargets, type CompiledTarget, type ValidationTarget } from "./compile-schemas.js";

/**
 * The standalone validating functions `npm run build` generates (generate-validators.ts), beside
 * this module in dist; absent beside the TypeScript sources, where schemas are compiled at run time.
 */
export const GENERATED_VALIDATORS_PATH = fileURLToPath(new URL("./generated/validators.cjs", import.meta.url));
import { runMessageCodeChecks } from "./code-checks.js";
import { checkContextLexemes, scanNumbers } from "./lexeme-checks.js";
import type { Problem } from "./problem-codes.js";
import { applyVersionRule, type MessageChannel } from "./version-checks.js";

/** A validation level: dagster (what Dagster accepts: MUST) or reference (what the reference writes: SHOULD). */
export type ValidationLevel = "dagster" | "reference";

/** Options of every validation. */
export interface ValidateOptions {
  /** `dagster` returns dagster-level and info problems; `reference` adds reference-level ones. */
  level: ValidationLevel;
  /**
   * Report information (default true): integers beyond ±2^53 and floats beyond the double range,
   * found by a scan of every number. At the dagster level that scan finds nothing else, so
   * `false` skips it (a fifth of the work on the realistic stream); at the reference level
   * it always runs (it also finds NaN/Infinity) and `false` only drops the info problems.
   */
  info?: boolean;
}

/** Options of a message validation. */
export interface MessageValidateOptions extends ValidateOptions {
  /**
   * The channel the message was read from (default `file`). On `stdio` a message without
   * `__dagster_pipes_version` is lost (a dagster-level problem); on `file` it is a reference one.
   */
  channel?: MessageChannel;
}

/** Validates Pipes values; see {@link createValidator}. */
export interface PipesValidator {
  /** Validates one parsed message (parse it with `parsePythonJson` so number lexemes are known). */
  validateMessage(message: JsonValue, options: MessageValidateOptions): Problem[];
  /** Validates a context (`PipesContextData`). */
  validateContextData(value: JsonValue, options: ValidateOptions): Problem[];
  /** Validates decoded context params (`DAGSTER_PIPES_CONTEXT`). */
  validateContextParams(value: JsonValue, options: ValidateOptions): Problem[];
  /** Validates decoded messages params (`DAGSTER_PIPES_MESSAGES`). */
  validateMessagesParams(value: JsonValue, options: ValidateOptions): Problem[];
}

/** Does this validation need the whole-value number scan? */
function scans(options: ValidateOptions): boolean {
  return options.level === "reference" || options.info !== false;
}

function isUnder(pointer: string, ancestor: string): boolean {
  return ancestor === "" || pointer === ancestor || (pointer.startsWith(ancestor) && pointer.charCodeAt(ancestor.length) === 47);
}

/**
 * Keeps the problems the level reports: at `dagster` the reference-level ones are dropped; at
 * `reference` a reference problem at or under a dagster problem's place is dropped (the overlay
 * repeats a shape check the dagster level already failed there). Dagster problems come first,
 * information last (none when `info` is false).
 */
function finish(problems: Problem[], options: ValidateOptions): Problem[] {
  if (problems.length === 0) return problems;
  const level = options.level;
  const dagster = problems.filter((problem) => problem.level === "dagster");
  const info = options.info === false ? [] : problems.filter((problem) => problem.level === "info");
  if (level === "dagster") return dagster.concat(info);
  const reference = problems.filter(
    (problem) => problem.level === "reference" && !dagster.some((failure) => isUnder(problem.pointer, failure.pointer)),
  );
  return dagster.concat(reference, info);
}

class SchemaValidator implements PipesValidator {
  private ajv: ReturnType<typeof createSchemaAjv> | undefined;
  private readonly compiled: Partial<Record<ValidationTarget, CompiledTarget>>;

  constructor() {
    // The functions generated at build time when they are there (no compilation at start-up).
    this.compiled = loadGeneratedTargets(GENERATED_VALIDATORS_PATH) ?? {};
  }

  /** A target's functions, compiled on first use when not generated: a suite that only validates messages waits for no other. */
  private target(name: ValidationTarget): CompiledTarget {
    const ready = this.compiled[name];
    if (ready !== undefined) return ready;
    this.ajv ??= createSchemaAjv();
    return (this.compiled[name] = compileTarget(this.ajv, name));
  }

  validateMessage(message: JsonValue, options: MessageValidateOptions): Problem[] {
    const target = this.target("message");
    const problems = this.schemaProblems(target.dagster, message, "dagster", true);
    runMessageCodeChecks(message, problems);
    if (scans(options)) scanNumbers(message, "", problems);
    if (options.level === "reference") this.appendSchemaProblems(problems, target.overlay, message, "reference", true);
    return finish(applyVersionRule(message, options.channel ?? "file", problems), options);
  }

  validateContextData(value: JsonValue, options: ValidateOptions): Problem[] {
    return this.validateContextLike("contextData", value, options, "");
  }

  validateContextParams(value: JsonValue, options: ValidateOptions): Problem[] {
    return this.validateContextLike("contextParams", value, options, "/data");
  }

  validateMessagesParams(value: JsonValue, options: ValidateOptions): Problem[] {
    const target = this.target("messagesParams");
    const problems = this.schemaProblems(target.dagster, value, "dagster", false);
    if (scans(options)) scanNumbers(value, "", problems);
    if (options.level === "reference") this.appendSchemaProblems(problems, target.overlay, value, "reference", false);
    return finish(problems, options);
  }

  /** Context data, or context params whose inline `data` is a context (at `contextPointer`). */
  private validateContextLike(targetName: "contextData" | "contextParams", value: JsonValue, options: ValidateOptions, contextPointer: string): Problem[] {
    const target = this.target(targetName);
    const problems = this.schemaProblems(target.dagster, value, "dagster", false);
    if (targetName === "contextData") checkContextLexemes(value, "", problems);
    else if (isInlineContext(value)) checkContextLexemes((value as { data: JsonValue }).data, contextPointer, problems);
    if (scans(options)) scanNumbers(value, "", problems);
    if (options.level === "reference") this.appendSchemaProblems(problems, target.overlay, value, "reference", false);
    return finish(problems, options);
  }

  private schemaProblems(validate: ValidateFunction, value: JsonValue, level: ValidationLevel, isMessage: boolean): Problem[] {
    if (validate(value)) return [];
    return mapAjvErrors(validate.errors ?? [], { root: value, level, isMessage });
  }

  private appendSchemaProblems(problems: Problem[], validate: ValidateFunction, value: JsonValue, level: ValidationLevel, isMessage: boolean): void {
    if (validate(value)) return;
    for (const problem of mapAjvErrors(validate.errors ?? [], { root: value, level, isMessage })) problems.push(problem);
  }
}

/** Context params the loader reads inline: an object without `path` and with `data`. */
function isInlineContext(value: JsonValue): boolean {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    !Object.prototype.hasOwnProperty.call(value, "path") &&
    Object.prototype.hasOwnProperty.call(value, "data")
  );
}

let shared: PipesValidator | undefined;

/**
 * Returns a validator to reuse for any number of values. Validators hold no state, so one is
 * shared by every caller in the process and its schemas are compiled once, on first use.
 */
export function createValidator(): PipesValidator {
  shared ??= new SchemaValidator();
  return shared;
}

/** A problem found by the validator (see problem-codes.ts). */
export type { Problem } from "./problem-codes.js";
/** The channel a message was read from: `file` or `stdio`. */
export type { MessageChannel } from "./version-checks.js";
