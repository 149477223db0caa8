/**
 * Compares what a target wrote with what it should have written, the way Dagster would tell them
 * apart: numbers by value, with the int/float class compared only where Dagster's resolution
 * depends on it (typed and inferred metadata), big integers exact but a lost digit reported as a
 * representation difference (SHOULD), everything else exact.
 */
import { getNumberLexeme, numberClassOf, type JsonValue } from "../../harness/json/number-lexemes.js";
import { pointerTo } from "../../harness/dagster/rejection.js";

/** One difference between expected and actual. */
export interface JsonDifference {
  /** Where, in the expected value. */
  pointer: string;
  /** Where, in the actual value: differs from `pointer` under a renamed key (the new name). */
  actualPointer: string;
  /**
   * `renamed-key`: a key absent from actual paired with an added key whose value is the same up to
   * renames (or the one left on each side, of one kind): one difference, not a missing and an extra.
   */
  kind: "missing-key" | "extra-key" | "renamed-key" | "type" | "value" | "length" | "number-class" | "number-precision";
  expected: string;
  actual: string;
}

function describe(value: JsonValue | undefined): string {
  if (value === undefined) return "(absent)";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function kindOf(value: JsonValue): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** The exact integer of a number written without fraction or exponent, if it is one. */
function exactInteger(value: number, lexeme: string | undefined): bigint | undefined {
  if (lexeme !== undefined) return /^-?\d+$/.test(lexeme) ? BigInt(lexeme) : undefined;
  return Number.isInteger(value) ? BigInt(value) : undefined;
}

/**
 * Which missing key was written under which added name: first the pairs whose values are the same
 * up to renames (a library that renames the empty key renames it at every depth), then, when one
 * key is left on each side and their values are of one kind, those two.
 */
function pairRenames(exp: { [key: string]: JsonValue }, act: { [key: string]: JsonValue }, missing: readonly string[], extra: readonly string[]): Map<string, string> {
  const pairs = new Map<string, string>();
  if (missing.length === 0 || extra.length === 0) return pairs;
  const free = new Set(extra);
  for (const key of missing) {
    for (const candidate of free) {
      const inner = compareJson(exp[key] as JsonValue, act[candidate] as JsonValue, () => false);
      if (inner.every((difference) => difference.kind === "renamed-key")) {
        pairs.set(key, candidate);
        free.delete(candidate);
        break;
      }
    }
  }
  const leftMissing = missing.filter((key) => !pairs.has(key));
  if (leftMissing.length === 1 && free.size === 1) {
    const candidate = [...free][0]!;
    if (kindOf(exp[leftMissing[0]!] as JsonValue) === kindOf(act[candidate] as JsonValue)) pairs.set(leftMissing[0]!, candidate);
  }
  return pairs;
}

/**
 * Differences between `expected` and `actual`. `classMatters(pointer)` says where a number's int or
 * float class is part of its meaning.
 */
export function compareJson(expected: JsonValue, actual: JsonValue, classMatters: (pointer: string) => boolean, pointer = ""): JsonDifference[] {
  const differences: JsonDifference[] = [];
  const walk = (exp: JsonValue, act: JsonValue, at: string, expLexeme: string | undefined, actLexeme: string | undefined, actAt: string): void => {
    const push = (difference: Omit<JsonDifference, "actualPointer">, actualPointer = actAt): void => {
      differences.push({ ...difference, actualPointer });
    };
    if (kindOf(exp) !== kindOf(act)) {
      push({ pointer: at, kind: "type", expected: describe(exp), actual: describe(act) });
      return;
    }
    if (typeof exp === "number") {
      const a = act as number;
      const expClass = numberClassOf(exp, expLexeme);
      const actClass = numberClassOf(a, actLexeme);
      if (classMatters(at) && expClass !== actClass) {
        push({ pointer: at, kind: "number-class", expected: `${expLexeme ?? exp} (${expClass})`, actual: `${actLexeme ?? a} (${actClass})` });
        return;
      }
      const expInteger = exactInteger(exp, expLexeme);
      const actInteger = exactInteger(a, actLexeme);
      if (expInteger !== undefined && actInteger !== undefined) {
        if (expInteger === actInteger) return;
        const big = expInteger > BigInt(Number.MAX_SAFE_INTEGER) || expInteger < -BigInt(Number.MAX_SAFE_INTEGER);
        push({ pointer: at, kind: big && Number(expInteger) === a ? "number-precision" : "value", expected: expLexeme ?? String(exp), actual: actLexeme ?? String(a) });
        return;
      }
      if (Object.is(exp, a) || exp === a || (Number.isNaN(exp) && Number.isNaN(a))) return;
      const precision = expInteger !== undefined && Number(expInteger) === a;
      push({ pointer: at, kind: precision ? "number-precision" : "value", expected: expLexeme ?? String(exp), actual: actLexeme ?? String(a) });
      return;
    }
    if (exp === null || typeof exp !== "object") {
      if (exp !== act) push({ pointer: at, kind: "value", expected: describe(exp), actual: describe(act) });
      return;
    }
    if (Array.isArray(exp)) {
      const actArray = act as JsonValue[];
      if (exp.length !== actArray.length) {
        push({ pointer: at, kind: "length", expected: `${exp.length} items`, actual: `${actArray.length} items` });
      }
      for (let i = 0; i < Math.min(exp.length, actArray.length); i++) {
        walk(exp[i] as JsonValue, actArray[i] as JsonValue, pointerTo(at, i), getNumberLexeme(exp, i), getNumberLexeme(actArray, i), pointerTo(actAt, i));
      }
      return;
    }
    const actObject = act as { [key: string]: JsonValue };
    const has = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);
    const missing = Object.keys(exp).filter((key) => !has(actObject, key));
    const extra = Object.keys(actObject).filter((key) => !has(exp, key));
    const renamedTo = pairRenames(exp, actObject, missing, extra);
    const paired = new Set(renamedTo.values());
    for (const key of Object.keys(exp)) {
      const newKey = has(actObject, key) ? key : renamedTo.get(key);
      if (newKey === undefined) {
        push({ pointer: pointerTo(at, key), kind: "missing-key", expected: describe(exp[key] as JsonValue), actual: "(absent)" });
        continue;
      }
      if (newKey !== key) push({ pointer: pointerTo(at, key), kind: "renamed-key", expected: JSON.stringify(key), actual: JSON.stringify(newKey) }, pointerTo(actAt, newKey));
      walk(exp[key] as JsonValue, actObject[newKey] as JsonValue, pointerTo(at, key), getNumberLexeme(exp, key), getNumberLexeme(actObject, newKey), pointerTo(actAt, newKey));
    }
    for (const key of extra) {
      if (!paired.has(key)) push({ pointer: pointerTo(actAt, key), kind: "extra-key", expected: "(absent)", actual: describe(actObject[key] as JsonValue) }, pointerTo(actAt, key));
    }
  };
  walk(expected, actual, pointer, undefined, undefined, pointer);
  return differences;
}
