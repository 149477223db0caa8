/**
 * Compiles the shipped schemas once with ajv (JSON Schema 2020-12, strict mode) into the
 * validating functions the validator calls: for each target the dagster-level schema and the
 * reference overlay alone, so each level's problems are told apart without a second pass over the
 * dagster constraints.
 */
import { createRequire } from "node:module";
import type { Ajv2020, Options, ValidateFunction } from "ajv/dist/2020.js";
import { inlineHotReferences } from "./hot-references.js";
import { schemaDocuments } from "./schema-documents.js";
import { CODE_ANNOTATION, schemaId, SCHEMA_FILES } from "./schema-layout.js";

/**
 * ajv's options: strict mode (unknown keywords, ignored types, undefined required keys all
 * refused) with two deliberate settings: `strictNumbers: false`, so NaN and ±Infinity (which
 * Python's parser yields and Dagster accepts) count as numbers and the lexeme checks judge them;
 * `allowUnionTypes`, so `"type": ["string", "null"]` states a nullable value plainly.
 * `discriminator` dispatches metadata values on `type` and messages on `method`, so a bad
 * raw_value reports one branch's errors, not every branch's. `allErrors` reports every problem of
 * a value rather than the first, and `verbose` hands the failing schema node (its `x-pipes-code`)
 * and value to the error mapping; neither costs anything measurable on valid input.
 */
export const AJV_OPTIONS: Options = {
  strict: true,
  strictNumbers: false,
  allowUnionTypes: true,
  allErrors: true,
  discriminator: true,
  verbose: true,
};

/**
 * An ajv instance holding every schema of both levels (compiled lazily by ajv): the shipped files
 * as they are, or (`hotReferences`, the validator's default) with a few references inlined for
 * speed (see hot-references.ts).
 */
export function createSchemaAjv(options: { hotReferences?: boolean; code?: Options["code"] } = {}): Ajv2020 {
  // Loaded here, on first compilation, not with this module: with the functions generated at
  // build time the tool never loads the compiler (a large part of its start-up otherwise).
  const { Ajv2020: Compiler } = createRequire(import.meta.url)("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js");
  const ajv = new Compiler(options.code === undefined ? AJV_OPTIONS : { ...AJV_OPTIONS, code: options.code });
  ajv.addVocabulary([CODE_ANNOTATION]);
  const documents = options.hotReferences === false ? schemaDocuments() : inlineHotReferences(schemaDocuments());
  for (const document of documents) ajv.addSchema(document.schema, document.id);
  return ajv;
}

/** What the validator can validate. */
export type ValidationTarget = "message" | "contextData" | "contextParams" | "messagesParams";

/** The top-level file of each target. */
export const TARGET_FILES: Record<ValidationTarget, string> = {
  message: SCHEMA_FILES.message,
  contextData: SCHEMA_FILES.contextData,
  contextParams: SCHEMA_FILES.contextParams,
  messagesParams: SCHEMA_FILES.messagesParams,
};

/** The two compiled functions of one target. */
export interface CompiledTarget {
  /** The complete dagster-level schema. */
  dagster: ValidateFunction;
  /** The reference level's overlay alone (`reference/<file>#/$defs/overlay`). */
  overlay: ValidateFunction;
}

/** Compiles one target's two functions (each is reused for every validation). */
export function compileTarget(ajv: Ajv2020, target: ValidationTarget): CompiledTarget {
  const compile = (id: string): ValidateFunction => {
    const validate = ajv.getSchema(id);
    if (validate === undefined) throw new Error(`schema ${id} is not registered`);
    return validate;
  };
  const file = TARGET_FILES[target];
  return { dagster: compile(schemaId("dagster", file)), overlay: compile(`${schemaId("reference", file)}#/$defs/overlay`) };
}

/** The export of a target's function in the generated standalone module (generate-validators.ts). */
export function standaloneExportName(target: ValidationTarget, part: keyof CompiledTarget): string {
  return `${target}_${part}`;
}

/**
 * Every target's functions from the standalone module generated at build time, or undefined when
 * it is absent or incomplete (then the caller compiles at run time).
 */
export function loadGeneratedTargets(file: string): Record<ValidationTarget, CompiledTarget> | undefined {
  let generated: Record<string, ValidateFunction>;
  try {
    generated = createRequire(import.meta.url)(file) as Record<string, ValidateFunction>;
  } catch {
    return undefined;
  }
  const targets = {} as Record<ValidationTarget, CompiledTarget>;
  for (const target of Object.keys(TARGET_FILES) as ValidationTarget[]) {
    const dagster = generated[standaloneExportName(target, "dagster")];
    const overlay = generated[standaloneExportName(target, "overlay")];
    if (typeof dagster !== "function" || typeof overlay !== "function") return undefined;
    targets[target] = { dagster, overlay };
  }
  return targets;
}

/** Compiles every target. */
export function compileTargets(ajv: Ajv2020 = createSchemaAjv()): Record<ValidationTarget, CompiledTarget> {
  const targets = {} as Record<ValidationTarget, CompiledTarget>;
  for (const target of Object.keys(TARGET_FILES) as ValidationTarget[]) targets[target] = compileTarget(ajv, target);
  return targets;
}
