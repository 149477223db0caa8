/**
 * Capabilities the target declares (docs/DRIVERS.md#driver-capabilities): by default what Dagster's
 * `PipesSubprocessClient` uses (env transport, path context, file channel, observed mode); more with
 * flags or a config file. An undeclared capability skips its cases with the reason.
 */
import { CHANNELS, CONTEXT_FORMS, TRANSPORTS, type Channel, type ContextForm, type Transport } from "../harness/bootstrap/bootstrap-params.js";
import { FEATURES, type Capability, type Feature } from "./model/case.js";

/** What the target supports. */
export interface Capabilities {
  driven: boolean;
  transports: Transport[];
  contextForms: ContextForm[];
  channels: Channel[];
  /** Features the library lacks. */
  without: Feature[];
}

/** Dagster's default launch, observed mode. */
export const DEFAULT_CAPABILITIES: Capabilities = { driven: false, transports: ["env"], contextForms: ["path"], channels: ["file"], without: [] };

/** Every transport, form and channel (`--all`), keeping `driven` and `without`. */
export function withAllAxes(capabilities: Capabilities): Capabilities {
  return { ...capabilities, transports: [...TRANSPORTS], contextForms: [...CONTEXT_FORMS], channels: [...CHANNELS] };
}

/** A configuration value that is not what it should be. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

function checkList<T extends string>(what: string, values: readonly string[], allowed: readonly T[]): T[] {
  for (const value of values) {
    if (!(allowed as readonly string[]).includes(value)) throw new ConfigError(`${what}: "${value}" is not one of ${allowed.join(", ")}`);
  }
  return [...new Set(values)] as T[];
}

/** Validates a partial declaration (from flags or a config file) over the defaults. */
export function resolveCapabilities(partial: {
  driven?: boolean;
  all?: boolean;
  transports?: readonly string[];
  contextForms?: readonly string[];
  channels?: readonly string[];
  without?: readonly string[];
}): Capabilities {
  let capabilities: Capabilities = {
    driven: partial.driven ?? false,
    transports: partial.transports ? checkList("transports", partial.transports, TRANSPORTS) : [...DEFAULT_CAPABILITIES.transports],
    contextForms: partial.contextForms ? checkList("context forms", partial.contextForms, CONTEXT_FORMS) : [...DEFAULT_CAPABILITIES.contextForms],
    channels: partial.channels ? checkList("channels", partial.channels, CHANNELS) : [...DEFAULT_CAPABILITIES.channels],
    without: partial.without ? checkList("without", partial.without, FEATURES) : [],
  };
  if (partial.all) capabilities = withAllAxes(capabilities);
  return capabilities;
}

/** The first capability of `needs` the target does not declare, if any. */
export function missingCapability(capabilities: Capabilities, needs: readonly Capability[]): Capability | undefined {
  return needs.find((need) => !hasCapability(capabilities, need));
}

/** Whether one capability is declared. */
export function hasCapability(capabilities: Capabilities, need: Capability): boolean {
  if (need === "driven") return capabilities.driven;
  const [kind, value] = need.split(":") as [string, string];
  switch (kind) {
    case "transport":
      return capabilities.transports.includes(value as Transport);
    case "context-form":
      return capabilities.contextForms.includes(value as ContextForm);
    case "channel":
      return capabilities.channels.includes(value as Channel);
    default:
      return !capabilities.without.includes(value as Feature);
  }
}

/** Why a case is skipped for a missing capability (the reason shown in reports). */
export function skipReason(missing: Capability): string {
  if (missing === "driven") return "driven mode not declared (--driven)";
  const [kind, value] = missing.split(":") as [string, string];
  switch (kind) {
    case "transport":
      return `transport ${value} not declared (--transports)`;
    case "context-form":
      return `context form ${value} not declared (--context-forms)`;
    case "channel":
      return `channel ${value} not declared (--channels)`;
    default:
      return `feature ${value} declared missing (--without ${value})`;
  }
}
