/**
 * `pipes-conformance run [options] -- <argv...>`: one run of a program as Dagster would see it,
 * shown live.
 */
import type { Channel, ContextForm, Transport } from "../../../harness/bootstrap/bootstrap-params.js";
import type { JsonObject } from "../../../harness/json/number-lexemes.js";
import { runSession, SESSION_DEFAULTS } from "../../../harness/session.js";
import { sessionRecordToJson } from "../../session-record-json.js";
import { printSessionEvent, printSessionVerdict } from "../../session-printer.js";
import { EXIT, UsageError, type ExitCode } from "../../exit-codes.js";
import { stdoutStyle, type CliIo } from "../io.js";
import { declaredContext } from "../context-options.js";
import { directoryOption, listOption, numberOption, stringOption, type ParsedCommandLine } from "../options.js";

/** The command's declaration (in run-spec.ts, loaded without this module). */
export { RUN_COMMAND } from "./run-spec.js";

function parseEnvOptions(values: ParsedCommandLine["values"]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const item of listOption(values, "env")) {
    const at = item.indexOf("=");
    if (at <= 0) throw new UsageError(`--env: "${item}" is not NAME=VALUE`);
    env[item.slice(0, at)] = item.slice(at + 1);
  }
  return env;
}

/** Runs the `run` command. */
export async function runCommand(parsed: ParsedCommandLine, io: CliIo): Promise<ExitCode> {
  const { values } = parsed;
  const { context, checkSpecs } = declaredContext(values, io.cwd);
  const channel = (stringOption(values, "channel") ?? "file") as Channel;
  if (values["include-stdio"] === true && channel !== "file") throw new UsageError("--include-stdio works with the file channel only");
  const timeoutSeconds = numberOption(values, "timeout", { min: 0.001 }) ?? SESSION_DEFAULTS.timeoutMs / 1000;
  const graceSeconds = numberOption(values, "kill-grace", { min: 0 }) ?? SESSION_DEFAULTS.killGraceMs / 1000;
  const cwd = directoryOption(values, "cwd", io.cwd) ?? io.cwd;
  const json = values.json === true;
  const style = stdoutStyle(io, values["no-color"] === true);
  const write = io.stdout;
  if (!json) {
    write(style.dim(`▶ ${parsed.argv.join(" ")}  (${stringOption(values, "transport") ?? "env"} transport, ${stringOption(values, "context-form") ?? "path"} context, ${channel} channel)\n`));
  }
  const record = await runSession({
    argv: parsed.argv,
    context: context as unknown as JsonObject,
    transport: (stringOption(values, "transport") ?? "env") as Transport,
    contextForm: (stringOption(values, "context-form") ?? "path") as ContextForm,
    channel,
    includeStdio: values["include-stdio"] === true,
    checkSpecs,
    cwd,
    env: parseEnvOptions(values),
    timeoutMs: timeoutSeconds * 1000,
    killGraceMs: graceSeconds * 1000,
    maxLineBytes: numberOption(values, "max-line-bytes", { min: 1024, integer: true }),
    onEvent: json ? undefined : (event) => printSessionEvent(event, { write, style, checkSpecs }),
    signal: io.signal,
  });
  if (record.process.spawnError?.code === "ENOENT" || record.process.spawnError?.code === "EACCES") {
    throw new UsageError(record.process.spawnError.message);
  }
  if (json) {
    write(`${JSON.stringify(sessionRecordToJson(record), null, 2)}\n`);
    return record.dagster.ok ? EXIT.OK : EXIT.FAILURES;
  }
  return printSessionVerdict(record, { write, style }) ? EXIT.OK : EXIT.FAILURES;
}
