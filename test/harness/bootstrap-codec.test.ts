import fc from "fast-check";
import pako from "pako";
import { describe, expect, it } from "vitest";
import { decodeBootstrapValue, encodeBootstrapValue } from "../../harness/bootstrap/bootstrap-codec.js";
import { decodePythonBase64, encodePythonBase64 } from "../../harness/bootstrap/python-base64.js";
import { askPython, tagValue } from "../oracle/python-oracle.js";

/** Seed of the generated batches: fixed so that a failure replays exactly. */
const SEED = 20261123;

const VECTOR = "eJyrVipILMlQslJQ0q9QqgUAIRIELw==";

describe("bootstrap encoding", () => {
  it("encodes the protocol's test vector exactly as Dagster does", () => {
    expect(encodeBootstrapValue({ path: "/x" })).toBe(VECTOR);
    expect(decodeBootstrapValue(VECTOR)).toEqual({ ok: true, value: { path: "/x" } });
  });

  it("refuses gzip, raw deflate, missing padding and non-ASCII text", () => {
    const json = new TextEncoder().encode('{"path": "/x"}');
    expect(decodeBootstrapValue(encodePythonBase64(pako.gzip(json)))).toMatchObject({ ok: false, stage: "zlib" });
    expect(decodeBootstrapValue(encodePythonBase64(pako.deflateRaw(json)))).toMatchObject({ ok: false, stage: "zlib" });
    expect(decodeBootstrapValue(VECTOR.replace(/=+$/, ""))).toMatchObject({ ok: false, stage: "base64", code: "E_BASE64_PADDING" });
    expect(decodeBootstrapValue(VECTOR + "é")).toMatchObject({ ok: false, stage: "base64", code: "E_BASE64_NON_ASCII" });
    expect(decodeBootstrapValue("")).toMatchObject({ ok: false, stage: "zlib" });
  });

  it("reads what Python reads: skipped characters, data after padding, other zlib levels", () => {
    expect(decodePythonBase64("YQ==YWJj")).toEqual({ ok: true, bytes: new Uint8Array([97]) });
    expect(decodeBootstrapValue(`${VECTOR.slice(0, 10)}\n ${VECTOR.slice(10)}`)).toEqual({ ok: true, value: { path: "/x" } });
    const json = new TextEncoder().encode('{"data": {"a": 1.0}}');
    for (const level of [0, 1, 9] as const) {
      expect(decodeBootstrapValue(encodePythonBase64(pako.deflate(json, { level })))).toMatchObject({ ok: true });
    }
  });

  it("decodes exactly as python3's base64 + zlib + json (differential, seeded)", async () => {
    const params = fc.oneof(
      fc.record({ path: fc.string() }),
      fc.record({ data: fc.jsonValue({ maxDepth: 3 }) }),
      fc.record({ stdio: fc.constantFrom("stderr", "stdout") }),
      fc.jsonValue({ maxDepth: 2 }),
    );
    const compressed = fc.tuple(params, fc.constantFrom("zlib6", "zlib0", "zlib1", "zlib9", "gzip", "raw", "trailing", "truncated", "flipped"))
      .map(([value, how]) => {
        const bytes = new TextEncoder().encode(JSON.stringify(value) ?? "null");
        switch (how) {
          case "zlib0": return pako.deflate(bytes, { level: 0 });
          case "zlib1": return pako.deflate(bytes, { level: 1 });
          case "zlib9": return pako.deflate(bytes, { level: 9 });
          case "gzip": return pako.gzip(bytes);
          case "raw": return pako.deflateRaw(bytes);
          case "trailing": return new Uint8Array([...pako.deflate(bytes), 1, 2, 3]);
          case "truncated": { const full = pako.deflate(bytes); return full.subarray(0, full.length - 2); }
          case "flipped": { const full = pako.deflate(bytes); full[full.length >> 1] ^= 0x10; return full; }
          default: return pako.deflate(bytes);
        }
      });
    const text = fc.tuple(compressed, fc.constantFrom("plain", "urlsafe", "unpadded", "spaces", "garbage-after", "non-ascii", "extra-pad"), fc.nat())
      .map(([bytes, how, position]) => {
        const plain = encodePythonBase64(bytes);
        const at = position % (plain.length + 1);
        switch (how) {
          case "urlsafe": return plain.replaceAll("+", "-").replaceAll("/", "_");
          case "unpadded": return plain.replace(/=+$/, "");
          case "spaces": return plain.slice(0, at) + " \n\t" + plain.slice(at);
          case "garbage-after": return plain + "QUJD";
          case "non-ascii": return plain.slice(0, at) + "é" + plain.slice(at);
          case "extra-pad": return plain.slice(0, at) + "=" + plain.slice(at);
          default: return plain;
        }
      });
    const soup = fc.array(fc.constantFrom(..."ABCDabcd0189+/-_= \n=".split(""), "eJ", "eJyr", "=="), { maxLength: 16 }).map((parts) => parts.join(""));
    const inputs = [...fc.sample(text, { seed: SEED, numRuns: 1500 }), ...fc.sample(soup, { seed: SEED + 1, numRuns: 1500 })];

    const bootstrapAnswers = await askPython(inputs.map((input) => ({ kind: "bootstrap" as const, text: input })));
    const base64Answers = await askPython(inputs.map((input) => ({ kind: "base64" as const, text: input })));
    const disagreements: string[] = [];
    inputs.forEach((input, index) => {
      const ours = decodeBootstrapValue(input);
      const theirs = bootstrapAnswers[index]!;
      if (ours.ok !== theirs.ok) disagreements.push(`${JSON.stringify(input)}: ours ${ours.ok ? "accepts" : `rejects at ${ours.stage}`}, python ${theirs.ok ? "accepts" : `rejects at ${theirs.stage}`}`);
      else if (ours.ok && theirs.ok && JSON.stringify(tagValue(ours.value, ours.topLexeme)) !== JSON.stringify(theirs.value)) disagreements.push(`${JSON.stringify(input)}: values differ`);
      else if (!ours.ok && !theirs.ok && ours.stage !== theirs.stage) disagreements.push(`${JSON.stringify(input)}: ours rejects at ${ours.stage}, python at ${theirs.stage}`);
      const bytes = decodePythonBase64(input);
      const pythonBytes = base64Answers[index]!;
      if (bytes.ok !== pythonBytes.ok) disagreements.push(`base64 ${JSON.stringify(input)}: ours ${bytes.ok}, python ${pythonBytes.ok}`);
      else if (bytes.ok && pythonBytes.ok && Buffer.from(bytes.bytes).toString("hex") !== pythonBytes.hex) disagreements.push(`base64 ${JSON.stringify(input)}: bytes differ`);
    });
    expect(disagreements, `seed ${SEED}: ${disagreements.length} disagreements`).toEqual([]);
  });
});
