/**
 * Messages as test models, written as Python's `json.dumps` writes them and parsed back with the
 * harness's lexeme-keeping parser, so generated messages carry what Dagster sees: `2` (int) apart
 * from `2.0` (float), NaN/Infinity, integers beyond 2^53.
 */
import { parsePythonJson } from "../../../harness/json/parse-python-json.js";
import type { JsonValue } from "../../../harness/json/number-lexemes.js";
import { pythonFloatRepr, pythonStringLiteral } from "../../../harness/json/serialize-python-json.js";

/** A Python float (written `2.0`, `NaN`, `1e+20`, ...). */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** A Python int beyond 2^53, kept as its digits. */
export class PyBigInt {
  constructor(readonly digits: string) {}
}

/** A model value: JS numbers are Python ints (safe integers only). */
export type Model = null | boolean | number | string | PyFloat | PyBigInt | Model[] | { [key: string]: Model };

/** A model object (keys are own, enumerable, and never `__proto__`). */
export type ModelObject = { [key: string]: Model };

/** Is the model value a JSON object? */
export function isModelObject(model: Model | undefined): model is ModelObject {
  return model !== null && typeof model === "object" && !Array.isArray(model) && !(model instanceof PyFloat) && !(model instanceof PyBigInt);
}

/** Writes a model as `json.dumps(value)` would. */
export function renderModel(model: Model): string {
  if (model === null) return "null";
  if (typeof model === "boolean") return model ? "true" : "false";
  if (typeof model === "number") {
    if (!Number.isSafeInteger(model)) throw new Error(`model ints must be safe integers, got ${model}`);
    return String(model);
  }
  if (typeof model === "string") return pythonStringLiteral(model);
  if (model instanceof PyFloat) return pythonFloatRepr(model.value);
  if (model instanceof PyBigInt) return model.digits;
  if (Array.isArray(model)) return `[${model.map(renderModel).join(", ")}]`;
  return `{${Object.keys(model)
    .map((key) => `${pythonStringLiteral(key)}: ${renderModel(model[key] as Model)}`)
    .join(", ")}}`;
}

/** Renders and parses a model: the value Dagster's `json.loads` would hand its handler. */
export function parseModel(model: Model): JsonValue {
  const text = renderModel(model);
  const parsed = parsePythonJson(text);
  if (!parsed.ok) throw new Error(`rendered model is not Python JSON: ${parsed.error.message}: ${text}`);
  return parsed.value;
}

/** Deep copy of a model (PyFloat/PyBigInt are immutable and shared). */
export function cloneModel<T extends Model>(model: T): T {
  if (Array.isArray(model)) return model.map((item) => cloneModel(item)) as T;
  if (isModelObject(model)) {
    const copy: ModelObject = {};
    for (const key of Object.keys(model)) copy[key] = cloneModel(model[key] as Model);
    return copy as T;
  }
  return model;
}
