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
  pointer: string;
  kind: "missing-key" | "extra-key" | "type" | "value" | "length" | "number-class" | "number-precision";
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
 * Differences between `expected` and `actual`. `classMatters(pointer)` says where a number's int or
 * float class is part of its meaning.
 */
export function compareJson(expected: JsonValue, actual: JsonValue, classMatters: (pointer: string) => boolean, pointer = ""): JsonDifference[] {
  const differences: JsonDifference[] = [];
  const walk = (exp: JsonValue, act: JsonValue, at: string, expLexeme: string | undefined, actLexeme: string | undefined): void => {
    if (kindOf(exp) !== kindOf(act)) {
      differences.push({ pointer: at, kind: "type", expected: describe(exp), actual: describe(act) });
      return;
    }
    if (typeof exp === "number") {
      const a = act as number;
      const expClass = numberClassOf(exp, expLexeme);
      const actClass = numberClassOf(a, actLexeme);
      if (classMatters(at) && expClass !== actClass) {
        differences.push({ pointer: at, kind: "number-class", expected: `${expLexeme ?? exp} (${expClass})`, actual: `${actLexeme ?? a} (${actClass})` });
        return;
      }
      const expInteger = exactInteger(exp, expLexeme);
      const actInteger = exactInteger(a, actLexeme);
      if (expInteger !== undefined && actInteger !== undefined) {
        if (expInteger === actInteger) return;
        const big = expInteger > BigInt(Number.MAX_SAFE_INTEGER) || expInteger < -BigInt(Number.MAX_SAFE_INTEGER);
        differences.push({ pointer: at, kind: big && Number(expInteger) === a ? "number-precision" : "value", expected: expLexeme ?? String(exp), actual: actLexeme ?? String(a) });
        return;
      }
      if (Object.is(exp, a) || exp === a || (Number.isNaN(exp) && Number.isNaN(a))) return;
      const precision = expInteger !== undefined && Number(expInteger) === a;
      differences.push({ pointer: at, kind: precision ? "number-precision" : "value", expected: expLexeme ?? String(exp), actual: actLexeme ?? String(a) });
      return;
    }
    if (exp === null || typeof exp !== "object") {
      if (exp !== act) differences.push({ pointer: at, kind: "value", expected: describe(exp), actual: describe(act) });
      return;
    }
    if (Array.isArray(exp)) {
      const actArray = act as JsonValue[];
      if (exp.length !== actArray.length) {
        differences.push({ pointer: at, kind: "length", expected: `${exp.length} items`, actual: `${actArray.length} items` });
      }
      for (let i = 0; i < Math.min(exp.length, actArray.length); i++) {
        walk(exp[i] as JsonValue, actArray[i] as JsonValue, pointerTo(at, i), getNumberLexeme(exp, i), getNumberLexeme(actArray, i));
      }
      return;
    }
    const actObject = act as { [key: string]: JsonValue };
    for (const key of Object.keys(exp)) {
      if (!Object.prototype.hasOwnProperty.call(actObject, key)) {
        differences.push({ pointer: pointerTo(at, key), kind: "missing-key", expected: describe(exp[key] as JsonValue), actual: "(absent)" });
      } else {
        walk(exp[key] as JsonValue, actObject[key] as JsonValue, pointerTo(at, key), getNumberLexeme(exp, key), getNumberLexeme(actObject, key));
      }
    }
    for (const key of Object.keys(actObject)) {
      if (!Object.prototype.hasOwnProperty.call(exp, key)) {
        differences.push({ pointer: pointerTo(at, key), kind: "extra-key", expected: "(absent)", actual: describe(actObject[key] as JsonValue) });
      }
    }
  };
  walk(expected, actual, pointer, undefined, undefined);
  return differences;
}
