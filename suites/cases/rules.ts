/**
 * The rules the cases stand for, kept in one place so that the same rule reads the same in every
 * case, report and doc. Each rule lives in the project's own spec, `docs/PROTOCOL.md` (the wire
 * protocol) or `docs/DRIVERS.md` (the driver protocol of driven mode).
 *
 * Convention for every entry (checked by test/docs/rule-anchors.test.ts):
 * - `anchor`: an explicit `<a id="..."></a>` placed just before the rule's text in the doc. Ids are
 *   kebab-case, `<topic>-<rule>` (`framing-one-line-per-message`, `lifecycle-opened-first`,
 *   `driver-expected-image`), unique across every file of `docs/`, and never renamed or reused:
 *   headings may be reworded, anchors stay. A new rule gets a new anchor in the doc first; several
 *   entries may share a section, each with its own anchor. The ref stores it as
 *   `docs/<FILE>.md#<id>`.
 * - `section`: `<FILE>.md › <heading>`, the nearest heading above the anchor, for people.
 * - `quote`: one sentence of the doc's text after the anchor, as written there (Markdown
 *   emphasis, code spans and link targets dropped), so a report quotes the spec it links to.
 */
import type { RuleRef } from "../model/case.js";

/** The project's spec files a rule can live in. */
type SpecFile = "PROTOCOL.md" | "DRIVERS.md";

function rule(file: SpecFile, heading: string, anchor: string, quote: string): RuleRef {
  return { section: `${file} › ${heading}`, anchor: `docs/${file}#${anchor}`, quote };
}

const P: SpecFile = "PROTOCOL.md";

/** Every rule referenced by a case. */
export const RULES = {
  bootstrapVariables: rule(P, "Variables and arguments", "bootstrap-two-variables", "Dagster hands the process exactly two values, in the environment variables DAGSTER_PIPES_CONTEXT (where to find the context) and DAGSTER_PIPES_MESSAGES (where to write messages)."),
  bootstrapCli: rule(P, "Variables and arguments", "bootstrap-cli-arguments", "The same two values may instead be passed as arguments: --dagster-pipes-context <value> and --dagster-pipes-messages <value>, each flag and its value being separate tokens, encoded exactly like the variables."),
  contextForms: rule(P, "Context params", "bootstrap-context-params", 'The decoded DAGSTER_PIPES_CONTEXT is either {"path": "<file>"}, naming a file that holds the context JSON, or {"data": {...}}, holding the context inline.'),
  encoding: rule(P, "Encoding", "bootstrap-encoding", "Each value is UTF-8 JSON, compressed with zlib (RFC 1950, not gzip or raw deflate), then encoded in standard base64 (alphabet +/, with = padding)."),
  failLoudly: rule(P, "Half-configured launches", "bootstrap-context-without-messages", "A launch that is half configured must fail loudly, not pass for a standalone run."),
  messagesOnly: rule(P, "Half-configured launches", "bootstrap-messages-only", "With only DAGSTER_PIPES_MESSAGES set, the reference behaves as a standalone run (a no-op, with a warning on stderr)."),
  decodeFirst: rule(P, "External-side lifecycle", "lifecycle-decode-first", "Decode both params first: an error while decoding them ends the program before anything is written."),
  contextKeys: rule(P, "The ten keys", "context-ten-keys", "The context Dagster sends always holds all ten keys, several of which may be null."),
  forwardCompatible: rule(P, "Invariants and other shapes", "context-unknown-keys", "A key the library does not know must be ignored, so that a later protocol version can add keys."),
  readsByKey: rule(P, "Invariants and other shapes", "context-missing-key", "The reference reads the ten keys by name, so a context without one of them makes it crash (possibly after opened)."),
  tolerateShapes: rule(P, "Invariants and other shapes", "context-other-shapes", "A library should tolerate contexts outside Dagster's invariants, such as a partition range whose start and end differ, which other orchestrators or later versions may send."),
  channels: rule(P, "Messages params", "bootstrap-messages-params", 'The decoded DAGSTER_PIPES_MESSAGES names a file to append one line per message to ({"path": ...}), a stream to write each message on as a line ({"stdio": ...}), or a stream to write all messages on, in order, at close ({"buffered_stdio": ...}).'),
  includeStdio: rule(P, "Messages params", "bootstrap-include-stdio", "With include_stdio_in_messages true (file channel only), the library also sends what the program prints on stdout and stderr, as log_external_stream messages."),
  openedFirst: rule(P, "External-side lifecycle", "lifecycle-opened-first", "Load the context, open the channel, write opened, all before any user code runs."),
  closedOnce: rule(P, "External-side lifecycle", "lifecycle-closed-once", "A second close does nothing and any write after close is an error: closed is written exactly once, and nothing follows it."),
  noClosedWarning: rule(P, "Step outcome", "step-no-closed-warning", "With opened seen but no closed, Dagster warns that it did not receive the closed message and that buffered messages may have been discarded."),
  afterClosed: rule(P, "Dagster's handler", "handler-message-after-closed", 'A message that arrives after closed is still handled, with a warning ("unexpected message received after closed").'),
  oneLine: rule(P, "Framing", "framing-one-line-per-message", "Every message is one JSON object on one line, ended by \\n."),
  fileReaderDies: rule(P, "Framing", "framing-whole-lines", "Dagster's file reader runs json.loads on each line it reads: a blank or half-written line kills it, so a writer must append each message whole, with one write."),
  utf8: rule(P, "Framing", "framing-utf8", "Dagster reads the messages file as text (UTF-8 in practice): an invalid byte raises in the reader and kills it."),
  version: rule(P, "Envelope", "envelope-version", "The version is \"0.1\" in every release; Dagster never compares it, but its stdio readers use the key's presence to tell a message from ordinary output."),
  handlerStrict: rule(P, "Dagster's handler", "handler-keyword-params", "For every method but opened and closed, a missing required key, an extra key, or params that are not an object (null included) raise."),
  readerDeath: rule(P, "Readers: file versus stdio", "reader-death-file-channel", "On the file channel, one bad line loses everything after it."),
  metadataWrapped: rule(P, "Wire form", "metadata-wire-form", 'Dagster reads raw_value and type from every value, so a bare value ("rows": 3) raises, and on the file channel it kills the reader.'),
  referenceShapes: rule(P, "Methods and params", "method-exact-key-sets", "The reference writes each method's params with an exact set of keys, listed in the table."),
  selectedKeys: rule(P, "Step outcome", "step-selected-keys", "An asset key that the step did not select, or a check name that no check spec declares, is refused later by the framework, when the results are yielded: the step fails."),
  materializeOnce: rule(P, "External-side lifecycle", "lifecycle-materialize-once", "An asset is materialized at most once per session: a second report for the same key raises in the library."),
  exitDecides: rule(P, "Step outcome", "step-exit-code-decides", "A non-zero exit fails the step, and a closed that carries an exception with exit 0 leaves the step successful."),
  exceptionForwarded: rule(P, "Exceptions", "exception-forwarded", "When the session ends by an exception, the library reports it on closed and the process still exits non-zero."),
  standalone: rule(P, "Standalone runs", "standalone-no-op", "Without DAGSTER_PIPES_CONTEXT a library is a no-op: no crash, no protocol output on any stream, no file created."),
  timing: rule(P, "Messages params", "channel-arrival-timing", "A program that lived at least a second after opened and delivered every later message at its exit batches: Dagster gets everything, but its run view shows nothing while the program runs."),
  assetKeyResolution: rule(P, "External-side lifecycle", "lifecycle-asset-key-resolution", "An explicit key must be one of asset_keys when the context has any; an omitted key is allowed only when the context has exactly one asset (and means that asset); with no assets in the context, any explicit key passes."),
  severityDefault: rule(P, "External-side lifecycle", "lifecycle-defaults", "A check's severity defaults to ERROR, and log levels are the five Python names DEBUG, INFO, WARNING, ERROR, CRITICAL."),
  numbers: rule(P, "Numbers and encoding traps", "numbers-python-json", "Python's json.loads keeps 2 (an int) apart from 2.0 (a float), accepts NaN, Infinity and -Infinity, and keeps integers beyond 2^53 exact."),
  accessors: rule(P, "Accessors", "context-accessors", "Accessors raise when their value is null (asset_keys, partition_key, ...); partition_time_window raises only when the range is null; get_extra(key) raises on a missing key."),
  processGroup: rule(P, "External-side lifecycle", "lifecycle-process-group", "Whatever the program starts ends with it: a process that leaves the program's process group outlives the step."),
  // Rules of the schema validator's codes (suites/finding-codes.ts): each code links to the rule
  // that says why Dagster raises or what the reference writes, not to a generic one.
  handlerEnvelope: rule(P, "Dagster's handler", "handler-unknown-method", "Unknown methods raise, and so does a message that is not an object or lacks method or params."),
  handlerTypes: rule(P, "Dagster's handler", "handler-types", "Dagster checks types as Python sees them: asset_key, check_name, message and text must be strings, passed a boolean, data_version a string or null, and metadata an object or null (an empty list raises: empty metadata is null)."),
  handlerLogLevel: rule(P, "Dagster's handler", "handler-log-level", "Dagster accepts a level in any case among debug, info, warning, warn, error, critical and fatal, and any integer (a numeric logging level); any other string, a float or null raises."),
  referenceLogLevel: rule(P, "Dagster's handler", "handler-log-level", "The reference only ever writes the five upper-case names: another accepted spelling (WARN, warning) is a SHOULD deviation."),
  handlerSeverity: rule(P, "Dagster's handler", "handler-severity", 'Check severity must be exactly "WARN" or "ERROR"; anything else, null included, raises.'),
  versionOnStdio: rule(P, "Envelope", "envelope-version-on-stdio", "On a stdio channel a line without __dagster_pipes_version is printed as the program's own output and the message is lost."),
  envelopeKeys: rule(P, "Envelope", "envelope-shape", "Keys other than these three are ignored by Dagster and never written by the reference (a SHOULD deviation)."),
  closedParams: rule(P, "Methods and params", "method-closed-params", "Dagster reads the exception only when the params are truthy and hold an exception key; null and [] pass unnoticed (SHOULD: the reference writes {})."),
  dataVersion: rule(P, "Methods and params", "method-data-version", "data_version is a string or null; the empty string is a SHOULD deviation (the reference never writes it)."),
  exceptionShape: rule(P, "Exceptions", "exception-shape", "Dagster reads all five keys directly, so each must be present (MUST)."),
  metadataDagsterLevel: rule(P, "Types", "metadata-dagster-level", "A raw value outside the right-hand set of its type raises in Dagster's MetadataValue checks and the message is lost."),
  metadataReferenceLevel: rule(P, "Types", "metadata-reference-level", "A raw value that Dagster accepts but that lies outside its type's meaning (null text, a string as json, true as an int) is a SHOULD deviation."),
  floatNeedsFraction: rule(P, "Types", "metadata-float-needs-fraction", 'Dagster\'s float check is an isinstance(float) test on what json.loads returned, so {"raw_value": 3, "type": "float"} raises: write 3.0.'),
  metadataEmptyIsNull: rule(P, "Wire form", "metadata-empty-is-null", "{} is a SHOULD deviation; [] is refused by Dagster (MUST)."),
  metadataEntryKeys: rule(P, "Wire form", "metadata-entry-keys", "The reference writes each entry with exactly raw_value and type."),
  metadataInfer: rule(P, "Wire form", "metadata-infer", "The reference refuses an object under __infer__ (objects go as json); Dagster would accept it."),
  finalNewline: rule(P, "Framing", "framing-final-newline", "The last message, too, ends with \\n."),
  lineCap: rule(P, "Framing", "framing-line-cap", "A longer line is counted but not judged, so what it would do to Dagster is unknown."),
  nonFinite: rule(P, "Numbers and encoding traps", "numbers-non-finite", "Python writes and reads them, but they are not JSON."),
  bigIntegers: rule(P, "Numbers and encoding traps", "numbers-big-integers", "An integer beyond ±2^53 is kept exact by Python and rounded by many other readers and writers (every JavaScript number is a double); in a message it is recorded as information (I_INTEGER_BEYOND_2_53)."),
  contextInvariants: rule(P, "Invariants and other shapes", "context-invariants", "A time window implies a range, and a range implies a key (partition_time_window set ⇒ partition_key_range set ⇒ partition_key set)."),
  timeWindowFormat: rule(P, "The ten keys", "context-time-window-format", "Time-window bounds are what Python's datetime.isoformat() writes for an aware datetime: seconds always, microseconds only when not zero, and an offset such as +00:00."),
  stdioOutput: rule(P, "Readers: file versus stdio", "reader-stdio-skips", "They handle a line only when it parses as a JSON object with __dagster_pipes_version; every other line is the program's own output."),
  driverProtocol: rule("DRIVERS.md", "The expected image", "driver-expected-image", "A conforming library writes exactly opened first, then one message per action in the order of the actions (every op writes one message, raise none), then closed with params {} last."),
} as const;
