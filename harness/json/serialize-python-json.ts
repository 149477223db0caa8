/**
 * Writes JSON as Python's `json.dumps` does with its defaults (the form Dagster writes context
 * files and bootstrap params in): `", "` and `": "` separators, non-ASCII escaped as `\uXXXX`,
 * `NaN`/`Infinity` allowed, floats in Python's `repr` form. Numbers that carry a lexeme (see
 * `number-lexemes.ts`) are written exactly as that lexeme, so a parsed value round-trips.
 */
import { getNumberLexeme, NUMBER_LEXEMES, type JsonValue, type LexemeTable } from "./number-lexemes.js";

/** How to write: Python's defaults, or compact separators and raw UTF-8. */
export interface SerializeOptions {
  /** `(",", ":")` separators instead of Python's `(", ", ": ")`. Default false. */
  compact?: boolean;
  /** Escape every non-ASCII character as `\uXXXX` (Python's `ensure_ascii`). Default true. */
  ensureAscii?: boolean;
}

/**
 * Python's `repr(float)`: the shortest round-trip digits, fixed notation for decimal exponents in
 * [-4, 16), scientific (`1e+16`, `1.5e-07`) otherwise, and `.0` on integral values.
 */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "Infinity";
  if (value === -Infinity) return "-Infinity";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const exponential = value.toExponential();
  const ePos = exponential.indexOf("e");
  const mantissa = exponential.slice(0, ePos);
  const exponent = Number(exponential.slice(ePos + 1));
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const sign = negative ? "-" : "";
  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : "";
    const expSign = exponent < 0 ? "-" : "+";
    const expDigits = String(Math.abs(exponent)).padStart(2, "0");
    return `${sign}${digits[0]}${fraction}e${expSign}${expDigits}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) return `${sign}${digits}${"0".repeat(exponent + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

/** A number as Python would write it, given its lexeme if one was kept. */
export function pythonNumberText(value: number, lexeme: string | undefined): string {
  if (lexeme !== undefined) return lexeme;
  // Python writes an int in full digits, never with an exponent (JS switches at 1e21).
  if (Number.isInteger(value)) return Object.is(value, -0) ? "0" : Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
  return pythonFloatRepr(value);
}

const SHORT_ESCAPES: Record<number, string> = { 34: '\\"', 92: "\\\\", 10: "\\n", 13: "\\r", 9: "\\t", 8: "\\b", 12: "\\f" };

/** A JSON string literal as Python writes it (`ensure_ascii` escapes everything outside ' '..'~'). */
export function pythonStringLiteral(text: string, ensureAscii = true): string {
  let out = '"';
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const plain = ensureAscii ? c >= 32 && c <= 126 && c !== 34 && c !== 92 : c >= 32 && c !== 34 && c !== 92;
    if (plain) continue;
    out += text.slice(runStart, i);
    out += SHORT_ESCAPES[c] ?? `\\u${c.toString(16).padStart(4, "0")}`;
    runStart = i + 1;
  }
  return out + text.slice(runStart) + '"';
}

/**
 * Serializes `value` as Python's `json.dumps(value)` would (with the options given), keeping
 * number lexemes. `topLexeme` is the lexeme of a bare top-level number.
 */
export function serializePythonJson(value: JsonValue, options: SerializeOptions = {}, topLexeme?: string): string {
  const itemSeparator = options.compact ? "," : ", ";
  const keySeparator = options.compact ? ":" : ": ";
  const ensureAscii = options.ensureAscii ?? true;
  const write = (item: JsonValue, lexeme: string | undefined): string => {
    if (item === null) return "null";
    switch (typeof item) {
      case "boolean":
        return item ? "true" : "false";
      case "number":
        return pythonNumberText(item, lexeme);
      case "string":
        return pythonStringLiteral(item, ensureAscii);
    }
    const table = (item as { [NUMBER_LEXEMES]?: LexemeTable })[NUMBER_LEXEMES];
    if (Array.isArray(item)) {
      const parts = item.map((element, index) => write(element, table?.get(index)));
      return `[${parts.join(itemSeparator)}]`;
    }
    const parts = Object.keys(item).map(
      (key) => `${pythonStringLiteral(key, ensureAscii)}${keySeparator}${write(item[key] as JsonValue, table?.get(key))}`,
    );
    return `{${parts.join(itemSeparator)}}`;
  };
  return write(value, topLexeme);
}

/** The lexeme-aware text of `container[key]` when it is a number (for messages and diffs). */
export function numberTextAt(container: object, key: string | number): string {
  return pythonNumberText((container as Record<string | number, number>)[key] as number, getNumberLexeme(container, key));
}
