/**
 * Turns a case's setup (data) into the harness's session options: the context (default, a named
 * variation or a generated one), driver actions in the extras, the launch axes, and the broken or
 * missing bootstraps the bootstrap cases need.
 */
import pako from "pako";
import { CONTEXT_FORMS, type Channel, type ContextForm, type Transport } from "../harness/bootstrap/bootstrap-params.js";
import { encodeBootstrapValue } from "../harness/bootstrap/bootstrap-codec.js";
import { encodePythonBase64 } from "../harness/bootstrap/python-base64.js";
import { clearNumberLexeme, getNumberLexeme, setNumberLexeme, type JsonObject, type JsonValue } from "../harness/json/number-lexemes.js";
import { serializePythonJson } from "../harness/json/serialize-python-json.js";
import type { CheckSpec } from "../harness/dagster/step-verdict.js";
import type { BootstrapOverrides, SessionOptions } from "../harness/session.js";
import { assetKeysOf, contextVariation, defaultContext, isPartitioned, mergeObjects, variationChangesContract } from "./context-variations.js";
import { DRIVER_EXTRAS_KEY, driverScript, type DriverAction } from "./driven/actions.js";
import type { GeneratedDimension } from "./generators/context-arbitrary.js";
import type { BootstrapSetup, CaseDefinition } from "./model/case.js";

/** The launch axes a run uses for cases that do not pin their own. */
export interface RunAxes {
  transport: Transport;
  contextForm: ContextForm;
  channel: Channel;
}

/** What a planned case runs with. */
export interface CaseInputs {
  context: JsonObject;
  actions: readonly DriverAction[];
}

/**
 * The program's own context, as the user declared it (`--asset`, `--extras`, `--check`...): the
 * observed cases run under it and vary around it. Driven cases keep the suite's default context: a
 * driver has no contract of its own, and the images of its actions are computed for that context.
 */
export interface ProgramContext {
  /** The base context (all ten keys). */
  base: JsonObject;
  /** Check specs of the step; undefined leaves check names unverified. */
  checkSpecs?: CheckSpec[];
  /** What generated contexts vary around the base (observed cases). */
  generate: readonly GeneratedDimension[];
}

/** The suite's default: Dagster's default context, extras generated beside it. */
export function defaultProgramContext(): ProgramContext {
  return { base: defaultContext(), generate: defaultGeneration(defaultContext()) };
}

/**
 * What generated contexts vary by default in observed mode: what keeps the base valid for the
 * program, i.e. extras added beside its own, and partitions of its kind where it is partitioned.
 */
export function defaultGeneration(base: JsonObject): GeneratedDimension[] {
  return isPartitioned(base) ? ["extras", "partitions"] : ["extras"];
}

/** The context a case starts from: the program's own in observed mode, the default in driven mode. */
export function startingContext(definition: CaseDefinition, program: ProgramContext): JsonObject {
  return definition.mode === "driven" ? defaultContext() : program.base;
}

/** The context a case runs under, before driver actions are added. */
export function baseContext(definition: CaseDefinition, generated: JsonObject | undefined, program: ProgramContext): JsonObject {
  const setup = definition.setup.context ?? { kind: "default" };
  switch (setup.kind) {
    case "default":
      return startingContext(definition, program);
    case "variation":
      return contextVariation(setup.name, startingContext(definition, program));
    case "generated":
      if (generated === undefined) throw new Error(`case ${definition.id} needs a generated context`);
      return generated;
    case "literal":
      return setup.context;
  }
}

/**
 * Whether a case's context changes the program's contract (see `VerifyInput.contractChanging`):
 * a contract-changing variation, or generated assets or partitions where the program has its own.
 */
export function changesContract(definition: CaseDefinition, program: ProgramContext): boolean {
  if (definition.mode === "driven") return false;
  const setup = definition.setup.context ?? { kind: "default" };
  switch (setup.kind) {
    case "default":
      return false;
    case "variation":
      return variationChangesContract(setup.name, program.base);
    case "generated":
      return program.generate.includes("assets") || program.generate.includes("partitions");
    case "literal":
      // A fixed context of the suite's own replaces the program's.
      return true;
  }
}

/** The asset keys of the context a case starts from. */
export function startingAssetKeys(definition: CaseDefinition, program: ProgramContext): string[] | null {
  return assetKeysOf(startingContext(definition, program));
}

/** The context with the case's extras and, in driven mode, the driver script. */
export function caseContext(definition: CaseDefinition, base: JsonObject, actions: readonly DriverAction[], caseId: string): JsonObject {
  const extras = mergeObjects((base.extras as JsonObject | undefined) ?? {}, definition.setup.extras ?? {});
  if (definition.mode === "driven") extras[DRIVER_EXTRAS_KEY] = driverScript(caseId, actions);
  return { ...base, extras };
}

/** Context params encoded as a lenient decoder would still resolve them (or not at all: undecodable). */
function malformedContextValue(kind: "undecodable" | "gzip" | "urlsafe" | "unpadded", params: JsonValue): string {
  const json = new TextEncoder().encode(serializePythonJson(params));
  switch (kind) {
    case "undecodable":
      return "this is not base64 zlib json!";
    case "gzip":
      return encodePythonBase64(pako.gzip(json));
    case "urlsafe": {
      // Pad the params until the standard encoding contains + or /, so the URL-safe form differs.
      let padded = params as JsonObject;
      let standard = encodeBootstrapValue(padded);
      for (let filler = 0; !/[+/]/.test(standard); filler++) {
        padded = { ...(params as JsonObject), pad: "~".repeat(filler) };
        standard = encodeBootstrapValue(padded);
      }
      return standard.replaceAll("+", "-").replaceAll("/", "_");
    }
    case "unpadded": {
      let padded = params as JsonObject;
      let standard = encodeBootstrapValue(padded);
      for (let filler = 0; !standard.endsWith("="); filler++) {
        padded = { ...(params as JsonObject), pad: "~".repeat(filler) };
        standard = encodeBootstrapValue(padded);
      }
      return standard.replace(/=+$/, "");
    }
  }
}

/** Bootstrap overrides for the case's bootstrap setup. */
function bootstrapOverrides(setup: BootstrapSetup): BootstrapOverrides {
  switch (setup.kind) {
    case "normal":
      return {};
    case "absent":
      return { contextValue: null, messagesValue: null };
    case "context-only":
      return { messagesValue: null };
    case "messages-only":
      return { contextValue: null };
    case "bad-context-value": {
      // The params the session computes for the case's form (the real context file's path, or
      // the inline data), encoded the malformed way: a lenient decoder then gets a working launch.
      const value = setup.value;
      return value === "undecodable" ? { contextValue: malformedContextValue(value, null) } : { encodeContext: (params) => malformedContextValue(value, params) };
    }
    case "bad-context-params":
      return setup.params === "no-path-or-data"
        ? { contextParams: { file: "context.json" } }
        : { contextParams: { path: "/nonexistent/pipes-conformance/context.json" } };
  }
}

/**
 * A case is judged on its whole transcript, so a suite session keeps far more than `run`'s record
 * does: a conforming target's case writes a few KB, and only a flood reaches these limits (it is
 * then judged on its first lines, and the runner says so).
 */
export const SUITE_RETENTION = { retainLimit: 100_000, retainBytes: 4 << 20 } as const satisfies Pick<SessionOptions, "retainLimit" | "retainBytes">;

/** Session options for one run of a case (without the per-run hooks). */
export function sessionOptionsFor(
  definition: CaseDefinition,
  inputs: CaseInputs,
  axes: RunAxes,
  argv: readonly string[],
  launch: Pick<SessionOptions, "timeoutMs" | "killGraceMs" | "cwd" | "env" | "signal" | "checkSpecs" | "traceWrites" | "maxLineBytes">,
): SessionOptions {
  const setup = definition.setup;
  // The run allows tracing; only the cases that ask for it pay for it.
  const { traceWrites, ...rest } = launch;
  const contextForm = setup.contextForm ?? axes.contextForm;
  const bootstrap = bootstrapOverrides(setup.bootstrap ?? { kind: "normal" });
  if (!CONTEXT_FORMS.includes(contextForm)) throw new Error(`unknown context form ${contextForm}`);
  return {
    argv,
    context: inputs.context,
    transport: setup.transport ?? axes.transport,
    contextForm,
    channel: setup.channel ?? axes.channel,
    includeStdio: setup.includeStdio ?? false,
    bootstrap,
    privateTmp: setup.privateTmp ?? false,
    ...SUITE_RETENTION,
    ...rest,
    ...(setup.traceWrites === true && traceWrites === true ? { traceWrites: true } : {}),
    ...(setup.traceFileCreation === true && traceWrites === true ? { traceFileCreation: true } : {}),
  };
}
