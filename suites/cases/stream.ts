/**
 * The message stream of an ordinary run, judged whatever the program chooses to report:
 * lifecycle, framing, version field, schema validity at both levels, Dagster's acceptance, asset
 * keys, exception/exit consistency, streaming. Each also runs under generated contexts
 * (`#ctx=N` variants) where marked.
 */
import type { CaseDefinition, Level, RuleRef, Verifier } from "../model/case.js";
import { assetKeysInContext } from "../verifiers/asset-keys-in-context.js";
import { closedExactlyOnce } from "../verifiers/closed-exactly-once.js";
import { dagsterAccepts } from "../verifiers/dagster-accepts.js";
import { exceptionExitsNonzero } from "../verifiers/exception-exits-nonzero.js";
import { finalNewline } from "../verifiers/final-newline.js";
import { lineSize } from "../verifiers/line-size.js";
import { materializedOnce } from "../verifiers/materialized-once.js";
import { nonzeroExitReportsException } from "../verifiers/nonzero-exit-reports-exception.js";
import { nothingAfterClosed } from "../verifiers/nothing-after-closed.js";
import { oneObjectPerLine } from "../verifiers/one-object-per-line.js";
import { openedFirst } from "../verifiers/opened-first.js";
import { schemaValid } from "../verifiers/schema-valid.js";
import { sessionSucceeds } from "../verifiers/session-succeeds.js";
import { splitWrites } from "../verifiers/split-writes.js";
import { staysInGroup } from "../verifiers/stays-in-group.js";
import { streaming } from "../verifiers/streaming.js";
import { validUtf8 } from "../verifiers/valid-utf8.js";
import { versionField } from "../verifiers/version-field.js";
import { RULES } from "./rules.js";

function streamCase(id: string, title: string, level: Level, refs: RuleRef[], verifier: Verifier, generated: boolean): CaseDefinition {
  return { id, title, level, mode: "observed", refs, needs: [], setup: {}, ...(generated ? { alsoGeneratedContexts: true } : {}), expect: [verifier] };
}

/** A stream case judged on how the target's write calls went (traced when the run allows it). */
function tracedCase(id: string, title: string, level: Level, refs: RuleRef[], verifier: Verifier): CaseDefinition {
  return { ...streamCase(id, title, level, refs, verifier, false), setup: { traceWrites: true } };
}

function both(id: string, title: string, level: Level, refs: RuleRef[], verifier: Verifier): CaseDefinition {
  return streamCase(id, title, level, refs, verifier, true);
}

/** The stream cases: a default-context case each, plus a generated-context twin where marked. */
export const STREAM_CASES: CaseDefinition[] = [
  both("lifecycle.opened-first", "opened is the first message", "MUST", [RULES.openedFirst], openedFirst),
  both("lifecycle.closed-exactly-once", "closed is written exactly once", "MUST", [RULES.closedOnce, RULES.noClosedWarning], closedExactlyOnce),
  streamCase("lifecycle.stays-in-process-group", "Every process the program starts ends with it (none escapes its process group)", "SHOULD", [RULES.processGroup], staysInGroup, false),
  both("lifecycle.nothing-after-closed", "Nothing is written after closed", "MUST", [RULES.closedOnce, RULES.afterClosed], nothingAfterClosed),
  both("framing.one-object-per-line", "Each message is one JSON object on one line (no blank, partial or split line)", "MUST", [RULES.oneLine, RULES.fileReaderDies], oneObjectPerLine),
  both("framing.valid-utf8", "Messages are valid UTF-8", "MUST", [RULES.utf8], validUtf8),
  streamCase("framing.final-newline", "The last message ends with its newline", "SHOULD", [RULES.oneLine], finalNewline, false),
  streamCase("framing.line-size", "Message lines over the harness's line cap (recorded: the harness's limit, not the program's deviation)", "INFO", [RULES.oneLine], lineSize, false),
  tracedCase("framing.split-writes", "Each message line is written by one write call, not in pieces (seen exactly with strace)", "SHOULD", [RULES.fileReaderDies], splitWrites),
  both("protocol.version-field", 'Every message carries "__dagster_pipes_version": "0.1"', "SHOULD", [RULES.version], versionField),
  both("schema.dagster-level", "Every message is valid at the dagster level (what Dagster accepts)", "MUST", [RULES.handlerStrict, RULES.metadataWrapped], schemaValid("dagster")),
  both("schema.reference-level", "Every message is valid at the reference level (what the reference writes)", "SHOULD", [RULES.referenceShapes], schemaValid("reference")),
  both("dagster.accepts-every-message", "Dagster's reader and handler accept every message (no reader death, nothing lost)", "MUST", [RULES.readerDeath, RULES.handlerStrict], dagsterAccepts),
  both("dagster.asset-keys-in-context", "Reported asset keys belong to the context", "MUST", [RULES.selectedKeys, RULES.assetKeyResolution], assetKeysInContext),
  both("dagster.materialized-once", "An asset is materialized at most once", "MUST", [RULES.materializeOnce], materializedOnce),
  both("errors.exception-exits-nonzero", "An exception reported on closed goes with a non-zero exit", "MUST", [RULES.exceptionForwarded, RULES.exitDecides], exceptionExitsNonzero),
  streamCase("errors.nonzero-exit-reports-exception", "A non-zero exit comes with the exception on closed", "SHOULD", [RULES.exceptionForwarded], nonzeroExitReportsException, false),
  both("context.tolerated", "The program runs cleanly under the context (generated contexts: partitions, asset keys, extras, nulls)", "MUST", [RULES.contextKeys, RULES.tolerateShapes], sessionSucceeds),
  tracedCase("timing.streaming", "Messages are streamed while the process runs, not batched until it exits", "SHOULD", [RULES.timing], streaming),
];
