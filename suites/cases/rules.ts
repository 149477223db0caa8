/**
 * The rules of PROTOCOL.md the cases stand for: section and a one-sentence quote, kept in one
 * place so that the same rule reads the same in every case, report and doc.
 */
import type { RuleRef } from "../model/case.js";

function rule(section: string, quote: string): RuleRef {
  return { section: section.startsWith("§") ? `PROTOCOL.md ${section}` : section, quote };
}

/** Every rule referenced by a case. */
export const RULES = {
  bootstrapVariables: rule("§1", "O passes two environment variables: DAGSTER_PIPES_CONTEXT and DAGSTER_PIPES_MESSAGES."),
  bootstrapCli: rule("§1", "Alternative params loader: CLI arguments --dagster-pipes-context <value> and --dagster-pipes-messages <value>."),
  contextForms: rule("§1", 'Context params: {"path": "<file>"} (the context JSON is in that file) or {"data": {...context...}} (the context inline).'),
  encoding: rule("§1", "Each value = standard base64 (alphabet +/, WITH = padding) of zlib-compressed (RFC 1950) UTF-8 JSON."),
  failLoudly: rule("§1", "If DAGSTER_PIPES_CONTEXT is present and DAGSTER_PIPES_MESSAGES is not, the reference crashes rather than going no-op: a half-configured launch must fail loudly."),
  messagesOnly: rule("§1", "With only DAGSTER_PIPES_MESSAGES set, the reference behaves as standalone (no-op with a warning), which is acceptable."),
  decodeFirst: rule("§6", "Decode both params (errors here: crash before anything is written)."),
  contextKeys: rule("§2", "All ten keys are always present in what Dagster sends; several may be null."),
  forwardCompatible: rule("§2", "Unknown extra keys must be ignored (forward compatibility)."),
  readsByKey: rule("§2", "The reference reads them by key, so a missing key crashes it."),
  tolerateShapes: rule("§2", "Other orchestrators or later versions may send other shapes (a range with start != end): tolerate them."),
  channels: rule("§1", 'Message params: {"path": ...} appends one JSON line per message to the file; {"stdio": "stderr" | "stdout"} writes each message as a line on that stream; {"buffered_stdio": ...} writes them all in order when it closes.'),
  includeStdio: rule("§1", "With include_stdio_in_messages true, P also forwards its own stdout/stderr text as log_external_stream messages."),
  openedFirst: rule("§6", "Load the context, open the channel, write opened before any user code runs."),
  closedOnce: rule("§6", "close() writes closed (with the exception if the session ended by one); a second close does nothing; any write after close is an error."),
  noClosedWarning: rule("§3", "opened but no closed: warning \"did not receive closed message ... buffered messages may have been discarded\"."),
  afterClosed: rule("§3", 'A message after closed is logged as a warning ("unexpected message received after closed") and still processed.'),
  oneLine: rule("§3", "Every message is one line of JSON, terminated by \\n, never split, never blank."),
  fileReaderDies: rule("§3", "The file reader calls json.loads on each line: a blank line or a half-written line kills it the same way. Writers must append whole lines."),
  utf8: rule("§8", "Dagster reads a messages file in text mode: an invalid byte kills Dagster's reader."),
  version: rule("§3", 'The version string has been "0.1" in every release. O never compares it, but O\'s stdio and blob readers use the presence of the key to tell protocol lines from ordinary output.'),
  handlerStrict: rule("§3", "Each handler is called with the params as Python keyword arguments. A missing required key, an extra key, or params: null (except for opened/closed) raises."),
  readerDeath: rule("§3", "When any handler raises under the FILE channel, the reader thread records a framework error and DIES: every later message is lost."),
  metadataWrapped: rule("§4", 'Wire form: {"raw_value": <json>, "type": "<type>"}. O indexes raw_value and type on every value, so a bare value raises and kills the reader.'),
  referenceShapes: rule("§3", "The params P sends have exact key sets: closed {} or {\"exception\": Exception}; opened {\"extras\": {}}; log levels DEBUG/INFO/WARNING/ERROR/CRITICAL."),
  selectedKeys: rule("§3", "A key the step did not select, or a check name no spec declares, is rejected later by the framework (the step fails)."),
  materializeOnce: rule("§6", "An asset may be materialized once per session; a second report for the same key raises."),
  exitDecides: rule("§3", "Step outcome: exit code != 0 fails the step. closed with an exception but exit 0: the step SUCCEEDS (only an engine event)."),
  exceptionForwarded: rule("§5", "P reports the exception on closed and then still exits non-zero."),
  standalone: rule("§6", "No env vars: the expected behaviour is no-op, no crash, no output on the channels, no files created."),
  timing: rule("§1", "Timing of arrival is therefore never a MUST."),
  assetKeyResolution: rule("§6", "Explicit key must be in asset_keys (when the context has any); omitted key allowed only with exactly one asset; with no assets in context any explicit key passes."),
  severityDefault: rule("§6", "Check severity defaults to ERROR. Log levels are the five Python names."),
  numbers: rule("§8", "Python's json.loads keeps 2 (int) apart from 2.0 (float), accepts NaN, Infinity and -Infinity, and keeps integers beyond 2^53 exact."),
  accessors: rule("§2", "External-side accessors raise when the value is null (asset_keys, partition_key, ...); partition_time_window raises only when the range is null; get_extra(k) raises on a missing key."),
  processGroup: rule("§6", "A program ends with its session: whatever it started must not outlive it outside its process group."),
  driverProtocol: rule("DESIGN.md Driven mode", "The messages written must be exactly the image of the actions: opened first, one message per reporting action in order, then closed {}."),
} as const;
