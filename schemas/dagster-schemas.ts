/**
 * The dagster level: what Dagster's orchestrator side accepts without losing a message
 * (docs/PROTOCOL.md#handler-keyword-params, docs/PROTOCOL.md#metadata-dagster-level,
 * docs/PROTOCOL.md#exception-shape; harness/dagster/* emulates the same rules), what
 * the reference loaders accept for bootstrap params, and the shapes Dagster sends as context.
 *
 * Several shapes follow Python rather than the protocol's intent, because they are what Dagster's
 * code really lets through: falsy `closed` params and exception causes (`if params and ...`), a
 * table's `records` that is an empty object or string (Python iterates it and finds nothing), a
 * `json` raw_value that is a string (a str is a Sequence). The reference level narrows these.
 *
 * Every constraint that can fail names its reason code in `x-pipes-code` (a string, or an object
 * from failing keyword to code; for `required`, optionally from the missing key to code), so
 * a validator in any language can report the same codes. `$comment` names the Dagster rule.
 */
import { CONTEXT_KEYS } from "../harness/context/context-data.js";
import { CODE_ANNOTATION, METADATA_TYPES, PIPES_METHODS, paramsFile, rawValueFile, relativeRef, SCHEMA_FILES, type MetadataType, type PipesMethod } from "./schema-layout.js";

/** A JSON Schema object (plain JSON, no lexeme tables). */
export type SchemaObject = { [keyword: string]: unknown };

/** A schema's documentation and body, before `$schema`/`$id` are added. */
export interface SchemaSource {
  title: string;
  description: string;
  body: SchemaObject;
}

/** Names the reason code(s) of a schema node. */
function codes(annotation: string | Record<string, string | Record<string, string>>): SchemaObject {
  return { [CODE_ANNOTATION]: annotation };
}

/** Values Python treats as false: `if x` skips them (0 also matches 0.0 and -0.0). */
export const PYTHON_FALSY_VALUES = [null, false, 0, "", [], {}];

const ref = (from: string, to: string, fragment = ""): string => relativeRef("dagster", from, "dagster", to, fragment);

/** Case-insensitive alternatives as a plain pattern (JSON Schema patterns have no flags). */
function caseInsensitive(words: readonly string[]): string {
  const letters = (word: string): string =>
    Array.from(word, (c) => (/[a-z]/.test(c) ? `[${c.toUpperCase()}${c}]` : c)).join("");
  return `^(?:${words.map(letters).join("|")})$`;
}

/** Level names `coerce_valid_log_level` accepts, compared after `.lower()`. */
export const DAGSTER_LOG_LEVEL_NAMES = ["critical", "debug", "error", "fatal", "info", "warn", "warning"] as const;

/** The handler function of each keyword method (for `$comment`s and problem rules). */
export const HANDLER_FUNCTIONS: Record<PipesMethod, string> = {
  opened: "_handle_opened",
  closed: "_handle_closed",
  log: "_handle_log",
  report_asset_materialization: "_handle_report_asset_materialization",
  report_asset_check: "_handle_report_asset_check",
  report_custom_message: "_handle_extra_message",
  log_external_stream: "_handle_log_external_stream",
};

const HANDLER = "dagster/_core/pipes/context.py PipesMessageHandler";

/** The common frame of a keyword method's params: exact key set, as a Python keyword call. */
function keywordParams(method: PipesMethod, required: string[], properties: Record<string, unknown>): SchemaObject {
  return {
    $comment: `Dagster: ${HANDLER}.${HANDLER_FUNCTIONS[method]}(**params): a missing required key, an extra key or non-object params raise TypeError.`,
    type: "object",
    ...codes({ type: "E_PARAMS_NOT_OBJECT", required: "E_PARAMS_MISSING_KEY", additionalProperties: "E_PARAMS_EXTRA_KEY" }),
    required,
    properties,
    additionalProperties: false,
  };
}

function paramsSources(): Record<string, SchemaSource> {
  const metadataRef = (method: PipesMethod): string => ref(paramsFile(method), SCHEMA_FILES.metadata);
  return {
    [paramsFile("opened")]: {
      title: "opened params (dagster level)",
      description: "Any JSON value: Dagster passes opened params positionally and never inspects them.",
      body: { $comment: `Dagster: ${HANDLER}._handle_opened(params) has no checks.` },
    },
    [paramsFile("closed")]: {
      title: "closed params (dagster level)",
      description:
        "Dagster runs `if params and \"exception\" in params: params[\"exception\"]`: falsy params pass; a truthy number or true raises (not searchable); a string containing \"exception\" or a list holding \"exception\" raises when indexed; an object's optional \"exception\" must be a full exception.",
      body: {
        $comment: `Dagster: ${HANDLER}._handle_closed.`,
        allOf: [
          { if: { type: "boolean" }, then: { const: false, ...codes("E_CLOSED_PARAMS") } },
          { if: { type: "number" }, then: { const: 0, ...codes("E_CLOSED_PARAMS") } },
          { if: { type: "string" }, then: { type: "string", not: { pattern: "exception" }, ...codes("E_CLOSED_PARAMS") } },
          { if: { type: "array" }, then: { type: "array", not: { contains: { const: "exception" } }, ...codes("E_CLOSED_PARAMS") } },
          {
            if: { type: "object" },
            then: { type: "object", ...codes("E_CLOSED_PARAMS"), properties: { exception: { $ref: ref(paramsFile("closed"), SCHEMA_FILES.exception) } } },
          },
        ],
      },
    },
    [paramsFile("log")]: {
      title: "log params (dagster level)",
      description:
        "Exactly `message` (a string) and optionally `level`: a name coerce_valid_log_level accepts in any case (debug, info, warning, warn, error, critical, fatal), or an integer or boolean (numeric levels). A level written as a float (20.0) is refused too: the lexeme check reports it.",
      body: keywordParams("log", ["message"], {
        message: { type: "string", ...codes("E_PARAM_TYPE") },
        level: {
          $comment: "Dagster: dagster/_core/utils.py coerce_valid_log_level (isinstance int passes; else str, lower() in the known names).",
          type: ["string", "integer", "boolean"],
          pattern: caseInsensitive(DAGSTER_LOG_LEVEL_NAMES),
          ...codes("E_LOG_LEVEL"),
        },
      }),
    },
    [paramsFile("report_asset_materialization")]: {
      title: "report_asset_materialization params (dagster level)",
      description: "Exactly `asset_key` (a string), `metadata` (an object of wrapped values, or null) and `data_version` (a string or null); all three required.",
      body: keywordParams("report_asset_materialization", ["asset_key", "metadata", "data_version"], {
        asset_key: { type: "string", ...codes("E_PARAM_TYPE") },
        metadata: { $ref: metadataRef("report_asset_materialization") },
        data_version: { type: ["string", "null"], ...codes("E_PARAM_TYPE") },
      }),
    },
    [paramsFile("report_asset_check")]: {
      title: "report_asset_check params (dagster level)",
      description:
        "Exactly `asset_key` and `check_name` (strings), `passed` (a boolean), `severity` (exactly \"WARN\" or \"ERROR\") and `metadata` (an object of wrapped values, or null); all five required.",
      body: keywordParams("report_asset_check", ["asset_key", "check_name", "passed", "severity", "metadata"], {
        asset_key: { type: "string", ...codes("E_PARAM_TYPE") },
        check_name: { type: "string", ...codes("E_PARAM_TYPE") },
        passed: { type: "boolean", ...codes("E_PARAM_TYPE") },
        severity: { enum: ["WARN", "ERROR"], ...codes("E_SEVERITY") },
        metadata: { $ref: metadataRef("report_asset_check") },
      }),
    },
    [paramsFile("report_custom_message")]: {
      title: "report_custom_message params (dagster level)",
      description: "Exactly `payload`: any JSON value, null included.",
      body: keywordParams("report_custom_message", ["payload"], { payload: true }),
    },
    [paramsFile("log_external_stream")]: {
      title: "log_external_stream params (dagster level)",
      description: "Exactly `stream` (\"stdout\" or \"stderr\"), `text` (a string, written raw) and optionally `extras` (any value, unused).",
      body: keywordParams("log_external_stream", ["stream", "text"], {
        stream: { enum: ["stdout", "stderr"], ...codes("E_STREAM") },
        text: { type: "string", ...codes("E_PARAM_TYPE") },
        extras: true,
      }),
    },
  };
}

function messageSource(): SchemaSource {
  return {
    title: "Pipes message (dagster level)",
    description:
      "A JSON object with `method` (one of the seven) and `params` (checked per method). `__dagster_pipes_version` is not read by Dagster's handler or its file reader; on stdio its presence decides whether the line is a message at all (a check next to the schemas reports that per channel). Other keys are ignored.",
    body: {
      $comment: `Dagster: ${HANDLER}.handle_message.`,
      type: "object",
      ...codes({
        type: "E_MESSAGE_NOT_OBJECT",
        required: { method: "E_MESSAGE_NO_METHOD", params: "E_MESSAGE_NO_PARAMS" },
        discriminator: "E_UNKNOWN_METHOD",
      }),
      required: ["method", "params"],
      properties: { __dagster_pipes_version: true, method: true, params: true },
      discriminator: { propertyName: "method" },
      oneOf: PIPES_METHODS.map((method) => ({
        properties: { method: { const: method }, params: { $ref: paramsFile(method) } },
      })),
    },
  };
}

function exceptionSource(): SchemaSource {
  return {
    title: "Exception (dagster level)",
    description:
      "An object with all five keys message, stack, name, cause and context (Dagster indexes each). message, stack and name may be anything; cause and context are followed only when truthy: any falsy value (null, false, 0, \"\", [], {}) means none, anything else must be a full exception.",
    body: {
      $comment: "Dagster: dagster/_core/pipes/context.py _ser_err_from_pipes_exc.",
      type: "object",
      ...codes("E_EXCEPTION_SHAPE"),
      required: ["message", "stack", "name", "cause", "context"],
      properties: {
        message: true,
        stack: true,
        name: true,
        cause: { $ref: "#/$defs/chained" },
        context: { $ref: "#/$defs/chained" },
      },
      $defs: {
        chained: {
          if: { type: "object", minProperties: 1 },
          then: { $ref: "#" },
          else: { enum: PYTHON_FALSY_VALUES, ...codes("E_EXCEPTION_SHAPE") },
        },
      },
    },
  };
}

function metadataSources(): Record<string, SchemaSource> {
  return {
    [SCHEMA_FILES.metadata]: {
      title: "Metadata (dagster level)",
      description: "null, or an object from label to wrapped value; check.opt_mapping_param refuses anything else ([] included).",
      body: {
        $comment: `Dagster: ${HANDLER}._handle_report_asset_materialization / _handle_report_asset_check (check.opt_mapping_param).`,
        type: ["object", "null"],
        ...codes("E_METADATA_NOT_OBJECT"),
        additionalProperties: { $ref: SCHEMA_FILES.metadataValue },
      },
    },
    [SCHEMA_FILES.metadataValue]: {
      title: "Metadata value (dagster level)",
      description:
        "The wrapped form {\"raw_value\": ..., \"type\": ...}, discriminated by `type` (one of the 17), with the raw_value shape of that type. Other keys are ignored by Dagster.",
      body: {
        $comment: `Dagster: ${HANDLER}._resolve_metadata (v["raw_value"], v["type"]) and _resolve_metadata_value.`,
        type: "object",
        ...codes({ type: "E_METADATA_BARE_VALUE", required: "E_METADATA_MISSING_KEY", discriminator: "E_METADATA_UNKNOWN_TYPE" }),
        required: ["raw_value", "type"],
        properties: { raw_value: true, type: true },
        discriminator: { propertyName: "type" },
        oneOf: METADATA_TYPES.map((type) => ({
          properties: { type: { const: type }, raw_value: { $ref: rawValueFile(type) } },
        })),
      },
    },
  };
}

/** The Dagster class behind each metadata type (for `$comment`s and problem rules). */
export const METADATA_RULES: Record<MetadataType, string> = {
  __infer__: "dagster/_core/definitions/metadata/__init__.py normalize_metadata_value",
  text: "dagster/_core/definitions/metadata/metadata_value.py TextMetadataValue",
  url: "dagster/_core/definitions/metadata/metadata_value.py UrlMetadataValue",
  path: "dagster/_core/definitions/metadata/metadata_value.py PathMetadataValue",
  notebook: "dagster/_core/definitions/metadata/metadata_value.py NotebookMetadataValue",
  json: "dagster/_core/definitions/metadata/metadata_value.py JsonMetadataValue",
  md: "dagster/_core/definitions/metadata/metadata_value.py MarkdownMetadataValue",
  float: "dagster/_core/definitions/metadata/metadata_value.py FloatMetadataValue",
  int: "dagster/_core/definitions/metadata/metadata_value.py IntMetadataValue",
  bool: "dagster/_core/definitions/metadata/metadata_value.py BoolMetadataValue",
  dagster_run: "dagster/_core/definitions/metadata/metadata_value.py DagsterRunMetadataValue",
  asset: "dagster/_core/definitions/asset_key.py AssetKey.from_user_string",
  null: "dagster/_core/definitions/metadata/metadata_value.py NullMetadataValue",
  table: "dagster/_core/definitions/metadata/table.py TableRecord / TableMetadataValue",
  table_schema: "dagster/_core/definitions/metadata/table.py TableSchema / TableColumn",
  table_column_lineage: "dagster/_core/definitions/metadata/table.py TableColumnLineage / TableColumnDep",
  timestamp: "dagster/_core/pipes/context.py PipesMessageHandler._resolve_metadata_value (check.numeric_param)",
};

/**
 * A value Python iterates (`for x in value`): a list of items; an empty object or empty string
 * iterate nothing and pass, a non-empty one yields keys or characters, which are never valid items.
 */
function pythonIterable(items: SchemaObject): SchemaObject {
  return { type: ["array", "object", "string"], items, maxProperties: 0, maxLength: 0, ...codes("E_METADATA_VALUE") };
}

function rawValueSources(): Record<string, SchemaSource> {
  const value = (type: MetadataType, description: string, body: SchemaObject): [string, SchemaSource] => [
    rawValueFile(type),
    { title: `${type} raw_value (dagster level)`, description, body: { $comment: `Dagster: ${METADATA_RULES[type]}.`, ...body } },
  ];
  const typed = (types: string | string[]): SchemaObject => ({ type: types, ...codes("E_METADATA_VALUE") });
  const column = (type: MetadataType): string => ref(rawValueFile(type), SCHEMA_FILES.tableColumn, "#/$defs/list");
  return Object.fromEntries([
    value("__infer__", "Any JSON value: Dagster infers text, float, bool, int, json or null from it.", {}),
    value("text", "A string, or null.", typed(["string", "null"])),
    value("url", "A string, or null.", typed(["string", "null"])),
    value("path", "A string, or null (read as \"\").", typed(["string", "null"])),
    value("notebook", "A string, or null (read as \"\").", typed(["string", "null"])),
    value("json", "An object or array; Dagster also takes null and a string (a str is a Sequence).", typed(["object", "array", "null", "string"])),
    value("md", "A string, or null.", typed(["string", "null"])),
    value(
      "float",
      "A number written as a float (3.0, not 3), or null; NaN and Infinity pass. JSON Schema cannot see how a number is written: the lexeme check reports an integer (E_METADATA_FLOAT_AS_INT).",
      typed(["number", "null"]),
    ),
    value(
      "int",
      "An integer, a boolean (a Python bool is an int) or null. A whole number written as a float (3.0) is an integer to JSON Schema: the lexeme check reports it (E_METADATA_INT_AS_FLOAT).",
      typed(["integer", "boolean", "null"]),
    ),
    value("bool", "true, false or null.", typed(["boolean", "null"])),
    value("dagster_run", "A string (a run id, not validated).", typed("string")),
    value("asset", "A string, split on every \"/\" (no escapes).", typed("string")),
    value("null", "Anything: Dagster ignores the raw_value of a null entry.", {}),
    value(
      "table",
      "An object with `records` (a list of flat objects: string, number, boolean or null values; all with the same keys, which a check next to the schemas verifies) and `schema` (a LIST of columns). Other keys are ignored.",
      {
        type: "object",
        ...codes("E_METADATA_VALUE"),
        required: ["records", "schema"],
        properties: {
          records: pythonIterable({
            type: "object",
            ...codes("E_METADATA_VALUE"),
            additionalProperties: { type: ["string", "number", "boolean", "null"], ...codes("E_METADATA_VALUE") },
          }),
          schema: { $ref: column("table") },
        },
      },
    ),
    value("table_schema", "An object with `columns`: a list of columns. Other keys are ignored.", {
      type: "object",
      ...codes("E_METADATA_VALUE"),
      required: ["columns"],
      properties: { columns: { $ref: column("table_schema") } },
    }),
    value(
      "table_column_lineage",
      "An object with `deps_by_column`: an object from column name to a list of deps, each exactly {asset_key: a string (one part, not split) or a list of strings, column_name: anything}. A check next to the schemas verifies that the deps of a column are unique and their names comparable.",
      {
        type: "object",
        ...codes("E_METADATA_VALUE"),
        required: ["deps_by_column"],
        properties: {
          deps_by_column: {
            type: "object",
            ...codes("E_METADATA_VALUE"),
            additionalProperties: pythonIterable({ $ref: "#/$defs/dep" }),
          },
        },
        $defs: {
          dep: {
            $comment: "Dagster: TableColumnDep(**dep); asset_key through AssetKey.from_coercible; column_name unchecked.",
            type: "object",
            ...codes("E_METADATA_VALUE"),
            required: ["asset_key", "column_name"],
            properties: {
              asset_key: { type: ["string", "array"], items: { type: "string", ...codes("E_METADATA_VALUE") }, ...codes("E_METADATA_VALUE") },
              column_name: true,
            },
            additionalProperties: false,
          },
        },
      },
    ),
    value(
      "timestamp",
      "Seconds since the epoch: a number (int or float) or a boolean (check.numeric_param). An integer too large for a float overflows: the lexeme check reports it.",
      typed(["number", "boolean"]),
    ),
  ]);
}

function tableColumnSource(): SchemaSource {
  return {
    title: "Table column (dagster level)",
    description:
      "One column of table.schema or table_schema.columns: `name` and `type` strings (both required), `description` a string or null, `tags` null or an object of strings, `constraints` falsy (the defaults) or an object with only nullable (bool), unique (bool) and other (a list of strings, or null). Other keys are ignored. `#/$defs/list` is a list of columns as Dagster iterates it (an empty object or string also passes).",
    body: {
      $comment: "Dagster: dagster/_core/definitions/metadata/table.py TableColumn, TableColumnConstraints.",
      type: "object",
      ...codes("E_METADATA_VALUE"),
      required: ["name", "type"],
      properties: {
        name: { type: "string", ...codes("E_METADATA_VALUE") },
        type: { type: "string", ...codes("E_METADATA_VALUE") },
        description: { type: ["string", "null"], ...codes("E_METADATA_VALUE") },
        tags: { type: ["object", "null"], additionalProperties: { type: "string", ...codes("E_METADATA_VALUE") }, ...codes("E_METADATA_VALUE") },
        constraints: {
          if: { type: "object" },
          then: {
            type: "object",
            ...codes("E_METADATA_VALUE"),
            properties: {
              nullable: { type: "boolean", ...codes("E_METADATA_VALUE") },
              unique: { type: "boolean", ...codes("E_METADATA_VALUE") },
              other: { type: ["array", "null"], items: { type: "string", ...codes("E_METADATA_VALUE") }, ...codes("E_METADATA_VALUE") },
            },
            additionalProperties: false,
          },
          else: { enum: PYTHON_FALSY_VALUES, ...codes("E_METADATA_VALUE") },
        },
      },
      $defs: { list: pythonIterable({ $ref: "#" }) },
    },
  };
}


function contextSources(): Record<string, SchemaSource> {
  const value = (type: string | string[], extra: SchemaObject = {}): SchemaObject => ({ type, ...codes("E_CONTEXT_VALUE"), ...extra });
  const bounds = (): SchemaObject =>
    value(["object", "null"], {
      required: ["start", "end"],
      properties: { start: value("string"), end: value("string") },
    });
  return {
    [SCHEMA_FILES.contextData]: {
      title: "Context data (dagster level)",
      description:
        "What Dagster sends as the context: all ten keys, several of which may be null; unknown keys are allowed (forward compatibility). Nested objects may also carry unknown keys.",
      body: {
        $comment: "Dagster: dagster/_core/pipes/context.py build_external_execution_context_data (PipesContextData); dagster_pipes reads each key by name.",
        type: "object",
        ...codes({ type: "E_CONTEXT_NOT_OBJECT", required: "E_CONTEXT_MISSING_KEY" }),
        required: [...CONTEXT_KEYS],
        properties: {
          asset_keys: value(["array", "null"], { items: value("string") }),
          code_version_by_asset_key: value(["object", "null"], { additionalProperties: value(["string", "null"]) }),
          provenance_by_asset_key: value(["object", "null"], {
            additionalProperties: value(["object", "null"], {
              required: ["code_version", "input_data_versions", "is_user_provided"],
              properties: {
                code_version: value("string"),
                input_data_versions: value("object", { additionalProperties: value("string") }),
                is_user_provided: value("boolean"),
              },
            }),
          }),
          partition_key: value(["string", "null"]),
          partition_key_range: bounds(),
          partition_time_window: bounds(),
          run_id: value("string"),
          job_name: value(["string", "null"]),
          retry_number: value("integer", { minimum: 0 }),
          extras: value("object"),
        },
      },
    },
    [SCHEMA_FILES.contextParams]: {
      title: "Context params (dagster level)",
      description:
        "The decoded DAGSTER_PIPES_CONTEXT as the reference loader reads it: an object with `path` (a string: the context file), or without `path` and with `data` (the context inline, checked as context data). `path` wins when both are present; other keys are ignored.",
      body: {
        $comment: "dagster_pipes/__init__.py PipesDefaultContextLoader.load_context.",
        type: "object",
        ...codes("E_CONTEXT_PARAMS"),
        properties: { path: { type: "string", ...codes("E_CONTEXT_PARAMS_VALUE") } },
        if: { required: ["path"], properties: { path: true } },
        then: {},
        else: {
          ...codes("E_CONTEXT_PARAMS"),
          required: ["data"],
          properties: {
            data: {
              if: { type: "object" },
              then: { $ref: SCHEMA_FILES.contextData },
              else: { type: "object", ...codes("E_CONTEXT_PARAMS_VALUE") },
            },
          },
        },
      },
    },
    [SCHEMA_FILES.messagesParams]: {
      title: "Messages params (dagster level)",
      description:
        "The decoded DAGSTER_PIPES_MESSAGES as the reference writer reads it, keys tried in order: `path` (a string; `include_stdio_in_messages` is read for its truthiness), else `stdio`, else `buffered_stdio` (each \"stderr\" or \"stdout\"). Other keys are ignored.",
      body: {
        $comment: "dagster_pipes/__init__.py PipesDefaultMessageWriter.open.",
        type: "object",
        ...codes("E_MESSAGES_PARAMS"),
        properties: { path: { type: "string", ...codes("E_MESSAGES_PARAMS_VALUE") } },
        if: { required: ["path"], properties: { path: true } },
        then: {},
        else: {
          properties: { stdio: { enum: ["stderr", "stdout"], ...codes("E_MESSAGES_PARAMS_VALUE") } },
          if: { required: ["stdio"], properties: { stdio: true } },
          then: {},
          else: {
            ...codes("E_MESSAGES_PARAMS"),
            required: ["buffered_stdio"],
            properties: { buffered_stdio: { enum: ["stderr", "stdout"], ...codes("E_MESSAGES_PARAMS_VALUE") } },
          },
        },
      },
    },
  };
}

/** Every dagster-level schema, by file relative to the level directory. */
export function dagsterSchemaSources(): Record<string, SchemaSource> {
  return {
    ...contextSources(),
    [SCHEMA_FILES.message]: messageSource(),
    ...paramsSources(),
    [SCHEMA_FILES.exception]: exceptionSource(),
    ...metadataSources(),
    ...rawValueSources(),
    [SCHEMA_FILES.tableColumn]: tableColumnSource(),
  };
}
