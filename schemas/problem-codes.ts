/**
 * The catalogue of every reason code the schema validator reports, in one place: its level, a
 * one-line description, and (for dagster-level codes) the Dagster rule, i.e. the source file and
 * function whose behaviour the code stands for. The CLI's documentation is generated from it, and
 * the schemas name these codes in their `x-pipes-code` annotations.
 *
 * Prefixes say the level: `E_` breaks the dagster level (Dagster raises or treats the message as
 * text: the message is lost, a MUST failure), `W_` breaks only the reference level (Dagster copes,
 * but the reference implementation never writes this: a SHOULD warning), `I_` is information that
 * never fails a level. Where the harness's handler emulation (`harness/dagster/rejection.ts`)
 * rejects the same input, the code is the same, or `harnessCode` names the emulation's code.
 */
import type { RejectionCode } from "../harness/dagster/rejection.js";

/** Which level a problem breaks; `info` never fails a level. */
export type ProblemLevel = "dagster" | "reference" | "info";

/** What the catalogue says about one code. */
export interface ProblemCodeInfo {
  /** The level the code breaks (fixed by its prefix). */
  level: ProblemLevel;
  /** One line for the CLI's documentation. */
  description: string;
  /**
   * The rule the code stands for: for dagster-level codes the Dagster source file and function
   * that raises; for reference-level codes the reference writer's function or the rule's anchor in
   * docs/PROTOCOL.md. Problems may carry a more precise rule (the handler of the message's method,
   * the metadata class).
   */
  rule: string;
  /** The handler emulation's code for the same input, when it differs from this code. */
  harnessCode?: RejectionCode;
}

/** Source files cited by rules (paths inside dagster-io/dagster's python_modules). */
export const RULE_SOURCES = {
  handler: "dagster/_core/pipes/context.py",
  utils: "dagster/_core/pipes/utils.py",
  metadataValue: "dagster/_core/definitions/metadata/metadata_value.py",
  table: "dagster/_core/definitions/metadata/table.py",
  assetKey: "dagster/_core/definitions/asset_key.py",
  logLevel: "dagster/_core/utils.py",
  pipes: "dagster_pipes/__init__.py",
} as const;

const H = RULE_SOURCES.handler;
const U = RULE_SOURCES.utils;
const P = RULE_SOURCES.pipes;

/** Every code, in documentation order. */
export const PROBLEM_CODES = {
  // --- Framing (transcripts) -------------------------------------------------------------------
  E_BLANK_LINE: {
    level: "dagster",
    description: "A blank line in a messages file: json.loads raises and Dagster's file reader dies, losing every later message.",
    rule: `${U} PipesFileMessageReader._reader_thread`,
    harnessCode: "E_JSON_SYNTAX",
  },
  E_JSON_SYNTAX: {
    level: "dagster",
    description: "A line Python's json.loads refuses: the file reader dies (on stdio a line meant as a message is printed as text).",
    rule: `${U} PipesFileMessageReader._reader_thread`,
  },
  E_JSON_INT_TOO_LONG: {
    level: "dagster",
    description: "An integer literal of more than 4300 digits: json.loads raises ValueError.",
    rule: `${U} PipesFileMessageReader._reader_thread`,
    harnessCode: "E_JSON_SYNTAX",
  },
  E_JSON_TOO_DEEP: {
    level: "dagster",
    description: "Nesting deeper than Python's recursion limit: json.loads raises RecursionError.",
    rule: `${U} PipesFileMessageReader._reader_thread`,
    harnessCode: "E_JSON_SYNTAX",
  },
  E_INVALID_UTF8: {
    level: "dagster",
    description: "Bytes that are not UTF-8: Dagster's text-mode reader raises UnicodeDecodeError.",
    rule: `${U} PipesFileMessageReader._reader_thread`,
  },
  W_NO_FINAL_NEWLINE: {
    level: "reference",
    description: "The last line has no terminating newline; the reference ends every message with \\n.",
    rule: `${P} PipesFileMessageWriterChannel.write_message`,
  },

  // --- Envelope ----------------------------------------------------------------------------------
  E_MESSAGE_NOT_OBJECT: {
    level: "dagster",
    description: "The message is not a JSON object: handle_message indexes message[\"method\"].",
    rule: `${H} PipesMessageHandler.handle_message`,
  },
  E_MESSAGE_NO_METHOD: {
    level: "dagster",
    description: "The message has no \"method\" key (KeyError).",
    rule: `${H} PipesMessageHandler.handle_message`,
  },
  E_MESSAGE_NO_PARAMS: {
    level: "dagster",
    description: "The message has no \"params\" key (KeyError); null params are allowed for opened and closed only.",
    rule: `${H} PipesMessageHandler.handle_message`,
  },
  E_UNKNOWN_METHOD: {
    level: "dagster",
    description: "The method is not one of the seven of Pipes 0.1 (DagsterPipesExecutionError).",
    rule: `${H} PipesMessageHandler.handle_message`,
  },
  E_VERSION_MISSING_ON_STDIO: {
    level: "dagster",
    description: "On a stdio channel a line without __dagster_pipes_version is the program's own output: the message is lost.",
    rule: `${U} extract_message_or_forward_to_stdout`,
  },
  W_VERSION_MISSING: {
    level: "reference",
    description: "The message lacks __dagster_pipes_version (the file reader ignores it; stdio readers would not).",
    rule: `${P} _make_message`,
  },
  W_VERSION_NOT_0_1: {
    level: "reference",
    description: "__dagster_pipes_version is not exactly \"0.1\", the only version ever released.",
    rule: `${P} _make_message`,
  },
  W_ENVELOPE_EXTRA_KEY: {
    level: "reference",
    description: "The message has keys besides __dagster_pipes_version, method and params (Dagster ignores them).",
    rule: `${P} _make_message`,
  },

  // --- Params ------------------------------------------------------------------------------------
  E_PARAMS_NOT_OBJECT: {
    level: "dagster",
    description: "Params of a keyword method are not an object: handler(**params) raises TypeError.",
    rule: `${H} PipesMessageHandler.handle_message`,
  },
  E_PARAMS_MISSING_KEY: {
    level: "dagster",
    description: "A required keyword is missing from the params (TypeError: missing 1 required positional argument).",
    rule: `${H} PipesMessageHandler.handle_message`,
  },
  E_PARAMS_EXTRA_KEY: {
    level: "dagster",
    description: "The params have a key the handler does not take (TypeError: unexpected keyword argument).",
    rule: `${H} PipesMessageHandler.handle_message`,
  },
  E_PARAM_TYPE: {
    level: "dagster",
    description: "A param has the wrong type for Dagster's check (str_param, opt_str_param, bool_param) or for write().",
    rule: `${H} PipesMessageHandler.handle_message`,
  },
  E_LOG_LEVEL: {
    level: "dagster",
    description: "A log level Dagster refuses: not a known name (any case), an integer or a boolean; a float or null raises.",
    rule: `${RULE_SOURCES.logLevel} coerce_valid_log_level`,
  },
  E_SEVERITY: {
    level: "dagster",
    description: "A check severity other than exactly \"WARN\" or \"ERROR\" (check.literal_param).",
    rule: `${H} PipesMessageHandler._handle_report_asset_check`,
  },
  E_STREAM: {
    level: "dagster",
    description: "A log_external_stream stream other than \"stdout\" or \"stderr\" (DagsterInvariantViolationError).",
    rule: `${H} PipesMessageHandler._handle_log_external_stream`,
  },
  E_CLOSED_PARAMS: {
    level: "dagster",
    description: "Truthy closed params Python cannot search for \"exception\" (a number, true) or that index a string or list by it.",
    rule: `${H} PipesMessageHandler._handle_closed`,
  },
  E_EXCEPTION_SHAPE: {
    level: "dagster",
    description: "An exception that is not an object with all five keys, or a truthy cause/context that is not one.",
    rule: `${H} _ser_err_from_pipes_exc`,
  },
  W_OPENED_PARAMS_NOT_OBJECT: {
    level: "reference",
    description: "opened params are not an object; the reference sends {\"extras\": {...}}.",
    rule: `${P} PipesMessageWriter.get_opened_payload`,
  },
  W_OPENED_EXTRAS_NOT_OBJECT: {
    level: "reference",
    description: "opened params lack \"extras\" or it is not an object.",
    rule: `${P} PipesMessageWriter.get_opened_payload`,
  },
  W_CLOSED_PARAMS_NOT_EMPTY_OBJECT: {
    level: "reference",
    description: "closed params are not an object; the reference sends {} or {\"exception\": ...}, never null or [].",
    rule: `${P} PipesContext.close`,
  },
  W_CLOSED_PARAMS_EXTRA_KEY: {
    level: "reference",
    description: "closed params have a key besides \"exception\" (e.g. flattened exception fields, which Dagster ignores).",
    rule: `${P} PipesContext.close`,
  },
  W_LOG_LEVEL_MISSING: {
    level: "reference",
    description: "log params lack \"level\" (Dagster defaults to info; the reference always sends it).",
    rule: `${P} _PipesLoggerHandler.emit`,
  },
  W_LOG_LEVEL_NOT_CANONICAL: {
    level: "reference",
    description: "A log level Dagster accepts but the reference never writes (not one of DEBUG, INFO, WARNING, ERROR, CRITICAL).",
    rule: `${P} _PipesLoggerHandler.emit`,
  },
  W_ASSET_KEY_EMPTY: {
    level: "reference",
    description: "asset_key is \"\", which the reference treats as omitted and resolves (Dagster reads a zero-part key).",
    rule: `${P} _resolve_optionally_passed_asset_key`,
  },
  W_DATA_VERSION_EMPTY: {
    level: "reference",
    description: "data_version is \"\" rather than null or a version.",
    rule: `${P} PipesContext.report_asset_materialization`,
  },
  W_EXTERNAL_STREAM_EXTRAS: {
    level: "reference",
    description: "log_external_stream params lack \"extras\" or it is not an object; the reference sends {} at least.",
    rule: `${P} PipesContext.log_external_stream`,
  },
  W_EXCEPTION_FIELD: {
    level: "reference",
    description: "An exception field of another shape than the reference's (message str, stack [str], name str|null, cause/context exception|null).",
    rule: `${P} _pipes_exc_from_tb`,
  },
  W_EXCEPTION_EXTRA_KEY: {
    level: "reference",
    description: "An exception with keys besides message, stack, name, cause and context.",
    rule: `${P} _pipes_exc_from_tb`,
  },

  // --- Metadata ----------------------------------------------------------------------------------
  E_METADATA_NOT_OBJECT: {
    level: "dagster",
    description: "metadata is neither an object nor null (check.opt_mapping_param); empty metadata is null, not [].",
    rule: `${H} PipesMessageHandler._handle_report_asset_materialization`,
  },
  E_METADATA_BARE_VALUE: {
    level: "dagster",
    description: "A metadata value not wrapped as {\"raw_value\": ..., \"type\": ...}: Dagster indexes it and raises.",
    rule: `${H} PipesMessageHandler._resolve_metadata`,
  },
  E_METADATA_MISSING_KEY: {
    level: "dagster",
    description: "A metadata entry lacks \"raw_value\" or \"type\" (KeyError).",
    rule: `${H} PipesMessageHandler._resolve_metadata`,
  },
  E_METADATA_UNKNOWN_TYPE: {
    level: "dagster",
    description: "A metadata type that is not one of the 17 of Pipes 0.1 (there is no \"job\").",
    rule: `${H} PipesMessageHandler._resolve_metadata_value`,
  },
  E_METADATA_FLOAT_AS_INT: {
    level: "dagster",
    description: "A typed float written as a JSON integer (3, not 3.0): FloatMetadataValue's isinstance(float) check refuses it.",
    rule: `${RULE_SOURCES.metadataValue} FloatMetadataValue`,
  },
  E_METADATA_INT_AS_FLOAT: {
    level: "dagster",
    description: "A typed int written as a JSON float (3.0, 1e3): IntMetadataValue's isinstance(int) check refuses it.",
    rule: `${RULE_SOURCES.metadataValue} IntMetadataValue`,
    harnessCode: "E_METADATA_VALUE",
  },
  E_METADATA_VALUE: {
    level: "dagster",
    description: "A raw_value its type's MetadataValue class refuses (wrong JSON type, malformed table, schema or lineage).",
    rule: `${H} PipesMessageHandler._resolve_metadata_value`,
  },
  W_METADATA_EMPTY_OBJECT: {
    level: "reference",
    description: "metadata is {}; the reference sends empty metadata as null.",
    rule: `${P} PipesContext.report_asset_materialization`,
  },
  W_METADATA_ENTRY_EXTRA_KEY: {
    level: "reference",
    description: "A metadata entry with keys besides raw_value and type (Dagster ignores them; the reference refuses them).",
    rule: `${P} _normalize_param_metadata`,
  },
  W_METADATA_INFER_OBJECT: {
    level: "reference",
    description: "An __infer__ raw_value that is an object; the reference refuses it (objects go as json).",
    rule: `${P} _normalize_param_metadata`,
  },
  W_METADATA_VALUE_NOT_REFERENCE: {
    level: "reference",
    description: "A raw_value Dagster accepts but outside its type's meaning (null text, a string as json, true as int, ...).",
    rule: "docs/PROTOCOL.md#metadata-reference-level",
  },

  // --- Numbers -----------------------------------------------------------------------------------
  W_NON_FINITE_NUMBER: {
    level: "reference",
    description: "NaN, Infinity or -Infinity: Python writes and reads them, but they are not JSON.",
    rule: `${P} _make_message (json.dumps allow_nan)`,
  },
  I_INTEGER_BEYOND_2_53: {
    level: "info",
    description: "An integer beyond ±2^53: Python keeps it exact, many JSON readers (JavaScript's) do not.",
    rule: "docs/PROTOCOL.md#numbers-big-integers",
  },
  I_FLOAT_OUT_OF_RANGE: {
    level: "info",
    description: "A float literal beyond the double range (1e400): Python reads it as infinity.",
    rule: "docs/PROTOCOL.md#numbers-non-finite",
  },

  // --- Context and bootstrap params --------------------------------------------------------------
  E_CONTEXT_NOT_OBJECT: {
    level: "dagster",
    description: "The context is not a JSON object.",
    rule: `${H} build_external_execution_context_data`,
  },
  E_CONTEXT_MISSING_KEY: {
    level: "dagster",
    description: "The context lacks one of its ten keys, which Dagster always sends and the reference reads by name.",
    rule: `${H} build_external_execution_context_data`,
  },
  E_CONTEXT_VALUE: {
    level: "dagster",
    description: "A context value of a shape Dagster never sends (its type, nulls included, per docs/PROTOCOL.md#context-ten-keys).",
    rule: `${H} build_external_execution_context_data`,
  },
  W_CONTEXT_INVARIANT: {
    level: "reference",
    description: "A context breaking an invariant of what Dagster sends (time window ⇒ range ⇒ key; no assets ⇒ no versions).",
    rule: `${H} build_external_execution_context_data`,
  },
  W_CONTEXT_TIME_FORMAT: {
    level: "reference",
    description: "A time-window bound that is not Python's isoformat() with an offset (2024-01-01T00:00:00+00:00).",
    rule: `${H} _convert_time_window`,
  },
  E_CONTEXT_PARAMS: {
    level: "dagster",
    description: "Context params that are not an object with \"path\" or \"data\": the reference loader raises.",
    rule: `${P} PipesDefaultContextLoader.load_context`,
  },
  E_CONTEXT_PARAMS_VALUE: {
    level: "dagster",
    description: "Context params whose \"path\" is not a string or whose \"data\" is not an object.",
    rule: `${P} PipesDefaultContextLoader.load_context`,
  },
  W_CONTEXT_PARAMS_SHAPE: {
    level: "reference",
    description: "Context params other than exactly {\"path\": str} or {\"data\": {...}}, as Dagster's injectors send them.",
    rule: `${U} PipesTempFileContextInjector / PipesEnvContextInjector`,
  },
  E_MESSAGES_PARAMS: {
    level: "dagster",
    description: "Messages params that are not an object with \"path\", \"stdio\" or \"buffered_stdio\": the reference writer raises.",
    rule: `${P} PipesDefaultMessageWriter.open`,
  },
  E_MESSAGES_PARAMS_VALUE: {
    level: "dagster",
    description: "Messages params whose path is not a string, or whose stdio/buffered_stdio is not \"stderr\" or \"stdout\".",
    rule: `${P} PipesDefaultMessageWriter.open`,
  },
  W_MESSAGES_PARAMS_SHAPE: {
    level: "reference",
    description: "Messages params other than Dagster's three shapes ({path, include_stdio_in_messages: bool}, {stdio}, {buffered_stdio}).",
    rule: `${U} PipesFileMessageReader.read_messages`,
  },

  // --- Unannotated schema constraints (never expected: a test keeps every constraint annotated) ----
  E_SCHEMA: {
    level: "dagster",
    description: "A dagster-level schema constraint without its own reason code (a bug in the schemas: please report it).",
    rule: "schemas/0.1/dagster",
  },
  W_SCHEMA: {
    level: "reference",
    description: "A reference-level schema constraint without its own reason code (a bug in the schemas: please report it).",
    rule: "schemas/0.1/reference",
  },

  // --- Transcript information --------------------------------------------------------------------
  I_PROGRAM_OUTPUT: {
    level: "info",
    description: "A line of a captured stream that is the program's own output, not a protocol message.",
    rule: `${U} extract_message_or_forward_to_stdout`,
  },
  I_LINE_TOO_LONG: {
    level: "info",
    description: "A line longer than the validator's cap: kept as a head only and not judged.",
    rule: "pipes-conformance validate",
  },
} as const satisfies Record<string, ProblemCodeInfo>;

/** A reason code of the validator. */
export type ProblemCode = keyof typeof PROBLEM_CODES;

/** Every code, in catalogue order. */
export const ALL_PROBLEM_CODES = Object.keys(PROBLEM_CODES) as ProblemCode[];

/** Is `code` a code of the catalogue? */
export function isProblemCode(code: string): code is ProblemCode {
  return Object.prototype.hasOwnProperty.call(PROBLEM_CODES, code);
}

/** The catalogue entry of a code. */
export function problemCodeInfo(code: ProblemCode): ProblemCodeInfo {
  return PROBLEM_CODES[code];
}

/**
 * A problem found in a bootstrap param, a context or a message: where (RFC 6901 pointer into the
 * validated value), why (stable code), one sentence a user can act on, the level it breaks and,
 * for dagster-level problems, the Dagster rule.
 */
export interface Problem {
  /** RFC 6901 JSON pointer into the validated value; `""` is the whole value. */
  pointer: string;
  /** Stable reason code from {@link PROBLEM_CODES}. */
  code: string;
  /** One sentence without the pointer, e.g. `bare value 3; Dagster needs {"raw_value": 3, "type": ...}`. */
  message: string;
  /** The level the problem breaks; `info` never fails a level. */
  level: ProblemLevel;
  /** Source file and function of the rule (always set for dagster-level problems). */
  rule?: string;
}

/** Does a problem of level `problem` make a value fail `level`? (reference problems do not fail the dagster level). */
export function breaksLevel(problem: ProblemLevel, level: "dagster" | "reference"): boolean {
  if (problem === "info") return false;
  return problem === "dagster" || level === "reference";
}
