/**
 * RFC 6901 pointers over parsed values: building them, and resolving one back to the value, its
 * container and key, so a problem can show a number as it was written (its lexeme lives on the
 * container) and name its Python type.
 */
import { getNumberLexeme, type JsonValue } from "../harness/json/number-lexemes.js";
import { pythonTypeAt, pythonTypeOfNonNumber } from "../harness/dagster/python-types.js";

/** Appends one reference token, escaping `~` and `/`. */
export function appendPointer(base: string, token: string | number): string {
  const text = String(token);
  if (text.indexOf("~") === -1 && text.indexOf("/") === -1) return `${base}/${text}`;
  return `${base}/${text.replaceAll("~", "~0").replaceAll("/", "~1")}`;
}

/** The unescaped tokens of a pointer. */
export function pointerTokens(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((token) => token.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** The last token of a pointer, unescaped (undefined for the root). */
export function lastToken(pointer: string): string | undefined {
  const tokens = pointerTokens(pointer);
  return tokens[tokens.length - 1];
}

/** A value found by pointer, with its container and key (both null for the root). */
export interface ResolvedPointer {
  found: boolean;
  value: JsonValue | undefined;
  parent: object | null;
  key: string | number | null;
}

/** Resolves `pointer` in `root` (own keys only; array tokens are indices). */
export function resolvePointer(root: JsonValue, pointer: string): ResolvedPointer {
  let parent: object | null = null;
  let key: string | number | null = null;
  let value: JsonValue | undefined = root;
  for (const token of pointerTokens(pointer)) {
    if (value === null || typeof value !== "object") return { found: false, value: undefined, parent, key };
    if (Array.isArray(value)) {
      const index = Number(token);
      if (!Number.isInteger(index) || index < 0 || index >= value.length) return { found: false, value: undefined, parent, key };
      parent = value;
      key = index;
      value = value[index];
    } else {
      if (!Object.prototype.hasOwnProperty.call(value, token)) return { found: false, value: undefined, parent, key };
      parent = value;
      key = token;
      value = (value as Record<string, JsonValue>)[token];
    }
  }
  return { found: true, value, parent, key };
}

/** A Python type name for messages: null, bool, int, float, str, list, object. */
export function pythonTypeName(resolved: ResolvedPointer): string {
  if (!resolved.found || resolved.value === undefined) return "nothing";
  const type =
    typeof resolved.value === "number" && resolved.parent !== null && resolved.key !== null
      ? pythonTypeAt(resolved.parent, resolved.key)
      : pythonTypeOfNonNumber(resolved.value);
  return type === "NoneType" ? "null" : type === "dict" ? "object" : type;
}

/** The lexeme of a resolved number, when the parser kept one. */
export function lexemeOf(resolved: ResolvedPointer): string | undefined {
  if (typeof resolved.value !== "number" || resolved.parent === null || resolved.key === null) return undefined;
  return getNumberLexeme(resolved.parent, resolved.key);
}
