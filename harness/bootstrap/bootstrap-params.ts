/**
 * The three independent axes of a launch (docs/DRIVERS.md#driver-capabilities): bootstrap transport
 * (env variables or CLI arguments), context form (a file `{"path"}` or inline `{"data"}`) and
 * message channel (a file, or a standard stream, live or buffered). This module turns a choice on
 * each axis into the params Dagster would pass and into the variables or arguments that carry them.
 */
import { encodeBootstrapValue } from "./bootstrap-codec.js";
import type { JsonValue } from "../json/number-lexemes.js";

import type { Channel, ContextForm, Transport } from "./launch-axes.js";

/** The axes' names and values (declared in launch-axes.ts, light to load). */
export { CHANNELS, CONTEXT_FORMS, TRANSPORTS, type Channel, type ContextForm, type Transport } from "./launch-axes.js";

/** The names of the two bootstrap variables. */
export const CONTEXT_ENV_VAR = "DAGSTER_PIPES_CONTEXT";
export const MESSAGES_ENV_VAR = "DAGSTER_PIPES_MESSAGES";
/** Their CLI forms (`--dagster-pipes-context V`). */
export const CONTEXT_CLI_FLAG = "--dagster-pipes-context";
export const MESSAGES_CLI_FLAG = "--dagster-pipes-messages";

/** The stream a stdio channel uses, or null for the file channel. */
export function channelStream(channel: Channel): "stdout" | "stderr" | null {
  if (channel === "file") return null;
  return channel.endsWith("stdout") ? "stdout" : "stderr";
}

/** The context params Dagster passes for a form. */
export function contextParamsFor(form: ContextForm, contextFile: string, context: JsonValue): JsonValue {
  return form === "path" ? { path: contextFile } : { data: context };
}

/** The messages params Dagster passes for a channel. */
export function messagesParamsFor(channel: Channel, messagesFile: string, includeStdio: boolean): JsonValue {
  if (channel === "file") return { path: messagesFile, include_stdio_in_messages: includeStdio };
  const stream = channelStream(channel)!;
  return channel.startsWith("buffered") ? { buffered_stdio: stream } : { stdio: stream };
}

/** The two encoded values; `null` means "do not pass this one at all". */
export interface BootstrapValues {
  context: string | null;
  messages: string | null;
}

/** Encodes both params (Dagster's `encode_param`). */
export function encodeParams(contextParams: JsonValue, messagesParams: JsonValue): BootstrapValues {
  return { context: encodeBootstrapValue(contextParams), messages: encodeBootstrapValue(messagesParams) };
}

/** The variables (env transport) or arguments (cli transport) that carry the values. */
export function bootstrapCarriers(transport: Transport, values: BootstrapValues): { env: Record<string, string>; args: string[] } {
  const env: Record<string, string> = {};
  const args: string[] = [];
  const pairs: [string, string, string | null][] = [
    [CONTEXT_ENV_VAR, CONTEXT_CLI_FLAG, values.context],
    [MESSAGES_ENV_VAR, MESSAGES_CLI_FLAG, values.messages],
  ];
  for (const [variable, flag, value] of pairs) {
    if (value === null) continue;
    if (transport === "env") env[variable] = value;
    else args.push(flag, value);
  }
  return { env, args };
}

/**
 * The environment of the process: the harness's own (without any inherited `DAGSTER_PIPES_*`
 * variable) < what the user gives < the bootstrap variables.
 */
export function composeEnvironment(
  inherited: NodeJS.ProcessEnv,
  userGiven: Record<string, string>,
  bootstrap: Record<string, string>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(inherited)) {
    if (value !== undefined && !name.startsWith("DAGSTER_PIPES_")) env[name] = value;
  }
  return Object.assign(env, userGiven, bootstrap);
}
