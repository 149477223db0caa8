/**
 * Asset keys as Dagster writes and reads them.
 *
 * The context carries keys as "escaped user strings" (`to_escaped_user_string`: parts joined by
 * `/`, a `/` inside a part written `\/`); keys in messages are parsed back with
 * `from_escaped_user_string`, whose quirks (a trailing backslash dropped, an empty last part
 * dropped, `""` giving zero parts) are reproduced here because they decide whether Dagster sees
 * the key the target meant. The `asset` metadata type uses the plain `from_user_string` instead,
 * which splits on every `/`.
 */

/** An asset key as its list of parts. */
export type AssetKeyPath = readonly string[];

/** Dagster's `AssetKey.to_escaped_user_string()`: only `/` is escaped. */
export function toEscapedUserString(path: AssetKeyPath): string {
  return path.map((part) => part.replaceAll("/", "\\/")).join("/");
}

/**
 * Dagster's `AssetKey.from_escaped_user_string(s)`: a backslash keeps the next character (and
 * itself) in the part, an unescaped `/` ends a part (kept even when empty), the last part is kept
 * only when non-empty, and finally `\/` becomes `/` in each part.
 */
export function fromEscapedUserString(text: string): string[] {
  if (!text.includes("\\")) {
    // No escapes (nearly every key): a plain split, keeping the rule that an empty last part goes.
    const split = text.split("/");
    if (split[split.length - 1] === "") split.pop();
    return split;
  }
  const parts: string[] = [];
  let current = "";
  let escapeNext = false;
  for (const character of text) {
    if (escapeNext) {
      current += `\\${character}`;
      escapeNext = false;
    } else if (character === "\\") {
      escapeNext = true;
    } else if (character === "/") {
      parts.push(current);
      current = "";
    } else {
      current += character;
    }
  }
  if (current !== "") parts.push(current);
  return parts.map((part) => part.replaceAll("\\/", "/"));
}

/** Dagster's `AssetKey.from_user_string(s)`: `s.split("/")`, no escapes (the `asset` metadata type). */
export function fromUserString(text: string): string[] {
  return text.split("/");
}

/** Dagster's `AssetKey.to_user_string()`: parts joined by `/` (for display). */
export function toUserString(path: AssetKeyPath): string {
  return path.join("/");
}

/** Two keys are the same asset. */
export function sameAssetKey(a: AssetKeyPath, b: AssetKeyPath): boolean {
  return a.length === b.length && a.every((part, index) => part === b[index]);
}
