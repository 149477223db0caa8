/**
 * The expected params with one difference of the written ones put in: what Dagster would make of
 * the message had the library made only that mistake, so that each difference is judged (refused,
 * read otherwise, read the same) on its own.
 */
import { cloneJson, clearNumberLexeme, defineJsonProperty, getNumberLexeme, setNumberLexeme, type JsonObject, type JsonValue } from "../../harness/json/number-lexemes.js";
import type { JsonDifference } from "./compare-json.js";

type Container = JsonObject | JsonValue[];

/** The tokens of a JSON pointer, unescaped. */
function tokensOf(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .split("/")
    .slice(1)
    .map((token) => token.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** The container holding the pointer's last token, and that token; undefined where the path is absent. */
function locate(root: JsonObject, pointer: string): { parent: Container; key: string | number } | undefined {
  const tokens = tokensOf(pointer);
  if (tokens.length === 0) return undefined;
  let node: JsonValue = root;
  for (const token of tokens.slice(0, -1)) {
    if (node === null || typeof node !== "object") return undefined;
    if (Array.isArray(node)) node = node[Number(token)] as JsonValue;
    else if (Object.prototype.hasOwnProperty.call(node, token)) node = node[token] as JsonValue;
    else return undefined;
  }
  if (node === null || typeof node !== "object") return undefined;
  const last = tokens[tokens.length - 1]!;
  return { parent: node, key: Array.isArray(node) ? Number(last) : last };
}

function read(place: { parent: Container; key: string | number }): JsonValue | undefined {
  const parent = place.parent as Record<string | number, JsonValue>;
  return Object.prototype.hasOwnProperty.call(parent, place.key) ? parent[place.key] : undefined;
}

function write(place: { parent: Container; key: string | number }, value: JsonValue, lexeme: string | undefined): void {
  if (Array.isArray(place.parent)) place.parent[place.key as number] = value;
  else defineJsonProperty(place.parent, String(place.key), value);
  if (lexeme === undefined) clearNumberLexeme(place.parent, place.key);
  else setNumberLexeme(place.parent, place.key, lexeme);
}

/**
 * `expected` (the params of the image) with `difference` applied from `actual` (the written
 * params), or undefined when it cannot be put in alone (its place exists only in the written one).
 */
export function withDifference(expected: JsonValue, actual: JsonValue, difference: JsonDifference): JsonValue | undefined {
  // Pointers start at /params: a wrapper gives them a parent even when they name the params themselves.
  const root: JsonObject = { params: cloneJson(expected) };
  const actualRoot: JsonObject = { params: actual };
  const target = locate(root, difference.pointer);
  const source = locate(actualRoot, difference.actualPointer);
  if (target === undefined) return undefined;
  if (difference.kind === "missing-key") {
    if (Array.isArray(target.parent)) return undefined;
    delete target.parent[String(target.key)];
    clearNumberLexeme(target.parent, target.key);
    return root.params as JsonValue;
  }
  if (source === undefined) return undefined;
  const value = read(source);
  if (value === undefined) return undefined;
  const lexeme = getNumberLexeme(source.parent, source.key);
  if (difference.kind === "renamed-key") {
    if (Array.isArray(target.parent)) return undefined;
    const old = read(target);
    const oldLexeme = getNumberLexeme(target.parent, target.key);
    delete target.parent[String(target.key)];
    clearNumberLexeme(target.parent, target.key);
    // The value as expected, under the new name: what is renamed inside it is a difference of its own.
    write({ parent: target.parent, key: source.key }, old === undefined ? cloneJson(value) : old, old === undefined ? lexeme : oldLexeme);
    return root.params as JsonValue;
  }
  write(target, cloneJson(value), lexeme);
  return root.params as JsonValue;
}
