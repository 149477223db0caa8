/**
 * Where each schema lives: the `$id` base, the two level directories, and the file of each method's
 * params and of each metadata type's raw_value. Every other schema module and the validator find
 * schemas through these names, so a file can move in one place.
 */
import { METADATA_TYPES, type MetadataType } from "../harness/dagster/metadata-resolution.js";
import { PIPES_METHODS, type PipesMethod } from "../harness/dagster/message-handler.js";

/** The protocol version the schemas describe (also their directory under `schemas/`). */
export const SCHEMA_PROTOCOL_VERSION = "0.1";

/**
 * Base of every `$id`. An identifier, not a download location: validators resolve `$ref`s against
 * it from the schemas they were given (see schemas/README.md).
 */
export const SCHEMA_ID_BASE = `https://pipes-conformance.dev/schemas/${SCHEMA_PROTOCOL_VERSION}/`;

/** The two levels, each a directory of complete schemas. */
export const SCHEMA_LEVELS = ["dagster", "reference"] as const;

/** A validation level. */
export type SchemaLevel = (typeof SCHEMA_LEVELS)[number];

/** The keyword naming, in a schema, the reason code of each failing keyword (see validator). */
export const CODE_ANNOTATION = "x-pipes-code";

/** Top-level schema files of each level (paths relative to the level directory). */
export const SCHEMA_FILES = {
  contextParams: "context-params.schema.json",
  messagesParams: "messages-params.schema.json",
  contextData: "context-data.schema.json",
  message: "message.schema.json",
  exception: "exception.schema.json",
  metadata: "metadata.schema.json",
  metadataValue: "metadata-value.schema.json",
  tableColumn: "table-column.schema.json",
} as const;

/** The params schema of each method, relative to the level directory. */
export function paramsFile(method: PipesMethod): string {
  return `params/${method.replaceAll("_", "-")}.schema.json`;
}

/** The raw_value schema of each metadata type, relative to the level directory (`__infer__` → `infer`). */
export function rawValueFile(type: MetadataType): string {
  return `metadata/${type.replace(/^__|__$/g, "").replaceAll("_", "-")}.schema.json`;
}

/** Path of a level's file relative to `schemas/`, e.g. `0.1/dagster/message.schema.json`. */
export function schemaPath(level: SchemaLevel, file: string): string {
  return `${SCHEMA_PROTOCOL_VERSION}/${level}/${file}`;
}

/** The `$id` of a level's file. */
export function schemaId(level: SchemaLevel, file: string): string {
  return `${SCHEMA_ID_BASE}${level}/${file}`;
}

/** A `$ref` from one file of a level to another file (same level or not), as a relative URI. */
export function relativeRef(fromLevel: SchemaLevel, fromFile: string, toLevel: SchemaLevel, toFile: string, fragment = ""): string {
  const from = `${fromLevel}/${fromFile}`.split("/").slice(0, -1);
  const to = `${toLevel}/${toFile}`.split("/");
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  const up = from.length - common;
  return `${"../".repeat(up)}${to.slice(common).join("/")}${fragment}`;
}

/** Every file of a level, in a stable order. */
export function allSchemaFiles(): string[] {
  return [
    SCHEMA_FILES.contextParams,
    SCHEMA_FILES.messagesParams,
    SCHEMA_FILES.contextData,
    SCHEMA_FILES.message,
    ...PIPES_METHODS.map(paramsFile),
    SCHEMA_FILES.exception,
    SCHEMA_FILES.metadata,
    SCHEMA_FILES.metadataValue,
    ...METADATA_TYPES.map(rawValueFile),
    SCHEMA_FILES.tableColumn,
  ];
}

/** The 17 metadata types and 7 methods, from the harness's Dagster emulation (one list for both). */
export { METADATA_TYPES, PIPES_METHODS, type MetadataType, type PipesMethod };
