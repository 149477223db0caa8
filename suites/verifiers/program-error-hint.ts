/**
 * Reading a program's error for what its context lacks: libraries word their refusals alike (the
 * reference's "Extra `source_url` is undefined. Extras must be provided by user.", Java's "Extra
 * source_url is undefined", R's "extra 'source_url' not found"), so the suite can name the flag that
 * declares the missing part instead of only quoting the error.
 */

/** A recognised refusal: the pattern and the hint it gives (`$1` is the name the error quotes). */
interface HintRule {
  pattern: RegExp;
  hint: (name: string) => string;
}

// A name as errors quote it: in backticks, quotes, or bare up to a space or punctuation.
const NAME = String.raw`[\x60'"‘“]?([^\s\x60'"’”,;:)]+)[\x60'"’”]?`;

const RULES: readonly HintRule[] = [
  { pattern: new RegExp(String.raw`\bextras?\b\W*${NAME}\s*(?:is\s+)?(?:undefined|not\s+(?:found|defined|present|provided|in\b)|missing|does\s+not\s+exist)`, "i"), hint: (name) => `get_extra('${name}'): not in extras; declare it with --extras` },
  { pattern: new RegExp(String.raw`\b(?:missing|no|unknown|undefined)\s+extras?\b\W*${NAME}`, "i"), hint: (name) => `get_extra('${name}'): not in extras; declare it with --extras` },
  { pattern: new RegExp(String.raw`\basset(?:\s+key)?\b\W*${NAME}\s*(?:is\s+)?not\s+(?:in|found|selected|among)`, "i"), hint: (name) => `asset ${name}: not selected by the context; declare it with --asset` },
  { pattern: /\bpartition(?:_key| key)?\b[^\n]*\b(?:undefined|not set|null|none|missing)\b/i, hint: () => "the program needs a partition; declare one with --partition-key (or --time-window)" },
];

/** The hint for an error text, or undefined when the error names nothing the context could declare. */
export function programErrorHint(error: string): string | undefined {
  for (const rule of RULES) {
    const match = rule.pattern.exec(error);
    if (match) return rule.hint(match[1] ?? "");
  }
  return undefined;
}
