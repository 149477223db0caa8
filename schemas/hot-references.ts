/**
 * A compile-time optimisation of the validator: ajv compiles every `$ref` to another schema into
 * a function call that builds the instance path (escaping the key) before validating, once per
 * value. For the references crossed once per metadata entry or per table, that bookkeeping was a
 * third of the time spent in the schemas; the validator therefore compiles copies of a few
 * documents with those `$ref`s replaced by the referenced schema itself (its own `$ref`s made
 * absolute). The constraints, annotations and instance paths are the same, so verdicts and problems
 * are too (the Python parity test compares the shipped files with the compiled validator).
 * Inlining everything was measured slower: V8 optimises ajv's many small functions better than a
 * few huge ones; these references are the ones measured worth it.
 */
import type { SchemaObject } from "./dagster-schemas.js";
import type { SchemaDocument } from "./schema-documents.js";
import { rawValueFile, SCHEMA_FILES, type SchemaLevel } from "./schema-layout.js";

/** A `$ref` to inline: in which document, at which path of keywords. */
interface HotReference {
  level: SchemaLevel;
  file: string;
  path: string[];
}

/** The references inlined: per metadata entry (both levels) and per table. */
export const HOT_REFERENCES: readonly HotReference[] = [
  { level: "dagster", file: SCHEMA_FILES.metadata, path: ["additionalProperties"] },
  { level: "dagster", file: rawValueFile("table"), path: ["properties", "schema"] },
  { level: "reference", file: SCHEMA_FILES.metadata, path: ["$defs", "overlay", "additionalProperties"] },
];

/** A deep copy with every `$ref` resolved against `base` (so the copy can live in another document). */
function withAbsoluteRefs(node: unknown, base: string): unknown {
  if (Array.isArray(node)) return node.map((item) => withAbsoluteRefs(item, base));
  if (node === null || typeof node !== "object") return node;
  const copy: SchemaObject = {};
  for (const [keyword, value] of Object.entries(node as SchemaObject)) {
    if (keyword === "$ref" && typeof value === "string") copy[keyword] = new URL(value, base).href;
    // enum and const hold data, not schemas.
    else copy[keyword] = keyword === "enum" || keyword === "const" ? value : withAbsoluteRefs(value, base);
  }
  return copy;
}

function resolve(documents: readonly SchemaDocument[], id: string): unknown {
  const [documentId, fragment = ""] = id.split("#");
  let node: unknown = documents.find((document) => document.id === documentId)?.schema;
  if (node === undefined) throw new Error(`unknown schema ${id}`);
  for (const token of fragment.split("/").slice(1)) node = (node as SchemaObject)[decodeURIComponent(token)];
  return node;
}

/** The documents to compile: the shipped ones, with the hot references of a few copies inlined. */
export function inlineHotReferences(documents: readonly SchemaDocument[]): SchemaDocument[] {
  const result = documents.map((document) => ({ ...document }));
  for (const hot of HOT_REFERENCES) {
    const index = result.findIndex((document) => document.level === hot.level && document.file === hot.file);
    const host = result[index] as SchemaDocument;
    const schema = structuredClone(host.schema);
    let parent = schema;
    for (const token of hot.path.slice(0, -1)) parent = parent[token] as SchemaObject;
    const last = hot.path[hot.path.length - 1] as string;
    const target = new URL((parent[last] as { $ref: string }).$ref, host.id).href;
    const copy = withAbsoluteRefs(resolve(documents, target), target.split("#")[0] as string) as SchemaObject;
    // The copy is a node, not a document: its identity and definitions stay with the original.
    for (const keyword of ["$id", "$schema", "$defs", "title", "description"]) delete copy[keyword];
    parent[last] = copy;
    result[index] = { ...host, schema };
  }
  return result;
}
