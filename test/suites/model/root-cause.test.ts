/**
 * Root-cause keys: one defect seen under generated labels, extras and payload keys is one root
 * cause, and the driven image names each difference by its class (a rounded float, an int written
 * as a float, a renamed key, `{}` for null), not by the literal path.
 */
import { describe, expect, it } from "vitest";
import { getNumberLexeme, withLexemes, type JsonObject, type JsonValue } from "../../../harness/json/number-lexemes.js";
import { compareJson } from "../../../suites/driven/compare-json.js";
import { differenceClass, isRoundedNumber } from "../../../suites/driven/difference-class.js";
import { withDifference } from "../../../suites/driven/with-difference.js";
import { pointerShape, rootCauseId } from "../../../suites/model/root-cause.js";

describe("pointerShape", () => {
  it("replaces labels, asset keys and indices by *, and everything below free JSON by **", () => {
    expect(pointerShape("/params/metadata/infer_int/raw_value")).toBe("/params/metadata/*/raw_value");
    expect(pointerShape("/params/metadata/rows/raw_value")).toBe("/params/metadata/*/raw_value");
    expect(pointerShape("/params/metadata/hpy/raw_value/1")).toBe("/params/metadata/*/raw_value/**");
    expect(pointerShape("/params/payload/pipes_conformance_context/extras/者/㈉᧑")).toBe("/params/payload/pipes_conformance_context/extras/**");
    expect(pointerShape("/params/payload/pipes_conformance_context/extras/🚪👷")).toBe("/params/payload/pipes_conformance_context/extras/**");
    expect(pointerShape("/params/payload/pipes_conformance_context/asset_keys/2")).toBe("/params/payload/pipes_conformance_context/asset_keys/*");
    expect(pointerShape("/params/payload/big")).toBe("/params/payload/**");
    expect(pointerShape("/params/payload/pipes_conformance_extra")).toBe("/params/payload/pipes_conformance_extra");
    expect(pointerShape("/params/payload/pipes_conformance_extra/a/0")).toBe("/params/payload/pipes_conformance_extra/**");
    expect(pointerShape("/extras/x/y")).toBe("/extras/**");
    expect(pointerShape("/params/metadata")).toBe("/params/metadata");
    // A label that reads like a free-JSON key is still a label.
    expect(pointerShape("/params/metadata/payload/raw_value")).toBe("/params/metadata/*/raw_value");
    expect(pointerShape("")).toBe("");
  });

  it("keys a root cause by canonical code and shape", () => {
    expect(rootCauseId({ code: "E_IMAGE_WRONG_PARAMS", shape: "number-rounded" })).toBe("E_IMAGE_WRONG_PARAMS@number-rounded");
    expect(rootCauseId({ code: "W_CLOSED_TWICE" })).toBe("W_CLOSED_TWICE");
  });
});

describe("compareJson renamed keys", () => {
  it("reports a key written under another name once, and renames inside its value as renames", () => {
    const expected = { extras: { "": { "": null, x: [null] }, "%": false } } as JsonValue;
    const actual = { extras: { "2": { "1": null, x: [null] }, "%": false } } as JsonValue;
    const differences = compareJson(expected, actual, () => false, "/params");
    expect(differences.map((difference) => [difference.kind, difference.pointer, difference.actualPointer])).toEqual([
      ["renamed-key", "/params/extras/", "/params/extras/2"],
      ["renamed-key", "/params/extras//", "/params/extras/2/1"],
    ]);
    expect(new Set(differences.map(differenceClass))).toEqual(new Set(['renamed-key ""']));
  });

  it("pairs the one key left on each side when their values are of one kind, and keeps unrelated keys apart", () => {
    const renamed = compareJson({ a: 1 } as JsonValue, { b: 2 } as JsonValue, () => false);
    expect(renamed.map((difference) => difference.kind)).toEqual(["renamed-key", "value"]);
    const apart = compareJson({ a: 1 } as JsonValue, { b: "x" } as JsonValue, () => false);
    expect(apart.map((difference) => difference.kind)).toEqual(["missing-key", "extra-key"]);
  });
});

describe("differenceClass", () => {
  const classOf = (expected: JsonValue, actual: JsonValue, classMatters = false): string[] => compareJson(expected, actual, () => classMatters, "/params").map(differenceClass);

  it("names numbers by what happened to them, wherever they are", () => {
    expect(classOf({ payload: { a: { b: 4.246830457237616e198 } } }, { payload: { a: { b: 4.24683045723762e198 } } })).toEqual(["number-rounded"]);
    expect(classOf({ metadata: { x: { raw_value: 0.30000000000000004, type: "float" } } }, { metadata: { x: { raw_value: 0.3, type: "float" } } })).toEqual(["number-rounded"]);
    expect(classOf({ v: withLexemes({ n: 3 }, { n: "3.0" }) }, { v: { n: 3 } }, true)).toEqual(["number-class float->int"]);
    expect(classOf({ v: { n: 5 } }, { v: withLexemes({ n: 5 }, { n: "5.0" }) }, true)).toEqual(["number-class int->float"]);
    expect(isRoundedNumber(12345678901234567891, 1.23456789012346e19)).toBe(true);
    expect(isRoundedNumber(1, 2)).toBe(false);
  });

  it("names structural differences by the shape of where they are, not by the method or label", () => {
    expect(classOf({ metadata: null }, { metadata: {} })).toEqual(["/params/metadata null->object"]);
    expect(classOf({ metadata: { rows: { raw_value: 1, type: "__infer__" } } }, { metadata: { rows: { raw_value: 1, type: "int" } } })).toEqual(["/params/metadata/*/type value"]);
    expect(classOf({ payload: "a\u0000b" }, { payload: "a" })).toEqual(["/params/payload value"]);
  });
});

describe("withDifference", () => {
  it("puts one difference of the written params into the expected ones, lexemes included", () => {
    const expected = { metadata: { a: { raw_value: withLexemes({ n: 2 }, { n: "2.0" }), type: "json" }, b: { raw_value: 1, type: "int" } } } as JsonValue;
    const actual = { metadata: { a: { raw_value: { n: 2 }, type: "json" }, b: { raw_value: 7, type: "int" } } } as JsonValue;
    const [first, second] = compareJson(expected, actual, () => true, "/params");
    const changed = withDifference(expected, actual, second!) as { metadata: { a: { raw_value: JsonObject }; b: { raw_value: number } } };
    expect(JSON.stringify(changed)).toBe(JSON.stringify({ metadata: { a: { raw_value: { n: 2 }, type: "json" }, b: { raw_value: 7, type: "int" } } }));
    // The part not changed keeps the lexeme JSON.stringify cannot show: 2.0, a float.
    expect(getNumberLexeme(changed.metadata.a.raw_value, "n")).toBe("2.0");
    const variant = withDifference(expected, actual, first!) as { metadata: { b: { raw_value: number } } };
    expect(variant.metadata.b.raw_value).toBe(1);
  });

  it("renames a key with its expected value", () => {
    const expected = { extras: { "": 1 } } as JsonValue;
    const actual = { extras: { "5": 1 } } as JsonValue;
    const [difference] = compareJson(expected, actual, () => false, "/params");
    expect(withDifference(expected, actual, difference!)).toEqual({ extras: { "5": 1 } });
  });
});
