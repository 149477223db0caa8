/**
 * The pipes-conformance driver for the community TypeScript library `@dagster-io/dagster-pipes`
 * (dagster-io/community-integrations, libraries/pipes/implementations/typescript).
 *
 *   node drivers/typescript/dagster-pipes-driver.mjs <library dir>
 *
 * The first argument names the built library: its package directory (the one holding
 * package.json and dist/index.js after `npm ci && npx tsc`) or the built entry file itself. The
 * package is not on the npm registry, so it is loaded by path (it is CommonJS; `createRequire`
 * loads it from this ES module). It is an argument, not an environment variable, because the
 * harness removes every inherited DAGSTER_PIPES_* variable and a launcher may clear others; any
 * later arguments (e.g. `--dagster-pipes-context ...`) are left alone. See
 * drivers/typescript/README.md for the build and the exact suite command.
 *
 * Driven mode (docs/DRIVERS.md): the actions in `extras.pipes_conformance` run in order
 * through the library's exported API inside one session, opened and ended the way the library's
 * README does it (`using context = openDagsterPipes()`: dispose, i.e. `close()`, when the block
 * ends, however it ends; written out as try/finally because Node 20 has no `using` syntax):
 *   log                           context.logger.debug|info|warning|error|critical(message)
 *   report_asset_materialization  context.reportAssetMaterialization(metadata, dataVersion, assetKey)
 *   report_asset_check            context.reportAssetCheck(checkName, passed, severity, metadata, assetKey)
 *                                 (severity `undefined` when the action has none: the library default)
 *   report_custom_message         context.reportCustomMessage(payload)
 *   get_extra                     a custom message {pipes_conformance_extra: context.getExtra(key)}
 *   report_context                a custom message {pipes_conformance_context: {...ten getters...}}
 *                                 (null where a getter throws)
 *   raise                         throw new Error(message)
 * Typed metadata is passed as `{raw_value, type}` objects; an `__infer__` entry as the bare raw
 * value (the library wraps it as `__infer__` itself).
 *
 * The driver does not catch errors to hand them to `close(exception)`: the library does not do
 * that on dispose, and a driver that did would be testing its own code. Set
 * PIPES_DRIVER_FORWARD_ERRORS=1 to do it anyway (catch, `close({name, message, stack, cause:
 * null, context: null})`, rethrow), which shows what the library writes when a user forwards by
 * hand, as the library's own golden test does.
 *
 * Observed mode (no `pipes_conformance` in the extras; also the library's no-op context when not
 * launched by Pipes): log one line, materialize every asset of the context once, send one custom
 * message.
 *
 * Exit status: 0 after the last action; 1 when an action threw (Node's uncaught-error exit); 3 for
 * an unsupported op or version (`pipes_conformance: unsupported ...` on stderr).
 */
import { createRequire } from "node:module";
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const DRIVER_PROTOCOL_VERSION = 1;
const SUPPORTED_OPS = new Set([
  "log", "report_asset_materialization", "report_asset_check", "report_custom_message",
  "get_extra", "report_context", "raise",
]);
const LOG_METHODS = { DEBUG: "debug", INFO: "info", WARNING: "warning", ERROR: "error", CRITICAL: "critical" };

class Unsupported extends Error {}

function loadLibrary() {
  const where = process.argv[2];
  if (!where || where.startsWith("--")) {
    process.stderr.write("usage: node dagster-pipes-driver.mjs <built @dagster-io/dagster-pipes directory> [args...]\n");
    process.exit(2);
  }
  const path = resolve(where);
  const entry = statSync(path).isDirectory() ? (existsSync(join(path, "package.json")) ? path : join(path, "index.js")) : path;
  return createRequire(import.meta.url)(entry);
}

const { openDagsterPipes } = loadLibrary();

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
const describe = (value) => (typeof value === "string" ? value : JSON.stringify(value ?? null));

/** Wire-form metadata to library arguments: `__infer__` entries become the bare raw value. */
function metadataFromWire(wire) {
  if (!isObject(wire)) return wire ?? null;
  const result = {};
  for (const [label, entry] of Object.entries(wire)) {
    result[label] = isObject(entry) && entry.type === "__infer__" && "raw_value" in entry ? entry.raw_value : entry;
  }
  return result;
}

function drivenActions(script) {
  const version = isObject(script) ? script.version : script;
  if (typeof version !== "number" || version !== DRIVER_PROTOCOL_VERSION) throw new Unsupported(`unsupported version ${describe(version)}`);
  const actions = script.actions;
  if (!Array.isArray(actions)) throw new Unsupported("unsupported actions (not a list)");
  for (const action of actions) {
    const op = isObject(action) ? action.op : action;
    if (typeof op !== "string" || !SUPPORTED_OPS.has(op)) throw new Unsupported(`unsupported op ${describe(op)}`);
  }
  return actions;
}

function observedActions(context) {
  const actions = [{ op: "log", message: "dagster-pipes (typescript) driver: observed mode", level: "INFO" }];
  let keys = [];
  try {
    keys = context.assetKeys;
  } catch {
    keys = [];
  }
  for (const key of keys) {
    actions.push({ op: "report_asset_materialization", asset_key: key, data_version: null, metadata: { driver: { raw_value: "dagster-pipes-ts", type: "text" } } });
  }
  actions.push({ op: "report_custom_message", payload: { observed: true } });
  return actions;
}

/** The ten context fields as the library's getters return them; null where a getter throws. */
function contextSnapshot(context) {
  const readers = [
    ["asset_keys", () => context.assetKeys],
    ["code_version_by_asset_key", () => context.codeVersionByAssetKey],
    ["provenance_by_asset_key", () => context.provenanceByAssetKey],
    ["partition_key", () => context.partitionKey],
    ["partition_key_range", () => context.partitionKeyRange],
    ["partition_time_window", () => context.partitionTimeWindow],
    ["run_id", () => context.runID],
    ["job_name", () => context.jobName],
    ["retry_number", () => context.retryNumber],
    ["extras", () => context.extras],
  ];
  const snapshot = {};
  for (const [field, read] of readers) {
    try {
      const value = read();
      snapshot[field] = value === undefined ? null : value;
    } catch {
      snapshot[field] = null;
    }
  }
  return snapshot;
}

function runAction(context, action) {
  switch (action.op) {
    case "log": {
      const level = action.level ?? "INFO";
      const method = LOG_METHODS[String(level).toUpperCase()];
      if (method === undefined) throw new Unsupported(`unsupported level ${describe(level)}`);
      context.logger[method](action.message);
      return;
    }
    case "report_asset_materialization":
      context.reportAssetMaterialization(metadataFromWire(action.metadata), action.data_version ?? null, action.asset_key ?? null);
      return;
    case "report_asset_check":
      context.reportAssetCheck(
        action.check_name,
        action.passed,
        "severity" in action ? action.severity : undefined,
        metadataFromWire(action.metadata),
        action.asset_key ?? null,
      );
      return;
    case "report_custom_message":
      context.reportCustomMessage("payload" in action ? action.payload : null);
      return;
    case "get_extra":
      context.reportCustomMessage({ pipes_conformance_extra: context.getExtra(action.key) });
      return;
    case "report_context":
      context.reportCustomMessage({ pipes_conformance_context: contextSnapshot(context) });
      return;
    case "raise":
      throw new Error(String(action.message));
    default:
      throw new Unsupported(`unsupported op ${describe(action.op)}`);
  }
}

function session(context) {
  const extras = context.extras;
  const actions = isObject(extras) && "pipes_conformance" in extras ? drivenActions(extras.pipes_conformance) : observedActions(context);
  for (const action of actions) runAction(context, action);
}

function main() {
  // `using context = openDagsterPipes()`, spelled out.
  const context = openDagsterPipes();
  try {
    if (process.env.PIPES_DRIVER_FORWARD_ERRORS === "1") {
      try {
        session(context);
      } catch (error) {
        const stack = error instanceof Error && typeof error.stack === "string" ? error.stack.split("\n") : [];
        context.close({ name: error?.name ?? null, message: String(error?.message ?? error), stack, cause: null, context: null });
        throw error;
      }
    } else {
      session(context);
    }
  } finally {
    context[Symbol.dispose]();
  }
}

try {
  main();
} catch (error) {
  if (!(error instanceof Unsupported)) throw error;
  process.stderr.write(`pipes_conformance: ${error.message}\n`);
  process.exitCode = 3;
}
