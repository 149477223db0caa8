/**
 * Number lexemes: the written form of a JSON number, kept beside the parsed value.
 *
 * Python's `json.loads` (what Dagster parses messages with) keeps `2` (int) apart from `2.0`
 * (float), keeps integers beyond 2^53 exact and accepts `NaN`/`Infinity`; a JS number keeps none of
 * that. Rather than replacing numbers by wrapper objects (which JSON Schema validators and ordinary
 * code could not read), the parser stores the lexeme of every number whose JS value loses
 * information in a table hung on the containing object or array under a symbol. Symbol-keyed
 * properties are invisible to `Object.keys`, `for...in`, `JSON.stringify` and ajv, so parsed values
 * stay plain JSON for every consumer that does not ask.
 *
 * A number without a recorded lexeme was written as a plain integer within ±2^53 (when it came from
 * the parser) or is read by its JS value (when a program built it): integral → int, else float.
 */

/** Symbol under which a container keeps its {@link LexemeTable}. */
export const NUMBER_LEXEMES: unique symbol = Symbol.for("pipes-conformance.number-lexemes");

/** Lexemes of the numbers held by one object (by key) or array (by index). */
export type LexemeTable = Map<string | number, string>;

/** Python's class for a JSON number: `int` (no fraction, no exponent) or `float`. */
export type PythonNumberClass = "int" | "float";

/** Any JSON value as the parser returns it (objects and arrays may carry lexeme tables). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object as the parser returns it. */
export type JsonObject = { [key: string]: JsonValue };

type WithLexemes = { [NUMBER_LEXEMES]?: LexemeTable };

/** The recorded lexeme of `container[key]`, if the parser (or a builder) recorded one. */
export function getNumberLexeme(container: object, key: string | number): string | undefined {
  return (container as WithLexemes)[NUMBER_LEXEMES]?.get(key);
}

/** Records the lexeme of `container[key]` (used by the parser and by value builders). */
export function setNumberLexeme(container: object, key: string | number, lexeme: string): void {
  const holder = container as WithLexemes;
  let table = holder[NUMBER_LEXEMES];
  if (table === undefined) {
    table = new Map();
    Object.defineProperty(holder, NUMBER_LEXEMES, { value: table, enumerable: false, writable: true });
  }
  table.set(key, lexeme);
}

/** Forgets the lexeme of `container[key]` (a duplicate key's later value replaces the earlier). */
export function clearNumberLexeme(container: object, key: string | number): void {
  (container as WithLexemes)[NUMBER_LEXEMES]?.delete(key);
}

/** True when a lexeme denotes a Python float: a fraction, an exponent, NaN or ±Infinity. */
export function isFloatLexeme(lexeme: string): boolean {
  for (let i = 0; i < lexeme.length; i++) {
    const c = lexeme.charCodeAt(i);
    // '.', 'e', 'E', 'N' (NaN), 'I' (Infinity)
    if (c === 46 || c === 101 || c === 69 || c === 78 || c === 73) return true;
  }
  return false;
}

/** The Python class of the number at `container[key]`, or of a bare value with its lexeme. */
export function numberClassOf(value: number, lexeme: string | undefined): PythonNumberClass {
  if (lexeme !== undefined) return isFloatLexeme(lexeme) ? "float" : "int";
  return Number.isInteger(value) ? "int" : "float";
}

/** The Python class of the number stored at `container[key]`. */
export function numberClassAt(container: object, key: string | number): PythonNumberClass {
  return numberClassOf((container as Record<string | number, number>)[key] as number, getNumberLexeme(container, key));
}

/**
 * A builder for values that must carry a float class even when integral (`2.0`), for contexts
 * and expectations written by this tool: returns an array or object with lexemes set for the
 * given keys.
 */
export function withLexemes<T extends object>(container: T, lexemes: Record<string | number, string>): T {
  for (const [key, lexeme] of Object.entries(lexemes)) {
    setNumberLexeme(container, Array.isArray(container) ? Number(key) : key, lexeme);
  }
  return container;
}

/**
 * Deep copy of a JSON value that keeps lexeme tables (structuredClone drops symbol properties).
 */
export function cloneJson<T extends JsonValue>(value: T): T {
  if (value === null || typeof value !== "object") return value;
  const table = (value as WithLexemes)[NUMBER_LEXEMES];
  let copy: JsonValue[] | JsonObject;
  if (Array.isArray(value)) {
    copy = value.map((item) => cloneJson(item));
  } else {
    copy = {};
    for (const key of Object.keys(value)) {
      defineJsonProperty(copy, key, cloneJson((value as JsonObject)[key] as JsonValue));
    }
  }
  if (table !== undefined) {
    for (const [key, lexeme] of table) setNumberLexeme(copy, key, lexeme);
  }
  return copy as T;
}

/**
 * Sets an own enumerable property, including `__proto__`, which plain assignment would turn into
 * a prototype change rather than a key.
 */
export function defineJsonProperty(target: JsonObject, key: string, value: JsonValue): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
