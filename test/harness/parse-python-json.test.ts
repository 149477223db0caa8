import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePythonJson, PYTHON_MAX_INT_DIGITS } from "../../harness/json/parse-python-json.js";
import { getNumberLexeme, numberClassAt } from "../../harness/json/number-lexemes.js";
import { serializePythonJson } from "../../harness/json/serialize-python-json.js";
import { askPython, tagValue, type TaggedValue } from "../oracle/python-oracle.js";

/** Seed of the generated batches: fixed so that a failure replays exactly. */
const SEED = 20261122;

/** Dict key order is not part of what Dagster reads (JS also orders integer-like keys first). */
function canonical(tagged: TaggedValue): unknown {
  if (tagged.t === "list") return { t: "list", v: tagged.v.map(canonical) };
  if (tagged.t === "dict") {
    return { t: "dict", v: tagged.v.map(([key, value]) => [key, canonical(value)]).sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1)) };
  }
  return tagged;
}

const numberLexeme = fc
  .tuple(
    fc.constantFrom("", "-"),
    fc.oneof(fc.constant("0"), fc.stringMatching(/^[1-9][0-9]{0,24}$/)),
    fc.option(fc.stringMatching(/^\.[0-9]{1,20}$/), { nil: "" }),
    fc.option(fc.stringMatching(/^[eE][+-]?[0-9]{1,3}$/), { nil: "" }),
  )
  .map((parts) => parts.join(""));

const TOKENS = [
  "{", "}", "[", "]", ",", ":", '"a"', '"k"', '"\\u00e9"', '"\\ud800"', '"\\ud83d\\ude00"', '"\\udc00\\ud800"',
  '"\\x"', '"\\u12"', '"\\uZZZZ"', " ", "\t", "\n", "\r", "\u00a0", "\u2028", "1", "-0", "0.5", "1e5", "1E+400",
  "-1e-400", "01", "1.", ".5", "-", "+1", "NaN", "Infinity", "-Infinity", "nan", "inf", "true", "false", "null",
  "tru", "nul", '"', "\\", "\u0001", '"a\u0001b"', '"tab\there"', "12345678901234567890", "9007199254740993",
  "\ufeff", "é", '"é"', "/", "//", "0x10", "1_000", "-NaN", "[]", "{}", '"__proto__"', "''",
];

const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { minLength: 0, maxLength: 12 }).map((tokens) => tokens.join(""));

const validDocument = fc.jsonValue({ maxDepth: 4 }).chain((value) =>
  fc.constantFrom(JSON.stringify(value), serializePythonJson(value as never), JSON.stringify(value, null, 1)),
);

/** A valid message-like document with one number replaced by a generated lexeme. */
const withLexeme = fc
  .tuple(numberLexeme, fc.constantFrom('{"a": X}', "[X]", "X", '{"m": {"raw_value": X, "type": "float"}}', "[1, [X, X]]", " X ", '{"a": "x", "b": X, "a": 2}', '{"1": X, "a": [X], "0": 3}', '{"a": X, "a": X}', '{"a": 2.0, "b": X, "a": 2}', '[{"k": X}, {"k": 1, "k": X}]'))
  .map(([lexeme, template]) => template.replaceAll("X", lexeme));

const mutated = fc
  .tuple(validDocument, fc.nat(), fc.constantFrom(...TOKENS), fc.boolean())
  .map(([text, position, token, remove]) => {
    const at = text.length === 0 ? 0 : position % text.length;
    return remove ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + token + text.slice(at);
  });

describe("parsePythonJson", () => {
  it("keeps int and float apart, exact big integers and Python's non-finite literals", () => {
    const parsed = parsePythonJson('{"i": 2, "f": 2.0, "e": 1e2, "big": 123456789012345678901234567890, "n": NaN, "inf": -Infinity, "huge": 1e400}');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const value = parsed.value as Record<string, number>;
    expect(numberClassAt(value, "i")).toBe("int");
    expect(numberClassAt(value, "f")).toBe("float");
    expect(numberClassAt(value, "e")).toBe("float");
    expect(numberClassAt(value, "big")).toBe("int");
    expect(getNumberLexeme(value, "big")).toBe("123456789012345678901234567890");
    expect(Number.isNaN(value.n)).toBe(true);
    expect(value.inf).toBe(-Infinity);
    expect(value.huge).toBe(Infinity);
    expect(numberClassAt(value, "huge")).toBe("float");
    expect(serializePythonJson(parsed.value)).toBe(
      '{"i": 2, "f": 2.0, "e": 1e2, "big": 123456789012345678901234567890, "n": NaN, "inf": -Infinity, "huge": 1e400}',
    );
  });

  it("returns a bare number's lexeme and Python's error messages", () => {
    expect(parsePythonJson("2.0")).toEqual({ ok: true, value: 2, topLexeme: "2.0" });
    expect(parsePythonJson("")).toMatchObject({ ok: false, error: { code: "E_JSON_SYNTAX", message: "Expecting value: line 1 column 1 (char 0)" } });
    expect(parsePythonJson('{"a": 1} x')).toMatchObject({ ok: false, error: { message: "Extra data: line 1 column 10 (char 9)" } });
    expect(parsePythonJson("\ufeff{}")).toMatchObject({ ok: false, error: { message: expect.stringContaining("BOM") } });
    expect(parsePythonJson("1".repeat(PYTHON_MAX_INT_DIGITS + 1))).toMatchObject({ ok: false, error: { code: "E_JSON_INT_TOO_LONG" } });
    expect(parsePythonJson("[".repeat(2000) + "]".repeat(2000))).toMatchObject({ ok: false, error: { code: "E_JSON_TOO_DEEP" } });
  });

  it("keeps __proto__ as an ordinary key and the last of duplicate keys, lexeme included", () => {
    const parsed = parsePythonJson('{"__proto__": {"x": 1}, "d": 1.5, "d": 2}');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const value = parsed.value as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(["__proto__", "d"]);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(numberClassAt(value, "d")).toBe("int");
  });

  it("accepts, rejects and reads exactly as python3's json.loads (differential, seeded)", async () => {
    const inputs = [
      ...fc.sample(tokenSoup, { seed: SEED, numRuns: 1500 }),
      ...fc.sample(validDocument, { seed: SEED + 1, numRuns: 600 }),
      ...fc.sample(withLexeme, { seed: SEED + 2, numRuns: 800 }),
      ...fc.sample(mutated, { seed: SEED + 3, numRuns: 1200 }),
      "[".repeat(900) + "]".repeat(900),
      "[".repeat(1200) + "]".repeat(1200),
      "1".repeat(4300),
      "-" + "9".repeat(4301),
    ];
    const answers = await askPython(inputs.map((text) => ({ kind: "json" as const, text })));
    const disagreements: string[] = [];
    inputs.forEach((text, index) => {
      const ours = parsePythonJson(text);
      const theirs = answers[index]!;
      if (ours.ok !== theirs.ok) {
        disagreements.push(`${JSON.stringify(text.slice(0, 200))}: ours ${ours.ok ? "accepts" : "rejects"}, python ${theirs.ok ? "accepts" : "rejects"}`);
      } else if (ours.ok && theirs.ok) {
        const mine = canonical(tagValue(ours.value, ours.topLexeme));
        const python = canonical(theirs.value!);
        if (JSON.stringify(mine) !== JSON.stringify(python)) {
          disagreements.push(`${JSON.stringify(text.slice(0, 200))}: ours ${JSON.stringify(mine).slice(0, 300)} python ${JSON.stringify(python).slice(0, 300)}`);
        }
      }
    });
    expect(disagreements, `seed ${SEED}: ${disagreements.length} disagreements`).toEqual([]);
  });
});

describe("parsePythonJson's canonical-number shortcut", () => {
  it("drops only lexemes the value gives back: every number is written again exactly as it was", () => {
    const templates = ['{"a": X}', "[X]", '{"m": {"raw_value": X, "type": "float"}}', "[1, [X, X]]", '{"a": "x:1.0", "b": [X, {"c": X}]}',
      // Beside what every message holds ("0.1") and what Python writes for non-ASCII text (\u00e4),
      // which the quick pre-test must not take for numbers, nor take a number for them.
      '{"__dagster_pipes_version": "0.1", "v": X}', '{"s": "k\\u00e4se", "v": X}', '["\\u00e9", X, "\\u1e00"]', '{"k\\u00e4": X}'];
    const documents = fc.sample(fc.tuple(numberLexeme, fc.constantFrom(...templates)), { seed: SEED + 4, numRuns: 3000 });
    const mismatches: string[] = [];
    for (const [lexeme, template] of documents) {
      // The integer -0 is 0 in Python too (json.dumps writes 0): not a lexeme to keep.
      if (lexeme === "-0") continue;
      const text = template.replaceAll("X", lexeme);
      const parsed = parsePythonJson(text);
      if (!parsed.ok) continue;
      const again = serializePythonJson(parsed.value, {}, parsed.topLexeme);
      if (again !== text) mismatches.push(`${text} -> ${again}`);
    }
    for (const value of [0.5, 720.743, 1e-4, 0.00012, 1.5e-5, 123456789012.345, -0.25, 1e15 + 0.5, 3, 17]) {
      const text = `{"v": ${serializePythonJson(value)}}`;
      const parsed = parsePythonJson(text);
      if (!parsed.ok || serializePythonJson(parsed.value) !== text) mismatches.push(text);
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
  });
});
