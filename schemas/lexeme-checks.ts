/**
 * The number rules JSON Schema cannot state (docs/PROTOCOL.md#numbers-lexemes), judged on how each
 * number was written. JSON Schema 2020-12 calls `3.0` an integer and has no NaN or Infinity;
 * Python's `json.loads`, which Dagster reads with, keeps `3` (int) apart from `3.0` (float), reads
 * `NaN` and `Infinity`, and keeps integers beyond 2^53 exact. The harness's parser keeps each
 * number's lexeme (`harness/json/number-lexemes.ts`); these checks read it:
 * - a typed `float` raw_value written as an integer: Dagster refuses it (E_METADATA_FLOAT_AS_INT);
 * - a typed `int` raw_value written as a float (`3.0`, `1e3`): Dagster refuses it (E_METADATA_INT_AS_FLOAT);
 * - a log `level` written as a float: Dagster refuses it (E_LOG_LEVEL);
 * - a `timestamp` integer too large for a float: `float(int)` overflows (E_METADATA_VALUE);
 * - a context `retry_number` written as a float (E_CONTEXT_VALUE);
 * - NaN or ±Infinity anywhere: not JSON (W_NON_FINITE_NUMBER, reference level);
 * - integers beyond ±2^53 and float literals beyond the double range anywhere (information).
 * A number without a lexeme was written as a plain integer within ±2^53 by the parser, or built
 * by a program: it is judged by its value (integral means int).
 */
import { isFloatLexeme, NUMBER_LEXEMES, numberClassAt, getNumberLexeme, type JsonValue, type LexemeTable } from "../harness/json/number-lexemes.js";
import { isDict } from "../harness/dagster/python-types.js";
import { appendPointer } from "./json-pointer.js";
import { PROBLEM_CODES, type Problem, type ProblemCode } from "./problem-codes.js";
import { problemMessage, type ProblemFacts } from "./problem-messages.js";
import { METADATA_RULES } from "./dagster-schemas.js";

function problem(code: ProblemCode, pointer: string, facts: ProblemFacts, rule?: string): Problem {
  const info = PROBLEM_CODES[code];
  return { pointer, code, message: problemMessage(code, facts), level: info.level, rule: rule ?? info.rule };
}

function tokensToPointer(base: string, tokens: (string | number)[]): string {
  let pointer = base;
  for (const token of tokens) pointer = appendPointer(pointer, token);
  return pointer;
}

/** Judges one number by its lexeme (or value); returns the code of a finding, if any. */
function judgeNumber(value: number, lexeme: string | undefined): ProblemCode | undefined {
  if (lexeme === undefined) {
    if (!Number.isFinite(value)) return "W_NON_FINITE_NUMBER";
    return Number.isInteger(value) && !Number.isSafeInteger(value) ? "I_INTEGER_BEYOND_2_53" : undefined;
  }
  const first = lexeme.charCodeAt(lexeme.length > 1 && lexeme.charCodeAt(0) === 45 ? 1 : 0);
  // 'N' (NaN) or 'I' (Infinity): Python's non-standard literals.
  if (first === 78 || first === 73) return "W_NON_FINITE_NUMBER";
  if (isFloatLexeme(lexeme)) return Number.isFinite(value) ? undefined : "I_FLOAT_OUT_OF_RANGE";
  return Number.isSafeInteger(value) ? undefined : "I_INTEGER_BEYOND_2_53";
}

/**
 * Scans every number of `value` (a whole message, context or param) for NaN/Infinity, integers
 * beyond ±2^53 and float literals beyond the double range. `base` is the pointer of `value`.
 *
 * It runs on every validated value, so it is split in two: a fast pass with no allocation asks
 * only "is any number outside ±(2^53 - 1), or not finite?" (every finding is such a number, and a
 * parsed number within range without a lexeme is a safe integer), and only when one is found a
 * second pass judges each candidate by its lexeme and builds pointers.
 */
export function scanNumbers(value: JsonValue, base: string, out: Problem[], topLexeme?: string): void {
  if (typeof value === "number") {
    const code = judgeNumber(value, topLexeme);
    if (code !== undefined) out.push(problem(code, base, { keyword: "lexeme", shown: topLexeme ?? String(value) }));
    return;
  }
  if (value !== null && typeof value === "object" && hasCandidate(value)) collectFindings(value, base, [], out);
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Is any number in `container` (deeply) beyond ±(2^53 - 1) or not finite (NaN fails both tests)? */
function hasCandidate(container: JsonValue[] | { [key: string]: JsonValue }): boolean {
  if (Array.isArray(container)) {
    for (let index = 0; index < container.length; index++) {
      const item = container[index];
      if (typeof item === "object") {
        if (item !== null && hasCandidate(item)) return true;
      } else if (typeof item === "number" && !(item <= MAX_SAFE && item >= -MAX_SAFE)) {
        return true;
      }
    }
    return false;
  }
  // Parsed objects are plain: `for...in` sees exactly their own keys.
  for (const key in container) {
    const item = container[key];
    if (typeof item === "object") {
      if (item !== null && hasCandidate(item)) return true;
    } else if (typeof item === "number" && !(item <= MAX_SAFE && item >= -MAX_SAFE)) {
      return true;
    }
  }
  return false;
}

/** The slow pass: judges every candidate by its lexeme, with its pointer. */
function collectFindings(container: JsonValue[] | { [key: string]: JsonValue }, base: string, path: (string | number)[], out: Problem[]): void {
  const table = (container as { [NUMBER_LEXEMES]?: LexemeTable })[NUMBER_LEXEMES];
  const keys: (string | number)[] = Array.isArray(container) ? container.map((_, index) => index) : Object.keys(container);
  for (const key of keys) {
    const item = (container as Record<string | number, JsonValue>)[key] as JsonValue;
    if (typeof item === "object") {
      if (item === null) continue;
      path.push(key);
      collectFindings(item, base, path, out);
      path.pop();
    } else if (typeof item === "number" && !(item <= MAX_SAFE && item >= -MAX_SAFE)) {
      const lexeme = table?.get(key);
      const code = judgeNumber(item, lexeme);
      if (code !== undefined) out.push(problem(code, tokensToPointer(base, [...path, key]), { keyword: "lexeme", shown: lexeme ?? String(item) }));
    }
  }
}

/** Python's integer text for an integral float value (`3.0` → `3`), or a hint when it has none. */
function integerText(value: number): string {
  return Number.isFinite(value) && Number.isInteger(value) ? (Number.isSafeInteger(value) ? String(value) : BigInt(value).toString()) : "an integer";
}

/** Would JSON Schema's `integer` (as ajv applies it with strictNumbers off) accept this value? */
function schemaIntegral(value: number): boolean {
  return !Number.isNaN(value) && (Number.isInteger(value) || !Number.isFinite(value));
}

/** The pointer of a metadata entry's raw_value (built only when a problem is reported). */
function rawValuePointer(label: string): string {
  return appendPointer(appendPointer("/params/metadata", label), "raw_value");
}

/**
 * Lexeme rules of one metadata entry of a message (`entry` is the wrapped `{raw_value, type}`
 * object at `/params/metadata/<label>`): typed float, int and timestamp raw values.
 */
export function checkMetadataEntryLexemes(entry: { [key: string]: JsonValue }, label: string, out: Problem[]): void {
  const raw = entry.raw_value;
  if (typeof raw !== "number") return;
  const type = entry.type;
  if (type !== "float" && type !== "int" && type !== "timestamp") return;
  const lexeme = getNumberLexeme(entry, "raw_value");
  const shown = lexeme ?? String(raw);
  const numberClass = numberClassAt(entry, "raw_value");
  if (type === "float" && numberClass === "int") {
    out.push(problem("E_METADATA_FLOAT_AS_INT", rawValuePointer(label), { keyword: "lexeme", shown, detail: `${shown}.0` }, METADATA_RULES.float));
  } else if (type === "int" && numberClass === "float" && schemaIntegral(raw)) {
    out.push(problem("E_METADATA_INT_AS_FLOAT", rawValuePointer(label), { keyword: "lexeme", shown, detail: integerText(raw) }, METADATA_RULES.int));
  } else if (type === "timestamp" && numberClass === "int" && !Number.isFinite(raw)) {
    out.push(
      problem(
        "E_METADATA_VALUE",
        rawValuePointer(label),
        { keyword: "lexeme", metadataType: "timestamp", detail: `the integer ${shown.length > 20 ? `${shown.slice(0, 17)}...` : shown} is too large for a float: float() overflows` },
        METADATA_RULES.timestamp,
      ),
    );
  }
}

/** A log `level` written as a float (`20.0`): Dagster's level check takes ints and names only. */
export function checkLogLevelLexeme(params: { [key: string]: JsonValue }, out: Problem[]): void {
  const level = params.level;
  if (typeof level === "number" && numberClassAt(params, "level") === "float" && schemaIntegral(level)) {
    const shown = getNumberLexeme(params, "level") ?? String(level);
    out.push(problem("E_LOG_LEVEL", "/params/level", { keyword: "lexeme", shown, detail: integerText(level) }));
  }
}

/** Lexeme rules of a context: `retry_number` must be written as an integer. */
export function checkContextLexemes(context: JsonValue, base: string, out: Problem[]): void {
  if (!isDict(context) || typeof context.retry_number !== "number") return;
  if (numberClassAt(context, "retry_number") === "float" && schemaIntegral(context.retry_number)) {
    const shown = getNumberLexeme(context, "retry_number") ?? String(context.retry_number);
    out.push(
      problem("E_CONTEXT_VALUE", appendPointer(base, "retry_number"), {
        keyword: "lexeme",
        name: "retry_number",
        detail: `${shown} is a float; Dagster sends an integer`,
      }),
    );
  }
}
