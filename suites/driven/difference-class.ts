/**
 * The class of a difference between a written message and its image, which names its root cause:
 * the same defect (a float rounded to 15 digits, the empty key renamed, `{}` for null) shows up
 * under labels, extras and payload keys the case generated, so the class, not the literal path,
 * tells one defect from another.
 */
import { pointerShape } from "../model/root-cause.js";
import type { JsonDifference } from "./compare-json.js";

/** The JSON kind of a described value (`describe` in compare-json: JSON text or `(absent)`). */
function describedKind(text: string): string {
  if (text === "null") return "null";
  if (text === "true" || text === "false") return "boolean";
  const first = text[0];
  if (first === "{") return "object";
  if (first === "[") return "array";
  if (first === '"') return "string";
  return "number";
}

/** The number a difference's text stands for, when it is one (a lexeme, possibly with its class). */
function numberOf(text: string): number | undefined {
  const lexeme = text.replace(/ \((?:int|float)\)$/, "");
  if (!/^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(lexeme)) return undefined;
  const value = Number(lexeme);
  return Number.isFinite(value) ? value : undefined;
}

/** Whether `actual` is `expected` rounded to fewer significant digits than a double holds (17). */
export function isRoundedNumber(expected: number, actual: number): boolean {
  if (expected === actual) return false;
  for (let digits = 1; digits <= 16; digits++) {
    if (Number(expected.toPrecision(digits)) === actual) return true;
  }
  return false;
}

/**
 * The class of a difference: for numbers and renamed keys the kind of change alone (wherever it
 * is), for the rest the change at the pointer's shape (generated keys as wildcards).
 */
export function differenceClass(difference: JsonDifference): string {
  const where = pointerShape(difference.pointer);
  switch (difference.kind) {
    case "number-precision":
      return "number-precision";
    case "number-class": {
      const expected = /\((int|float)\)$/.exec(difference.expected)?.[1] ?? "?";
      const actual = /\((int|float)\)$/.exec(difference.actual)?.[1] ?? "?";
      return `number-class ${expected}->${actual}`;
    }
    case "renamed-key":
      // A library renames keys by what they are (the empty key), not by where they are.
      return difference.expected === '""' ? 'renamed-key ""' : "renamed-key";
    case "value": {
      const expected = numberOf(difference.expected);
      const actual = numberOf(difference.actual);
      if (expected !== undefined && actual !== undefined && isRoundedNumber(expected, actual)) return "number-rounded";
      return `${where} value`;
    }
    case "type":
      return `${where} ${describedKind(difference.expected)}->${describedKind(difference.actual)}`;
    default:
      return `${where} ${difference.kind}`;
  }
}
