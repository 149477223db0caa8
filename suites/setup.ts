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
import type { BootstrapOverrides, SessionOptions } from "../harness/session.js";
import { contextVariation, defaultContext } from "./context-variations.js";
import { DRIVER_EXTRAS_KEY, driverScript, type DriverAction } from "./driven/actions.js";
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

/** The context a case runs under, before driver actions are added. */
export function baseContext(definition: CaseDefinition, generated: JsonObject | undefined): JsonObject {
  const setup = definition.setup.context ?? { kind: "default" };
  switch (setup.kind) {
    case "default":
      return defaultContext();
    case "variation":
      return contextVariation(setup.name);
    case "generated":
      if (generated === undefined) throw new Error(`case ${definition.id} needs a generated context`);
      return generated;
    case "literal":
      return setup.context;
  }
}

/**
 * Objects merged key by key, later ones winning, with the number lexemes of their values: a
 * spread would drop them, and a whole float (`7.0`) or a big integer given as an extra would then
 * be sent as `7` or rounded.
 */
function mergeWithLexemes(...sources: JsonObject[]): JsonObject {
  const merged: JsonObject = {};
  for (const source of sources) {
    for (const key of Object.keys(source)) {
      merged[key] = source[key] as JsonValue;
      const lexeme = getNumberLexeme(source, key);
      if (lexeme === undefined) clearNumberLexeme(merged, key);
      else setNumberLexeme(merged, key, lexeme);
    }
  }
  return merged;
}

/** The context with the case's extras and, in driven mode, the driver script. */
export function caseContext(definition: CaseDefinition, base: JsonObject, actions: readonly DriverAction[], caseId: string): JsonObject {
  const extras = mergeWithLexemes((base.extras as JsonObject | undefined) ?? {}, definition.setup.extras ?? {});
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
  launch: Pick<SessionOptions, "timeoutMs" | "killGraceMs" | "cwd" | "env" | "signal">,
): SessionOptions {
  const setup = definition.setup;
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
    ...launch,
  };
}
