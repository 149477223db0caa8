/**
 * The reference level as overlays: for each dagster-level schema, only the further constraints
 * of what the reference implementation writes (docs/PROTOCOL.md#method-exact-key-sets,
 * docs/PROTOCOL.md#metadata-reference-level, docs/PROTOCOL.md#exception-shape; the reference
 * writer facts). Each reference file is `allOf: [<the dagster file>, #/$defs/overlay]`, so it is
 * complete on its own (reference ⊆ dagster by construction) while the validator can run the
 * overlay alone and tell the two levels' problems apart.
 *
 * Overlays assume nothing about shapes the dagster level already refuses: where they repeat a
 * `type` (JSON Schema needs one to apply `properties` and friends), the dagster level reports the
 * same place first and the validator keeps only that problem.
 */
import type { SchemaObject } from "./dagster-schemas.js";
import { CODE_ANNOTATION, METADATA_TYPES, PIPES_METHODS, paramsFile, rawValueFile, relativeRef, SCHEMA_FILES, type MetadataType, type PipesMethod } from "./schema-layout.js";

/** An overlay and the documentation of its reference file. */
export interface OverlaySource {
  title: string;
  description: string;
  overlay: SchemaObject;
  /** Further `$defs` of the reference document (recursive parts of the overlay). */
  defs?: Record<string, SchemaObject>;
}

/** The five level names the reference's logging handler writes (`record.levelname`). */
export const REFERENCE_LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] as const;

/** Python's `datetime.isoformat()` of an aware datetime: seconds, optional microseconds, an offset (`[0-9]`, since Python's `\d` also matches non-ASCII digits). */
export const ISO_DATETIME_WITH_OFFSET = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]{6})?[+-][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\\.[0-9]{6})?)?$";

function codes(annotation: string | Record<string, string>): SchemaObject {
  return { [CODE_ANNOTATION]: annotation };
}

/** `$ref` from one reference file to another's overlay. */
function overlayRef(from: string, to: string): string {
  return relativeRef("reference", from, "reference", to, "#/$defs/overlay");
}

function paramsOverlays(): Record<string, OverlaySource> {
  const metadata = (method: PipesMethod): SchemaObject => ({ $ref: overlayRef(paramsFile(method), SCHEMA_FILES.metadata) });
  const assetKey = { type: "string", minLength: 1, ...codes("W_ASSET_KEY_EMPTY") };
  return {
    [paramsFile("opened")]: {
      title: "opened params (reference level)",
      description: "An object with `extras`, an object (the writer's opened extras, {} by default). A writer may add keys.",
      overlay: {
        type: "object",
        ...codes({ type: "W_OPENED_PARAMS_NOT_OBJECT", required: "W_OPENED_EXTRAS_NOT_OBJECT" }),
        required: ["extras"],
        properties: { extras: { type: "object", ...codes("W_OPENED_EXTRAS_NOT_OBJECT") } },
      },
    },
    [paramsFile("closed")]: {
      title: "closed params (reference level)",
      description: "{} or {\"exception\": <exception>}: never null, [] or other keys.",
      overlay: {
        type: "object",
        ...codes({ type: "W_CLOSED_PARAMS_NOT_EMPTY_OBJECT", additionalProperties: "W_CLOSED_PARAMS_EXTRA_KEY" }),
        properties: { exception: { $ref: overlayRef(paramsFile("closed"), SCHEMA_FILES.exception) } },
        additionalProperties: false,
      },
    },
    [paramsFile("log")]: {
      title: "log params (reference level)",
      description: "`message` and `level`, always sent, exactly one of DEBUG, INFO, WARNING, ERROR, CRITICAL.",
      overlay: {
        type: "object",
        ...codes({ type: "W_LOG_LEVEL_MISSING", required: "W_LOG_LEVEL_MISSING" }),
        required: ["level"],
        properties: { level: { enum: [...REFERENCE_LOG_LEVELS], ...codes("W_LOG_LEVEL_NOT_CANONICAL") } },
      },
    },
    [paramsFile("report_asset_materialization")]: {
      title: "report_asset_materialization params (reference level)",
      description: "A non-empty asset_key (\"\" means omitted to the reference), data_version null or non-empty, metadata null or non-empty.",
      overlay: {
        type: "object",
        ...codes("W_ASSET_KEY_EMPTY"),
        properties: {
          asset_key: assetKey,
          data_version: { type: ["string", "null"], minLength: 1, ...codes("W_DATA_VERSION_EMPTY") },
          metadata: metadata("report_asset_materialization"),
        },
      },
    },
    [paramsFile("report_asset_check")]: {
      title: "report_asset_check params (reference level)",
      description: "A non-empty asset_key, metadata null or non-empty.",
      overlay: {
        type: "object",
        ...codes("W_ASSET_KEY_EMPTY"),
        properties: { asset_key: assetKey, metadata: metadata("report_asset_check") },
      },
    },
    [paramsFile("report_custom_message")]: {
      title: "report_custom_message params (reference level)",
      description: "As the dagster level: the payload is any JSON value.",
      overlay: {},
    },
    [paramsFile("log_external_stream")]: {
      title: "log_external_stream params (reference level)",
      description: "`extras` always sent, an object ({} when there are none).",
      overlay: {
        type: "object",
        ...codes({ type: "W_EXTERNAL_STREAM_EXTRAS", required: "W_EXTERNAL_STREAM_EXTRAS" }),
        required: ["extras"],
        properties: { extras: { type: "object", ...codes("W_EXTERNAL_STREAM_EXTRAS") } },
      },
    },
  };
}

function messageOverlay(): OverlaySource {
  return {
    title: "Pipes message (reference level)",
    description: "Exactly the three keys __dagster_pipes_version (exactly \"0.1\"), method and params, with each method's params at the reference level.",
    overlay: {
      type: "object",
      ...codes({ type: "W_ENVELOPE_EXTRA_KEY", required: "W_VERSION_MISSING", additionalProperties: "W_ENVELOPE_EXTRA_KEY" }),
      required: ["__dagster_pipes_version"],
      properties: {
        __dagster_pipes_version: { const: "0.1", ...codes("W_VERSION_NOT_0_1") },
        method: true,
        params: true,
      },
      additionalProperties: false,
      allOf: PIPES_METHODS.map((method) => ({
        if: { required: ["method"], properties: { method: { const: method } } },
        then: { properties: { params: { $ref: relativeRef("reference", SCHEMA_FILES.message, "reference", paramsFile(method), "#/$defs/overlay") } } },
      })),
    },
  };
}

function exceptionOverlay(): OverlaySource {
  const field = (type: string | string[], extra: SchemaObject = {}): SchemaObject => ({ type, ...codes("W_EXCEPTION_FIELD"), ...extra });
  return {
    title: "Exception (reference level)",
    description: "message a string, stack a list of strings, name a string or null, cause and context an exception or null; no other keys.",
    overlay: {
      type: "object",
      ...codes({ type: "W_EXCEPTION_FIELD", required: "W_EXCEPTION_FIELD", additionalProperties: "W_EXCEPTION_EXTRA_KEY" }),
      required: ["message", "stack", "name", "cause", "context"],
      properties: {
        message: field("string"),
        stack: field("array", { items: field("string") }),
        name: field(["string", "null"]),
        cause: { $ref: "#/$defs/chained-overlay" },
        context: { $ref: "#/$defs/chained-overlay" },
      },
      additionalProperties: false,
    },
    defs: {
      "chained-overlay": {
        if: { type: "object" },
        then: { $ref: "#/$defs/overlay" },
        else: { type: "null", ...codes("W_EXCEPTION_FIELD") },
      },
    },
  };
}

function metadataOverlays(): Record<string, OverlaySource> {
  return {
    [SCHEMA_FILES.metadata]: {
      title: "Metadata (reference level)",
      description: "null, or a non-empty object of wrapped values (the reference sends empty metadata as null).",
      overlay: {
        type: ["object", "null"],
        ...codes("W_METADATA_EMPTY_OBJECT"),
        minProperties: 1,
        additionalProperties: { $ref: overlayRef(SCHEMA_FILES.metadata, SCHEMA_FILES.metadataValue) },
      },
    },
    [SCHEMA_FILES.metadataValue]: {
      title: "Metadata value (reference level)",
      description: "Exactly the keys raw_value and type, with the raw_value of the type's meaning (docs/PROTOCOL.md#metadata-reference-level).",
      overlay: {
        type: "object",
        ...codes("W_METADATA_ENTRY_EXTRA_KEY"),
        required: ["raw_value", "type"],
        properties: { raw_value: true, type: true },
        additionalProperties: false,
        discriminator: { propertyName: "type" },
        oneOf: METADATA_TYPES.map((type) => ({
          properties: {
            type: { const: type },
            raw_value: { $ref: relativeRef("reference", SCHEMA_FILES.metadataValue, "reference", rawValueFile(type), "#/$defs/overlay") },
          },
        })),
      },
    },
  };
}

function rawValueOverlays(): Record<string, OverlaySource> {
  const notReference = (extra: SchemaObject): SchemaObject => ({ ...extra, ...codes("W_METADATA_VALUE_NOT_REFERENCE") });
  const typed = (type: string | string[]): SchemaObject => notReference({ type });
  const columnOverlay = (type: MetadataType): SchemaObject => ({ $ref: overlayRef(rawValueFile(type), SCHEMA_FILES.tableColumn) });
  const entry = (type: MetadataType, description: string, overlay: SchemaObject): [string, OverlaySource] => [
    rawValueFile(type),
    { title: `${type} raw_value (reference level)`, description, overlay },
  ];
  return Object.fromEntries([
    entry("__infer__", "Any JSON value except an object (the reference refuses a dict here; objects go as json).", {
      not: { type: "object" },
      ...codes("W_METADATA_INFER_OBJECT"),
    }),
    entry("text", "A string.", typed("string")),
    entry("url", "A string.", typed("string")),
    entry("path", "A string.", typed("string")),
    entry("notebook", "A string.", typed("string")),
    entry("json", "An object or an array.", typed(["object", "array"])),
    entry("md", "A string.", typed("string")),
    entry("float", "A number written as a float.", typed("number")),
    entry("int", "An integer.", typed("integer")),
    entry("bool", "true or false.", typed("boolean")),
    entry("dagster_run", "A string.", typed("string")),
    entry("asset", "A string.", typed("string")),
    entry("null", "Ignored (usually null).", {}),
    entry("table", "{\"records\": [{col: scalar}], \"schema\": [Column]}: both lists.", {
      type: "object",
      ...codes("W_METADATA_VALUE_NOT_REFERENCE"),
      properties: {
        records: notReference({ type: "array", items: typed("object") }),
        schema: notReference({ type: "array", items: columnOverlay("table") }),
      },
    }),
    entry("table_schema", "{\"columns\": [Column]}: a list.", {
      type: "object",
      ...codes("W_METADATA_VALUE_NOT_REFERENCE"),
      properties: { columns: notReference({ type: "array", items: columnOverlay("table_schema") }) },
    }),
    entry("table_column_lineage", "{\"deps_by_column\": {col: [{\"asset_key\": str or [str], \"column_name\": str}]}}.", {
      type: "object",
      ...codes("W_METADATA_VALUE_NOT_REFERENCE"),
      properties: {
        deps_by_column: notReference({
          type: "object",
          additionalProperties: notReference({
            type: "array",
            items: notReference({ type: "object", properties: { column_name: typed("string") } }),
          }),
        }),
      },
    }),
    entry("timestamp", "A number (seconds since the epoch).", typed("number")),
  ]);
}

function tableColumnOverlay(): OverlaySource {
  return {
    title: "Table column (reference level)",
    description: "Exactly {name: str, type: str, description?: str, tags?: {str: str}, constraints?: {nullable?: bool, unique?: bool, other?: [str]}}.",
    overlay: {
      type: "object",
      ...codes("W_METADATA_VALUE_NOT_REFERENCE"),
      properties: {
        name: true,
        type: true,
        description: { type: "string", ...codes("W_METADATA_VALUE_NOT_REFERENCE") },
        tags: { type: "object", ...codes("W_METADATA_VALUE_NOT_REFERENCE") },
        constraints: {
          type: "object",
          ...codes("W_METADATA_VALUE_NOT_REFERENCE"),
          properties: { other: { type: "array", ...codes("W_METADATA_VALUE_NOT_REFERENCE") } },
        },
      },
      additionalProperties: false,
    },
  };
}

function contextOverlays(): Record<string, OverlaySource> {
  const invariant = (type: string): SchemaObject => ({ type, ...codes("W_CONTEXT_INVARIANT") });
  const timeBound = { type: "string", pattern: ISO_DATETIME_WITH_OFFSET, ...codes("W_CONTEXT_TIME_FORMAT") };
  const whenSet = (key: string, type: string): SchemaObject => ({ required: [key], properties: { [key]: { type } } });
  return {
    [SCHEMA_FILES.contextData]: {
      title: "Context data (reference level)",
      description:
        "The invariants of what Dagster sends: partition_time_window set ⇒ partition_key_range set ⇒ partition_key set; asset_keys null ⇒ code_version_by_asset_key and provenance_by_asset_key null; time-window bounds in Python's isoformat with an offset. Tolerance cases break these on purpose.",
      overlay: {
        type: "object",
        ...codes("W_CONTEXT_INVARIANT"),
        properties: {
          partition_time_window: {
            type: ["object", "null"],
            ...codes("W_CONTEXT_TIME_FORMAT"),
            properties: { start: timeBound, end: timeBound },
          },
        },
        allOf: [
          { if: whenSet("partition_time_window", "object"), then: { properties: { partition_key_range: invariant("object") } } },
          { if: whenSet("partition_key_range", "object"), then: { properties: { partition_key: invariant("string") } } },
          {
            if: whenSet("asset_keys", "null"),
            then: { properties: { code_version_by_asset_key: invariant("null"), provenance_by_asset_key: invariant("null") } },
          },
        ],
      },
    },
    [SCHEMA_FILES.contextParams]: {
      title: "Context params (reference level)",
      description: "Exactly {\"path\": str} or {\"data\": {...}}, as Dagster's temp-file and env injectors send them.",
      overlay: {
        type: "object",
        ...codes("W_CONTEXT_PARAMS_SHAPE"),
        properties: { path: true },
        if: { required: ["path"], properties: { path: true } },
        then: { properties: { path: true }, additionalProperties: false, ...codes("W_CONTEXT_PARAMS_SHAPE") },
        else: {
          properties: { data: { $ref: overlayRef(SCHEMA_FILES.contextParams, SCHEMA_FILES.contextData) } },
          additionalProperties: false,
          ...codes("W_CONTEXT_PARAMS_SHAPE"),
        },
      },
    },
    [SCHEMA_FILES.messagesParams]: {
      title: "Messages params (reference level)",
      description:
        "Exactly one of Dagster's shapes: {\"path\": str, \"include_stdio_in_messages\": bool}, {\"stdio\": \"stderr\"|\"stdout\"} or {\"buffered_stdio\": \"stderr\"|\"stdout\"}.",
      overlay: {
        type: "object",
        ...codes("W_MESSAGES_PARAMS_SHAPE"),
        properties: { path: true, stdio: true },
        if: { required: ["path"], properties: { path: true } },
        then: {
          ...codes("W_MESSAGES_PARAMS_SHAPE"),
          required: ["include_stdio_in_messages"],
          properties: { path: true, include_stdio_in_messages: { type: "boolean", ...codes("W_MESSAGES_PARAMS_SHAPE") } },
          additionalProperties: false,
        },
        else: {
          if: { required: ["stdio"], properties: { stdio: true } },
          then: { properties: { stdio: true }, additionalProperties: false, ...codes("W_MESSAGES_PARAMS_SHAPE") },
          else: { properties: { buffered_stdio: true }, additionalProperties: false, ...codes("W_MESSAGES_PARAMS_SHAPE") },
        },
      },
    },
  };
}

/** Every reference-level overlay, by file relative to the level directory. */
export function referenceOverlaySources(): Record<string, OverlaySource> {
  return {
    ...contextOverlays(),
    [SCHEMA_FILES.message]: messageOverlay(),
    ...paramsOverlays(),
    [SCHEMA_FILES.exception]: exceptionOverlay(),
    ...metadataOverlays(),
    ...rawValueOverlays(),
    [SCHEMA_FILES.tableColumn]: tableColumnOverlay(),
  };
}

