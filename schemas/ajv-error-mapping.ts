/**
 * Turns ajv's errors into problems: the reason code comes from the failing schema node's
 * `x-pipes-code` annotation (so codes live with the constraint they explain), the pointer from the
 * instance path (plus the key, for a missing or unexpected key), and the sentence from
 * `problem-messages.ts`. Wrapper errors (`if`) and the discriminator's echo of a missing key are
 * dropped, so one fault gives one problem.
 */
import type { ErrorObject } from "ajv";
import type { JsonValue } from "../harness/json/number-lexemes.js";
import { isDict } from "../harness/dagster/python-types.js";
import { HANDLER_FUNCTIONS, METADATA_RULES } from "./dagster-schemas.js";
import { appendPointer, lastToken, lexemeOf, pointerTokens, pythonTypeName, resolvePointer } from "./json-pointer.js";
import { isProblemCode, PROBLEM_CODES, RULE_SOURCES, type Problem, type ProblemCode, type ProblemLevel } from "./problem-codes.js";
import { problemMessage, showValue, type ProblemFacts } from "./problem-messages.js";
import { CODE_ANNOTATION } from "./schema-layout.js";

/** Where the errors come from. */
export interface MappingContext {
  /** The validated value (pointers are relative to it). */
  root: JsonValue;
  /** Which level's schema produced the errors. */
  level: Exclude<ProblemLevel, "info">;
  /** The value is a message (methods and metadata types are looked up in it). */
  isMessage: boolean;
  /** Prefix of every pointer (the place of `root` in a larger document); usually "". */
  base?: string;
}

type Annotation = string | Record<string, string | Record<string, string>>;

/** The code an annotated node gives a failing keyword (for `required`, possibly per missing key). */
function annotatedCode(error: ErrorObject): string | undefined {
  const annotation = (error.parentSchema as Record<string, unknown> | undefined)?.[CODE_ANNOTATION] as Annotation | undefined;
  if (annotation === undefined) return undefined;
  if (typeof annotation === "string") return annotation;
  const entry = annotation[error.keyword] ?? annotation["*"];
  if (entry === undefined || typeof entry === "string") return entry;
  return entry[(error.params as { missingProperty?: string }).missingProperty ?? ""];
}

/** Handler-specific codes: the rule is the handler of the message's method. */
const HANDLER_CODES = new Set<string>(["E_PARAMS_NOT_OBJECT", "E_PARAMS_MISSING_KEY", "E_PARAMS_EXTRA_KEY", "E_PARAM_TYPE", "E_METADATA_NOT_OBJECT"]);

/** The most precise rule for a problem: the method's handler, the metadata type's class, or the catalogue's. */
export function ruleFor(code: ProblemCode, facts: ProblemFacts): string {
  if (HANDLER_CODES.has(code) && facts.method !== undefined && facts.method in HANDLER_FUNCTIONS) {
    return `${RULE_SOURCES.handler} PipesMessageHandler.${HANDLER_FUNCTIONS[facts.method as keyof typeof HANDLER_FUNCTIONS]}`;
  }
  if (code === "E_METADATA_VALUE" && facts.metadataType !== undefined && facts.metadataType in METADATA_RULES) {
    return tablePartRule(facts.pointer) ?? METADATA_RULES[facts.metadataType as keyof typeof METADATA_RULES];
  }
  return PROBLEM_CODES[code].rule;
}

/** Inside a table or table schema, the class that checks the part: a record, a column, its constraints. */
function tablePartRule(pointer: string | undefined): string | undefined {
  if (pointer === undefined) return undefined;
  const tokens = pointerTokens(pointer).slice(4);
  const table = "dagster/_core/definitions/metadata/table.py";
  if (tokens[0] === "records" && tokens.length > 1) return `${table} TableRecord`;
  if ((tokens[0] === "schema" || tokens[0] === "columns") && tokens.length > 1) {
    return tokens[2] === "constraints" && tokens.length > 3 ? `${table} TableColumnConstraints` : `${table} TableColumn`;
  }
  return undefined;
}

/** The message's method and, inside `/params/metadata/<label>`, the entry's type. */
function messageFacts(root: JsonValue, pointer: string): Pick<ProblemFacts, "method" | "metadataType" | "atRawValue"> {
  if (!isDict(root)) return {};
  const facts: Pick<ProblemFacts, "method" | "metadataType" | "atRawValue"> = {};
  if (typeof root.method === "string") facts.method = root.method;
  const tokens = pointerTokens(pointer);
  if (tokens[0] === "params" && tokens[1] === "metadata" && tokens.length >= 4 && tokens[3] === "raw_value") {
    const params = root.params;
    const metadata = isDict(params) ? params.metadata : undefined;
    const entry = isDict(metadata) ? metadata[tokens[2] as string] : undefined;
    if (isDict(entry) && typeof entry.type === "string") facts.metadataType = entry.type;
    facts.atRawValue = tokens.length === 4;
  }
  return facts;
}

/** Maps one validation's ajv errors to problems (deduplicated, in ajv's order). */
export function mapAjvErrors(errors: readonly ErrorObject[], context: MappingContext): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const base = context.base ?? "";
  // One problem per object for its missing keys: `required` fails once per key.
  const missing = new Map<string, string[]>();
  for (const error of errors) {
    if (error.keyword !== "required") continue;
    const group = `${error.instancePath}\u0000${annotatedCode(error) ?? ""}`;
    const keys = missing.get(group) ?? [];
    keys.push((error.params as { missingProperty: string }).missingProperty);
    missing.set(group, keys);
  }
  for (const error of errors) {
    if (error.keyword === "if") continue;
    const params = error.params as Record<string, unknown>;
    if (error.keyword === "discriminator" && params.tagValue === undefined) continue; // `required` reports it
    let pointer = error.instancePath;
    let key: string | undefined;
    if (error.keyword === "required") key = params.missingProperty as string;
    else if (error.keyword === "additionalProperties") {
      key = params.additionalProperty as string;
      pointer = appendPointer(pointer, key);
    } else if (error.keyword === "discriminator") pointer = appendPointer(pointer, params.tag as string);
    const resolved = key !== undefined && error.keyword === "required" ? undefined : resolvePointer(context.root, pointer);
    const facts: ProblemFacts = {
      keyword: error.keyword,
      pointer,
      name: lastToken(pointer),
      ...(context.isMessage ? messageFacts(context.root, pointer) : {}),
    };
    if (key !== undefined) facts.key = key;
    if (error.keyword === "required") {
      const group = `${error.instancePath}\u0000${annotatedCode(error) ?? ""}`;
      const keys = missing.get(group);
      if (keys === undefined) continue; // already reported with the first key of its group
      missing.delete(group);
      facts.keys = keys;
    }
    if (resolved !== undefined && resolved.found) {
      facts.shown = showValue(resolved.value, lexemeOf(resolved));
      facts.type = pythonTypeName(resolved);
    }
    if (error.keyword === "type") facts.expectedTypes = ([] as string[]).concat(params.type as string | string[]);
    if (error.keyword === "enum") facts.allowed = params.allowedValues as unknown[];
    if (error.keyword === "const") facts.allowed = [params.allowedValue];
    if (typeof params.limit === "number") facts.limit = params.limit;
    if (typeof params.pattern === "string") facts.pattern = params.pattern;
    const annotated = annotatedCode(error);
    const code: ProblemCode =
      annotated !== undefined && isProblemCode(annotated) ? annotated : context.level === "dagster" ? "E_SCHEMA" : "W_SCHEMA";
    if (code === "E_SCHEMA" || code === "W_SCHEMA") facts.detail = `${error.message ?? "invalid"} (${error.schemaPath})`;
    const message = problemMessage(code, facts);
    const fullPointer = base + pointer;
    const identity = `${code}\u0000${fullPointer}\u0000${message}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    const level = PROBLEM_CODES[code].level;
    problems.push({ pointer: fullPointer, code, message, level, rule: ruleFor(code, facts) });
  }
  return problems;
}
