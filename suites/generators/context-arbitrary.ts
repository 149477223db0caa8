/**
 * Generated contexts (fast-check), within the invariants of what Dagster sends
 * (docs/PROTOCOL.md#context-invariants): asset keys with `/`, escaped slashes, unicode and many
 * keys, or null; no assets ⇒ no code versions or provenance; unpartitioned, a single partition, a
 * time window with an offset, or a range run (all three null); run ids, job names (null for direct
 * invocation), retry numbers; extras of arbitrary JSON with unicode, deep nesting, big and negative
 * numbers, whole floats, empty containers and null.
 */
import fc from "fast-check";
import type { GeneratedDimension } from "./generated-dimensions.js";
import { buildContextData, pythonIsoFormat, type PartitionSpec, type PipesDataProvenance } from "../../harness/context/context-data.js";
import { toEscapedUserString } from "../../harness/dagster/asset-key.js";
import { setNumberLexeme, type JsonObject, type JsonValue } from "../../harness/json/number-lexemes.js";
import { mergeObjects } from "../context-variations.js";

const keyPart = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/) },
  { weight: 1, arbitrary: fc.constantFrom("with/slash", "ünïcödé", "日本語", "a b", "dash-key", "x/y/z", "emoji😀") },
  // No trailing backslash: Dagster's own escaping does not round-trip it.
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 8, unit: "grapheme" }).filter((part) => !part.endsWith("\\") && !part.includes("\\/")) },
);

const assetPaths = fc.uniqueArray(fc.array(keyPart, { minLength: 1, maxLength: 3 }), {
  minLength: 1,
  maxLength: 12,
  selector: (path) => toEscapedUserString(path),
});

/** JSON values with the number shapes that break writers: whole floats, big and negative integers. */
export const jsonWithLexemes: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ unit: "grapheme", maxLength: 12 }),
    fc.constantFrom("", "ü", "\u2028", "😀", "line\nbreak"),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 6, unit: "grapheme" }), tie("value"), { maxKeys: 4 }),
  ),
})).value.map(annotateSpecialNumbers);

/** Marks some integral values as whole floats and adds big integers, via lexemes. */
function annotateSpecialNumbers(value: JsonValue): JsonValue {
  if (value === null || typeof value !== "object") return value;
  const entries: [string | number, JsonValue][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  for (const [key, item] of entries) {
    if (typeof item === "number" && Number.isInteger(item) && Math.abs(item) < 1000 && Math.abs(item) % 7 === 3) {
      setNumberLexeme(value, key, `${item}.0`);
    } else if (typeof item === "number" && Number.isInteger(item) && Math.abs(item) % 11 === 5) {
      const big = `${item < 0 ? "-" : ""}9007199254740${Math.abs(item) % 1000}`;
      (value as Record<string | number, JsonValue>)[key] = Number(big);
      setNumberLexeme(value, key, big);
    } else {
      annotateSpecialNumbers(item);
    }
  }
  return value;
}

const provenance: fc.Arbitrary<PipesDataProvenance> = fc.record({
  code_version: fc.string({ minLength: 1, maxLength: 8 }),
  input_data_versions: fc.dictionary(fc.stringMatching(/^[a-z]{1,6}(\/[a-z]{1,6})?$/), fc.string({ maxLength: 10 }), { maxKeys: 3 }),
  is_user_provided: fc.boolean(),
});

const isoInstant = fc.tuple(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.constantFrom(0, 60, -300, 330, 545, -720, 840));

const keyPartition = fc.string({ minLength: 1, maxLength: 16, unit: "grapheme" }).map<PartitionSpec>((key) => ({ kind: "key", key }));
const timeWindowPartition = fc.tuple(isoInstant, fc.constantFrom(3_600_000, 86_400_000, 7 * 86_400_000)).map<PartitionSpec>(([[start, offset], length]) => ({
  kind: "time-window",
  key: new Date(start).toISOString().slice(0, 10),
  start: pythonIsoFormat(start, offset),
  end: pythonIsoFormat(start + length, offset),
}));

const partition: fc.Arbitrary<PartitionSpec> = fc.oneof(fc.constant<PartitionSpec>({ kind: "none" }), keyPartition, timeWindowPartition, fc.constant<PartitionSpec>({ kind: "range-run" }));

/** The dimensions generation varies (declared in generated-dimensions.ts, light to load). */
export { GENERATED_DIMENSIONS, type GeneratedDimension } from "./generated-dimensions.js";

function contextSpecArbitrary(partitions: fc.Arbitrary<PartitionSpec>): fc.Arbitrary<JsonObject> {
  return fc
    .record({
      assets: fc.option(assetPaths, { nil: null, freq: 5 }),
      codeVersions: fc.array(fc.option(fc.string({ minLength: 1, maxLength: 10 }), { nil: null }), { maxLength: 12 }),
      provenance: fc.array(fc.option(provenance, { nil: null }), { maxLength: 12 }),
      partition: partitions,
      runId: fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 20 })),
      jobName: fc.option(fc.oneof(fc.constant("__ASSET_JOB"), fc.string({ minLength: 1, maxLength: 20, unit: "grapheme" })), { nil: null, freq: 6 }),
      retryNumber: fc.oneof(fc.constant(0), fc.nat(5), fc.nat(1_000_000)),
      extras: fc.dictionary(fc.string({ maxLength: 10, unit: "grapheme" }).filter((key) => key !== "pipes_conformance"), jsonWithLexemes, { maxKeys: 5 }),
    })
    .map((spec) => buildContextData({ ...spec, extras: spec.extras as JsonObject }) as unknown as JsonObject);
}

/** A context Dagster could send (every dimension generated). */
export const contextArbitrary: fc.Arbitrary<JsonObject> = contextSpecArbitrary(partition);

/**
 * Contexts around a program's own (base) context: run id, job name and retry number always vary;
 * the dimensions in `generate` vary too, the others stay the base's. Generated extras are added
 * beside the base's (which keep their keys and values); generated partitions keep the base's kind
 * (a key, or a time window) when the base is partitioned.
 */
export function contextAroundBase(base: JsonObject, generate: readonly GeneratedDimension[]): fc.Arbitrary<JsonObject> {
  const window = base.partition_time_window;
  const partitioned = typeof base.partition_key === "string";
  const partitions = !partitioned ? partition : window !== null && typeof window === "object" ? timeWindowPartition : keyPartition;
  const baseExtras = (base.extras !== null && typeof base.extras === "object" && !Array.isArray(base.extras) ? base.extras : {}) as JsonObject;
  return contextSpecArbitrary(partitions).map((generated) => {
    const context: JsonObject = { ...generated };
    if (!generate.includes("assets")) {
      context.asset_keys = base.asset_keys ?? null;
      context.code_version_by_asset_key = base.code_version_by_asset_key ?? null;
      context.provenance_by_asset_key = base.provenance_by_asset_key ?? null;
    }
    if (!generate.includes("partitions")) {
      context.partition_key = base.partition_key ?? null;
      context.partition_key_range = base.partition_key_range ?? null;
      context.partition_time_window = base.partition_time_window ?? null;
    }
    context.extras = generate.includes("extras") ? mergeObjects(generated.extras as JsonObject, baseExtras) : baseExtras;
    return context;
  });
}
