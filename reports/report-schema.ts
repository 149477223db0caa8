/**
 * The report's own JSON Schema (`schemas/report.schema.json`, shipped in the package), compiled
 * once with ajv in strict mode. `readReport` uses it so that `diff`, `merge` and `report` refuse a
 * file that is not a report before they misread it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { PACKAGE_ROOT } from "./tool-version.js";

/** Where the schema lives (the package's `schemas/`, next to `dist/`). */
export const REPORT_SCHEMA_FILE = join(PACKAGE_ROOT, "schemas", "report.schema.json");

/** The schema's `$id`. */
export const REPORT_SCHEMA_ID = "https://pipes-conformance.dev/schemas/report.schema.json";

/** RFC 3339 date-time (what `Date.prototype.toISOString` writes, offsets allowed). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

let compiled: ValidateFunction | undefined;

/** The report schema as a JSON value. */
export function reportSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(REPORT_SCHEMA_FILE, "utf8")) as Record<string, unknown>;
}

/**
 * The compiled validator. The schema says `"format": "date-time"` for others' validators; ajv
 * needs the format defined (strict mode refuses unknown formats), and `ajv-formats` is not worth
 * a dependency for one regular expression.
 */
export function reportValidator(): ValidateFunction {
  if (compiled === undefined) {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    ajv.addFormat("date-time", { type: "string", validate: (text: string) => DATE_TIME.test(text) && !Number.isNaN(Date.parse(text)) });
    compiled = ajv.compile(reportSchema());
  }
  return compiled;
}

/** One line describing a validation error: where (a JSON pointer) and what. */
export function describeSchemaError(error: ErrorObject): string {
  const where = error.instancePath === "" ? "the report" : error.instancePath;
  if (error.keyword === "additionalProperties") return `${where}: unknown property "${(error.params as { additionalProperty: string }).additionalProperty}"`;
  if (error.keyword === "enum") return `${where}: must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((value) => JSON.stringify(value)).join(", ")}`;
  return `${where}: ${error.message ?? error.keyword}`;
}

/** Validates a parsed value as a report: `undefined` when valid, else the first problems, one line. */
export function reportSchemaProblem(value: unknown): string | undefined {
  const validate = reportValidator();
  if (validate(value)) return undefined;
  // `if`/`then` wrappers repeat what the inner error says; keep the informative ones.
  const errors = (validate.errors ?? []).filter((error) => error.keyword !== "if");
  const lines = [...new Set(errors.map(describeSchemaError))];
  return lines.length <= 3 ? lines.join("; ") : `${lines.slice(0, 3).join("; ")} (and ${lines.length - 3} more)`;
}
