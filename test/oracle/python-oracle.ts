/**
 * Client of `python-oracle.py`: asks python3's own `json`, `base64` and `zlib` (what Dagster uses)
 * about a batch of inputs in one process, and tags JS-side values the same way for comparison.
 */
import { execa } from "execa";
import { fileURLToPath } from "node:url";
import { getNumberLexeme, type JsonValue } from "../../harness/json/number-lexemes.js";
import { pythonFloatRepr } from "../../harness/json/serialize-python-json.js";

const ORACLE = fileURLToPath(new URL("./python-oracle.py", import.meta.url));

/** One question to the oracle. */
export interface OracleRequest {
  kind: "json" | "bootstrap" | "base64";
  text: string;
}

/** Python's answer: a tagged value (or hex bytes for base64), or the stage and exception name. */
export type OracleAnswer =
  | { ok: true; value?: TaggedValue; hex?: string }
  | { ok: false; stage: string | null; error: string };

/** A JSON value with Python's types made explicit. */
export type TaggedValue =
  | { t: "null" }
  | { t: "bool"; v: boolean }
  | { t: "int"; v: string }
  | { t: "float"; v: string }
  | { t: "str"; v: string }
  | { t: "list"; v: TaggedValue[] }
  | { t: "dict"; v: [string, TaggedValue][] };

/** Runs the whole batch through one python3 process. */
export async function askPython(requests: OracleRequest[]): Promise<OracleAnswer[]> {
  const input = requests.map((request) => JSON.stringify(request)).join("\n") + "\n";
  const { stdout } = await execa("python3", [ORACLE], { input, maxBuffer: 1 << 30 });
  const answers = stdout.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line) as OracleAnswer);
  if (answers.length !== requests.length) throw new Error(`oracle answered ${answers.length} of ${requests.length}`);
  return answers;
}

/** Python's `repr(float)` for the oracle's comparison (`nan`, `inf` where JSON writes NaN, Infinity). */
function floatRepr(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  return pythonFloatRepr(value);
}

/** Tags a parsed JS value (with its lexemes) as the oracle tags Python's. */
export function tagValue(value: JsonValue, lexeme?: string): TaggedValue {
  if (value === null) return { t: "null" };
  if (typeof value === "boolean") return { t: "bool", v: value };
  if (typeof value === "string") return { t: "str", v: value };
  if (typeof value === "number") {
    if (lexeme !== undefined) {
      if (/[.eEIN]/.test(lexeme)) return { t: "float", v: floatRepr(Number(lexeme)) };
      return { t: "int", v: BigInt(lexeme).toString() };
    }
    return Number.isInteger(value) ? { t: "int", v: String(value === 0 ? 0 : value) } : { t: "float", v: floatRepr(value) };
  }
  if (Array.isArray(value)) return { t: "list", v: value.map((item, index) => tagValue(item, getNumberLexeme(value, index))) };
  return {
    t: "dict",
    v: Object.keys(value).map((key) => [key, tagValue(value[key] as JsonValue, getNumberLexeme(value, key))]),
  };
}
