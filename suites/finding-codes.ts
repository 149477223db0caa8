/**
 * The level table: every finding code the suite can report, its level and the rule it stands for,
 * with the reasoning beside each entry. It alone decides the level of a finding, in every mode: a
 * case's verdict is the level of its worst finding, so an observed and a driven case that see the
 * same deviation report the same code at the same level.
 *
 * The rule that settles a level: MUST when Dagster loses, drops or misreads something, or misjudges
 * the step; SHOULD when Dagster copes and only the reference's exact behaviour is missed; INFO for
 * what is recorded and never judged. The prefix says the level (`E_` MUST, `W_` SHOULD, `I_` INFO),
 * and a test walks every case and code to prove that prefix, table and verdict agree.
 *
 * The schema validator's codes (`schemas/problem-codes.ts`) join the table with their own levels:
 * dagster-level codes are MUST (Dagster's handler raises), reference-level codes SHOULD.
 */
import { PROBLEM_CODES, type ProblemLevel } from "../schemas/problem-codes.js";
import { RULES } from "./cases/rules.js";
import type { Level, RuleRef } from "./model/case.js";

/** One entry of the level table. */
export interface FindingCodeInfo {
  level: Level;
  rule: RuleRef;
  /** Why this level, in terms of what Dagster does. */
  why: string;
}

function must(rule: RuleRef, why: string): FindingCodeInfo {
  return { level: "MUST", rule, why };
}
function should(rule: RuleRef, why: string): FindingCodeInfo {
  return { level: "SHOULD", rule, why };
}
function info(rule: RuleRef, why: string): FindingCodeInfo {
  return { level: "INFO", rule, why };
}

/** The codes the suite's checks report (the schema validator's codes are added below). */
export const CHECK_CODES = {
  // --- The session reaches Dagster ---------------------------------------------------------------
  E_CHANNEL_UNUSED: must(RULES.channels, "Dagster reads only the channel it set up: a program that writes nothing there (or writes elsewhere) delivers nothing."),
  E_CLI_ARGUMENTS_IGNORED: must(RULES.bootstrapCli, "A launcher that passes the bootstrap as CLI arguments receives nothing: the program ran as if Dagster had not launched it."),
  E_SESSION_NOT_OPENED: must(RULES.openedFirst, "The program ends before writing opened under a launch Dagster uses (a channel, a context form, a transport, a context shape): Dagster receives nothing, and the step fails before any of its results."),
  E_NO_OPENED: must(RULES.openedFirst, "Dagster warns that it received no messages, and the readers that take their parameters from opened (blob stores, log readers) cannot read what follows."),
  E_OPENED_NOT_FIRST: must(RULES.openedFirst, "Readers that take their parameters from opened cannot read what comes before it."),
  E_NO_CLOSED: must(RULES.noClosedWarning, "With exit 0 and no closed, Dagster judges the step a success while warning that buffered messages may have been discarded: what the program had not flushed is lost."),
  E_MESSAGE_AFTER_CLOSED: must(RULES.afterClosed, "Dagster's blob-store and log readers stop reading once closed has arrived: a message after it can be lost."),
  E_MESSAGE_LOST: must(RULES.readerDeath, "A message Dagster's reader never reads (the file was truncated or replaced under it)."),
  E_STDIO_NOT_FORWARDED: must(RULES.includeStdio, "With include_stdio_in_messages Dagster shows the program's output only through log_external_stream: it is lost."),
  E_PROGRAM_ERROR: must(RULES.exitDecides, "The program fails, after opening the session, under a context that keeps its own contract (its assets, extras and checks): Dagster fails the step, and nothing else the session should show can be judged."),
  // --- What Dagster makes of the results ---------------------------------------------------------
  E_ASSET_KEY_NOT_IN_CONTEXT: must(RULES.selectedKeys, "The framework rejects a result for an asset the step did not select: the step fails."),
  E_DUPLICATE_MATERIALIZATION: must(RULES.materializeOnce, "Dagster's handler raises on a second materialization of one key (its file reader dies) and the step fails."),
  E_UNDECLARED_CHECK: must(RULES.selectedKeys, "A check result that no check spec of the step declares fails the step."),
  E_EXIT_ZERO_AFTER_EXCEPTION: must(RULES.exitDecides, "The exit code decides the step: a session that ended with an error but exits 0 is judged a success."),
  E_EXIT_NONZERO_AFTER_SUCCESS: must(RULES.exitDecides, "A session whose every action succeeded exits non-zero: Dagster fails a good step."),
  // --- Driven images -----------------------------------------------------------------------------
  E_IMAGE_MISSING_MESSAGE: must(RULES.driverProtocol, "A message the action reported never reaches Dagster."),
  E_IMAGE_WRONG_METHOD: must(RULES.driverProtocol, "Dagster receives another kind of message than the action reported."),
  E_IMAGE_WRONG_PARAMS: must(RULES.driverProtocol, "Dagster reads other values than the action reported (its handler's effects differ)."),
  E_IMAGE_EXTRA_MESSAGE: must(RULES.driverProtocol, "Dagster receives a message no action reported (e.g. a refused action written anyway)."),
  E_UNEXPECTED_EXCEPTION: must(RULES.driverProtocol, "Dagster shows an error (closed with exception) for a session that succeeded."),
  // --- Deviations Dagster copes with -------------------------------------------------------------
  W_NO_CLOSED_AFTER_CRASH: should(RULES.noClosedWarning, "The process failed, so the exit code already fails the step; Dagster only warns that closed is missing and cannot show the error as an event."),
  W_EXCEPTION_NOT_FORWARDED: should(RULES.exceptionForwarded, "The exit code already fails the step; Dagster only cannot show the error as its 'closed with exception' event (the text stays in the captured stderr)."),
  W_EXCEPTION_MESSAGE: should(RULES.exceptionForwarded, "The forwarded exception does not carry the error's text: Dagster shows another message for a step it judges right."),
  W_CLOSED_TWICE: should(RULES.closedOnce, "Dagster handles a second closed again, after a warning: nothing is lost or misjudged."),
  W_STANDALONE_EXIT_NONZERO: should(RULES.standalone, "Outside Dagster nothing can be lost: the program fails where it should run as a no-op."),
  W_PROTOCOL_OUTPUT_WITHOUT_BOOTSTRAP: should(RULES.standalone, "Outside Dagster nothing can be lost: the program writes protocol messages where it should be a no-op."),
  W_FILES_CREATED_WITHOUT_BOOTSTRAP: should(RULES.standalone, "Outside Dagster nothing can be lost: the program creates files where it should be a no-op."),
  W_BAD_BOOTSTRAP_ACCEPTED: should(RULES.decodeFirst, "Dagster never sends a malformed bootstrap, so accepting one loses nothing; a broken launch should still fail loudly, before anything is written."),
  W_SILENT_FAILURE: should(RULES.decodeFirst, "The program refuses the broken bootstrap but says nothing on stderr: the user cannot tell why."),
  W_ACCEPTS_GZIP: should(RULES.encoding, "Lenient decoding loses nothing with Dagster, which always writes zlib; the reference refuses gzip."),
  W_ACCEPTS_URLSAFE_BASE64: should(RULES.encoding, "Lenient decoding loses nothing with Dagster, which always writes standard base64; the reference refuses URL-safe text."),
  W_ACCEPTS_UNPADDED_BASE64: should(RULES.encoding, "Lenient decoding loses nothing with Dagster, which always pads; the reference refuses unpadded text."),
  W_SILENT_NOOP_WITHOUT_MESSAGES: should(RULES.failLoudly, "Dagster never sets the context variable alone; a half-configured launch should fail loudly rather than run as a silent no-op."),
  W_SHAPE_NOT_TOLERATED: should(RULES.tolerateShapes, "Dagster itself never sends this context shape, so nothing is lost today; other orchestrators and later versions may."),
  W_IMAGE_REPRESENTATION: should(RULES.driverProtocol, "Written otherwise than the reference, but Dagster's handler makes the same of it."),
  W_NUMBER_REPRESENTATION: should(RULES.numbers, "A number written with another precision or form than the action gave, where Dagster keeps it as a value."),
  W_TORN_WRITE: should(RULES.fileReaderDies, "Dagster's file reader can read the first piece of a message written in several calls, fail to parse it and stop reading; whether it does depends on timing."),
  W_BATCHED_AT_EXIT: should(RULES.timing, "Dagster gets everything, but only at exit: its run view shows nothing while the program runs."),
  W_PROCESS_ESCAPED_GROUP: should(RULES.processGroup, "Processes the program started outside its process group outlive the step: Dagster loses nothing, but they keep running after it."),
  W_CONTEXT_UNREADABLE_NON_FINITE: should(
    RULES.nonFinite,
    "The program could not read a context holding NaN/Infinity, which Dagster writes as Python's json does when the extras hold them: the step fails with the program's error and nothing is reported, but only for such contexts, which plain JSON cannot carry (so SHOULD, as for a non-finite number in a message).",
  ),
  // --- Recorded only -----------------------------------------------------------------------------
  I_SPLIT_WRITE_GUESSED: info(RULES.fileReaderDies, "A line seen arriving in pieces: whether a reader catches half a line depends on timing, so a guess from arrival never judges."),
  I_MISSING_KEY_CRASH: info(RULES.readsByKey, "Dagster always sends the ten keys: how a library handles a missing one is recorded only."),
} as const satisfies Record<string, FindingCodeInfo>;

function problemLevel(level: ProblemLevel): Level {
  return level === "dagster" ? "MUST" : level === "reference" ? "SHOULD" : "INFO";
}

/**
 * The spec rule of each schema validator code that has a more precise one than the generic rules
 * (Dagster's handler refuses the params; the reference writes exact key sets), so that a failure
 * and docs/LEVELS.md quote the rule that explains it.
 */
const PROBLEM_RULES: Partial<Record<keyof typeof PROBLEM_CODES, RuleRef>> = {
  E_BLANK_LINE: RULES.readerDeath,
  E_JSON_SYNTAX: RULES.readerDeath,
  E_JSON_INT_TOO_LONG: RULES.readerDeath,
  E_JSON_TOO_DEEP: RULES.readerDeath,
  E_INVALID_UTF8: RULES.utf8,
  W_NO_FINAL_NEWLINE: RULES.finalNewline,
  E_MESSAGE_NOT_OBJECT: RULES.handlerEnvelope,
  E_MESSAGE_NO_METHOD: RULES.handlerEnvelope,
  E_MESSAGE_NO_PARAMS: RULES.handlerEnvelope,
  E_UNKNOWN_METHOD: RULES.handlerEnvelope,
  E_VERSION_MISSING_ON_STDIO: RULES.versionOnStdio,
  W_VERSION_MISSING: RULES.version,
  W_VERSION_NOT_0_1: RULES.version,
  W_ENVELOPE_EXTRA_KEY: RULES.envelopeKeys,
  E_PARAM_TYPE: RULES.handlerTypes,
  E_LOG_LEVEL: RULES.handlerLogLevel,
  E_SEVERITY: RULES.handlerSeverity,
  E_CLOSED_PARAMS: RULES.closedParams,
  E_EXCEPTION_SHAPE: RULES.exceptionShape,
  W_CLOSED_PARAMS_NOT_EMPTY_OBJECT: RULES.closedParams,
  W_LOG_LEVEL_MISSING: RULES.referenceLogLevel,
  W_LOG_LEVEL_NOT_CANONICAL: RULES.referenceLogLevel,
  W_DATA_VERSION_EMPTY: RULES.dataVersion,
  E_METADATA_NOT_OBJECT: RULES.handlerTypes,
  E_METADATA_BARE_VALUE: RULES.metadataWrapped,
  E_METADATA_MISSING_KEY: RULES.metadataWrapped,
  E_METADATA_UNKNOWN_TYPE: RULES.metadataDagsterLevel,
  E_METADATA_FLOAT_AS_INT: RULES.floatNeedsFraction,
  E_METADATA_INT_AS_FLOAT: RULES.floatNeedsFraction,
  E_METADATA_VALUE: RULES.metadataDagsterLevel,
  W_METADATA_EMPTY_OBJECT: RULES.metadataEmptyIsNull,
  W_METADATA_ENTRY_EXTRA_KEY: RULES.metadataEntryKeys,
  W_METADATA_INFER_OBJECT: RULES.metadataInfer,
  W_METADATA_VALUE_NOT_REFERENCE: RULES.metadataReferenceLevel,
  W_NON_FINITE_NUMBER: RULES.nonFinite,
  I_INTEGER_BEYOND_2_53: RULES.bigIntegers,
  I_FLOAT_OUT_OF_RANGE: RULES.nonFinite,
  E_CONTEXT_NOT_OBJECT: RULES.contextKeys,
  E_CONTEXT_MISSING_KEY: RULES.contextKeys,
  E_CONTEXT_VALUE: RULES.contextKeys,
  W_CONTEXT_INVARIANT: RULES.contextInvariants,
  W_CONTEXT_TIME_FORMAT: RULES.timeWindowFormat,
  E_CONTEXT_PARAMS: RULES.contextForms,
  E_CONTEXT_PARAMS_VALUE: RULES.contextForms,
  W_CONTEXT_PARAMS_SHAPE: RULES.contextForms,
  E_MESSAGES_PARAMS: RULES.channels,
  E_MESSAGES_PARAMS_VALUE: RULES.channels,
  W_MESSAGES_PARAMS_SHAPE: RULES.channels,
  I_PROGRAM_OUTPUT: RULES.stdioOutput,
  I_LINE_TOO_LONG: RULES.lineCap,
};

/** Every finding code: the checks' and the schema validator's. */
export const FINDING_CODES: Readonly<Record<string, FindingCodeInfo>> = {
  ...Object.fromEntries(
    Object.entries(PROBLEM_CODES).map(([code, entry]) => [
      code,
      {
        level: problemLevel(entry.level),
        rule: PROBLEM_RULES[code as keyof typeof PROBLEM_CODES] ?? (entry.level === "dagster" ? RULES.handlerStrict : RULES.referenceShapes),
        why: entry.description,
      },
    ]),
  ),
  ...CHECK_CODES,
};

/** The schema validator's dagster-level codes: every reason Dagster's handler can reject a message for. */
export const DAGSTER_PROBLEM_CODES: readonly string[] = Object.entries(PROBLEM_CODES)
  .filter(([, entry]) => entry.level === "dagster")
  .map(([code]) => code);

/** The schema validator's codes of one level. */
export function problemCodesOf(level: ProblemLevel): string[] {
  return Object.entries(PROBLEM_CODES)
    .filter(([, entry]) => entry.level === level)
    .map(([code]) => code);
}

/** The level a code's prefix stands for. */
export function levelOfPrefix(code: string): Level | undefined {
  if (code.startsWith("E_")) return "MUST";
  if (code.startsWith("W_")) return "SHOULD";
  if (code.startsWith("I_")) return "INFO";
  return undefined;
}

/** The level of a finding code; throws for a code the table does not know (a harness bug). */
export function findingLevel(code: string): Level {
  const entry = FINDING_CODES[code];
  if (entry === undefined) throw new Error(`finding code ${code} is not in the level table`);
  return entry.level;
}

/** Levels from the most to the least severe. */
export const LEVEL_ORDER: readonly Level[] = ["MUST", "SHOULD", "INFO"];

/** The more severe of two levels. */
export function worseLevel(a: Level, b: Level): Level {
  return LEVEL_ORDER.indexOf(a) <= LEVEL_ORDER.indexOf(b) ? a : b;
}

/**
 * The code a root cause is named by: the handler emulation's code where the schema validator names
 * the same deviation more precisely (a blank line is a JSON syntax error to Dagster's reader), so
 * that what the schema check and the reader see group as one cause.
 */
export function canonicalCode(code: string): string {
  const entry = (PROBLEM_CODES as Record<string, { harnessCode?: string }>)[code];
  return entry?.harnessCode ?? code;
}
