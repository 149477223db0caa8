/**
 * The messages a driver wrote are exactly the image of its actions (the driver protocol): same
 * methods in the same order, same params (numbers by value; int/float class where Dagster's
 * metadata resolution depends on it), `closed` last, carrying the exception after `raise` or a
 * refused action. Every difference is judged on its own, by what Dagster makes of the expected
 * message with only that difference in it: a difference Dagster rejects is named by the rejection
 * (as the observed checks name it), one Dagster reads the same is a SHOULD, and so is a number
 * written with another precision. Findings of one code and difference class (a float rounded to 15
 * digits, under whatever generated key) are one finding: one root cause.
 */
import type { JsonObject, JsonValue } from "../../harness/json/number-lexemes.js";
import { pointerTo } from "../../harness/dagster/rejection.js";
import { DagsterMessageHandler } from "../../harness/dagster/message-handler.js";
import { alignMethods, lastImageStep, pairMovedMessages } from "../driven/align-methods.js";
import { expectedImage, type ExpectedImage, type ExpectedMessage } from "../driven/image.js";
import { compareJson, type JsonDifference } from "../driven/compare-json.js";
import { differenceClass } from "../driven/difference-class.js";
import { withDifference } from "../driven/with-difference.js";
import { DAGSTER_PROBLEM_CODES } from "../finding-codes.js";
import { outcomeOf, type CheckOutcome, type Finding, type Verifier, type VerifyInput } from "../model/case.js";
import { pointerShape, rootCauseId } from "../model/root-cause.js";
import { errorKey, missingClosedFinding, nothingReceived, processFailed, reportedExceptionText, sessionNotOpenedFinding, stderrError } from "./session-findings.js";
import { afterFirstClosed, describeEnding, parsedMessages, protocolLines, quote, type ParsedMessage } from "./transcript.js";
import { clipText } from "./clip-text.js";

const CLASS_SENSITIVE_TYPES = new Set(["float", "int", "__infer__"]);

/** Pointers of metadata raw values whose int/float class Dagster's resolution depends on. */
function classSensitivePointers(expected: ExpectedMessage): Set<string> {
  const pointers = new Set<string>();
  const params = expected.params as JsonObject | null;
  const metadata = params?.metadata;
  if (metadata === null || metadata === undefined || typeof metadata !== "object" || Array.isArray(metadata)) return pointers;
  for (const label of Object.keys(metadata)) {
    const entry = metadata[label] as JsonValue;
    if (entry !== null && typeof entry === "object" && !Array.isArray(entry) && CLASS_SENSITIVE_TYPES.has(entry.type as string)) {
      pointers.add(pointerTo("/params/metadata", label, "raw_value"));
    }
  }
  return pointers;
}

function describeDifference(difference: JsonDifference): string {
  return `${difference.pointer}: expected ${difference.expected}, got ${difference.actual} (${difference.kind})`;
}

/**
 * Whether Dagster makes the same of the written message as of the expected one: both accepted by
 * its handler, with equal effects (the log level it logs at, the metadata it resolves...).
 */
function sameForDagster(expected: ExpectedMessage, actual: JsonValue): boolean {
  const expectedResult = new DagsterMessageHandler().handle({ __dagster_pipes_version: "0.1", method: expected.method, params: expected.params });
  const actualResult = new DagsterMessageHandler().handle(actual);
  if (!expectedResult.accepted || !actualResult.accepted) return false;
  // By value and whatever the key order: how a number was written is not part of what Dagster keeps.
  const plain = (effect: unknown): JsonValue => JSON.parse(JSON.stringify(effect, (key, value: unknown) => (key === "lexeme" ? undefined : value))) as JsonValue;
  return compareJson(plain(expectedResult.effect), plain(actualResult.effect), () => false).length === 0;
}

/** What the exception on `closed` must be, and whether it is, as findings. */
function endingFindings(record: VerifyInput["record"], ending: ExpectedImage["ending"], closed: ParsedMessage, without: VerifyInput["without"]): { findings: Finding[]; observation?: string } {
  const params = closed.value.params;
  const exception = params !== null && typeof params === "object" && !Array.isArray(params) ? (params.exception as JsonValue | undefined) : undefined;
  if (ending.kind === "normal") {
    if (!exception) return { findings: [] };
    return { findings: [{ code: "E_UNEXPECTED_EXCEPTION", expected: "closed without exception", actual: `closed with exception ${JSON.stringify(exception).slice(0, 200)}`, lines: [quote(closed.line)] }] };
  }
  const why = ending.messageContains !== undefined ? `raise "${ending.messageContains}"` : `the refused action ${ending.refusedAction! + 1} (${ending.refusal})`;
  if (!exception || typeof exception !== "object" || Array.isArray(exception)) {
    // A library declared without exception forwarding is judged on what it wrote up to here.
    if (without.includes("exceptions")) return { findings: [], observation: `the session ended without forwarding the exception of ${why} (exceptions declared missing)` };
    return { findings: [{ code: "W_EXCEPTION_NOT_FORWARDED", expected: `closed carries the exception of ${why}`, actual: `closed params ${JSON.stringify(params)} (${describeEnding(record)}): Dagster cannot show why the step failed`, lines: [quote(closed.line)] }] };
  }
  const missing = ["message", "stack", "name", "cause", "context"].filter((key) => !Object.prototype.hasOwnProperty.call(exception, key));
  if (missing.length > 0) {
    return { findings: [{ code: "E_EXCEPTION_SHAPE", expected: "an exception with message, stack, name, cause and context", actual: `missing ${missing.join(", ")}`, lines: [quote(closed.line)], shape: "/params/exception" }] };
  }
  const text = ending.messageContains;
  if (text !== undefined && (typeof exception.message !== "string" || !exception.message.includes(text))) {
    return { findings: [{ code: "W_EXCEPTION_MESSAGE", expected: `an exception message containing "${text}"`, actual: JSON.stringify(exception.message).slice(0, 200), lines: [quote(closed.line)] }] };
  }
  return { findings: [] };
}

/** The exception a closed message carries, as `Type: message`, if it carries one. */
function closedError(closed: ParsedMessage): string | undefined {
  const params = closed.value.params;
  const exception = params !== null && typeof params === "object" && !Array.isArray(params) ? params.exception : undefined;
  if (exception === null || exception === undefined || typeof exception !== "object" || Array.isArray(exception)) return undefined;
  return clipText(reportedExceptionText(exception), 200);
}

/**
 * The finding for an expected message never written: the session closed first or the program
 * ended. Where a crash ended it (an exception on closed, an error on stderr), the error's first line
 * is part of the shape: four different exceptions that stop a materialization are four root causes.
 */
function missingMessageFinding(record: VerifyInput["record"], written: readonly ParsedMessage[], expected: ExpectedMessage, actual: ParsedMessage | undefined, position: string, action: string): Finding {
  // The exception closed carries, else (the library did not forward it) the error the crash printed.
  const printed = processFailed(record) ? stderrError(record) || undefined : undefined;
  const error = actual === undefined ? printed : (closedError(actual) ?? printed);
  const why = actual === undefined ? `only ${written.length} message(s) written (${describeEnding(record)})${error === undefined ? "" : `: ${clipText(error, 200)}`}` : `the session closed first${error === undefined ? "" : closedError(actual) === undefined ? ` (${describeEnding(record)}: ${error})` : `, with the exception ${error}`}`;
  return {
    code: "E_IMAGE_MISSING_MESSAGE",
    expected: `${position}: ${expected.method}${action}`,
    actual: why,
    ...(actual === undefined ? {} : { lines: [quote(actual.line)] }),
    shape: error === undefined ? expected.method : `${expected.method}: ${errorKey(error)}`,
  };
}

/** At most this many differences of one message are judged one by one (each a handler run). */
const JUDGED_ONE_BY_ONE = 64;

/** The finding of one difference, judged by what Dagster makes of the expected message with only that difference in it. */
function differenceFinding(expected: ExpectedMessage, actual: ParsedMessage, difference: JsonDifference, position: string): Finding | undefined {
  const variant = withDifference(expected.params, (actual.value.params ?? null) as JsonValue, difference);
  if (variant === undefined) return undefined;
  const handled = new DagsterMessageHandler().handle({ __dagster_pipes_version: "0.1", method: expected.method, params: variant });
  if (!handled.accepted) {
    const rejection = handled.rejection;
    return {
      code: rejection.code,
      expected: `${position}: the image of the action`,
      actual: `${rejection.pointer === "" ? "" : `${rejection.pointer}: `}${rejection.message} (Dagster raises ${rejection.pythonError}); ${describeDifference(difference)}`,
      lines: [quote(actual.line)],
      // The place of the offending value, as the observed checks name the same rejection.
      shape: pointerShape(rejection.pointer),
    };
  }
  const shape = differenceClass(difference);
  return sameForDagster(expected, { __dagster_pipes_version: "0.1", method: expected.method, params: variant })
    ? { code: "W_IMAGE_REPRESENTATION", expected: "the reference's exact output", actual: `${position} ${describeDifference(difference)} (Dagster reads it the same)`, lines: [quote(actual.line)], shape }
    : { code: "E_IMAGE_WRONG_PARAMS", expected: `${position}: the image of the action`, actual: describeDifference(difference), lines: [quote(actual.line)], shape };
}

/**
 * The findings of one written message compared with its expected image: each difference judged on
 * its own (a float written as an int is Dagster's refusal, a rounded float a value Dagster reads
 * otherwise, `{}` for null a form it reads the same), one finding per code and difference class.
 */
function messageFindings(expected: ExpectedMessage, actual: ParsedMessage, position: string): Finding[] {
  const sensitive = classSensitivePointers(expected);
  const differences = compareJson(expected.params, (actual.value.params ?? null) as JsonValue, (pointer) => sensitive.has(pointer), "/params");
  const findings: Finding[] = [];
  const unjudged: JsonDifference[] = [];
  for (const [index, difference] of differences.entries()) {
    if (difference.kind === "number-precision") {
      findings.push({ code: "W_NUMBER_REPRESENTATION", expected: "numbers written exactly", actual: `${position} ${describeDifference(difference)}`, lines: [quote(actual.line)], shape: differenceClass(difference) });
      continue;
    }
    const finding = index < JUDGED_ONE_BY_ONE ? differenceFinding(expected, actual, difference, position) : undefined;
    if (finding === undefined) unjudged.push(difference);
    else findings.push(finding);
  }
  if (differences.every((difference) => difference.kind === "number-precision")) return findings;
  const handled = new DagsterMessageHandler().handle(actual.value);
  const rejectionSeen = !handled.accepted && findings.some((finding) => finding.code === handled.rejection.code);
  if (!handled.accepted && !rejectionSeen) {
    // Dagster refuses what was written, for no one difference alone: the whole message's rejection.
    const rejection = handled.rejection;
    findings.push({
      code: rejection.code,
      expected: `${position}: the image of the action`,
      actual: `${rejection.pointer === "" ? "" : `${rejection.pointer}: `}${rejection.message} (Dagster raises ${rejection.pythonError}); ${differences.map(describeDifference).join("; ")}`.slice(0, 1000),
      lines: [quote(actual.line)],
      shape: pointerShape(rejection.pointer),
    });
  } else if (unjudged.length > 0) {
    const tolerated = handled.accepted && sameForDagster(expected, actual.value);
    for (const difference of unjudged) {
      findings.push(
        tolerated
          ? { code: "W_IMAGE_REPRESENTATION", expected: "the reference's exact output", actual: `${position} ${describeDifference(difference)} (Dagster reads it the same)`, lines: [quote(actual.line)], shape: differenceClass(difference) }
          : { code: "E_IMAGE_WRONG_PARAMS", expected: `${position}: the image of the action`, actual: describeDifference(difference), lines: [quote(actual.line)], shape: differenceClass(difference) },
      );
    }
  }
  return findings;
}

/**
 * One finding per root cause: findings of one code and shape (the same difference class in several
 * entries or messages) merged, their texts and lines joined.
 */
function mergedByRootCause(findings: readonly Finding[]): Finding[] {
  const merged = new Map<string, Finding>();
  const order: Finding[] = [];
  for (const finding of findings) {
    const key = finding.shape === undefined ? undefined : rootCauseId(finding);
    const existing = key === undefined ? undefined : merged.get(key);
    if (existing === undefined) {
      const copy = { ...finding, ...(finding.lines ? { lines: [...finding.lines] } : {}) };
      if (key !== undefined) merged.set(key, copy);
      order.push(copy);
      continue;
    }
    if (existing.actual.length < 1000) existing.actual = `${existing.actual}; ${finding.actual}`.slice(0, 1200);
    for (const line of finding.lines ?? []) {
      if (existing.lines !== undefined && existing.lines.length < 5 && !existing.lines.some((kept) => kept.lineNumber === line.lineNumber && kept.channel === line.channel)) existing.lines.push(line);
    }
  }
  return order;
}

/**
 * The first materialization whose line repeats an earlier materialization's line exactly, with
 * that earlier one: the same message written twice (the caller rules out scripts that ask for
 * two materializations of one key).
 */
function repeatedMaterialization(written: readonly ParsedMessage[]): { assetKey: string; first: ParsedMessage; again: ParsedMessage } | undefined {
  const seen = new Map<string, ParsedMessage>();
  for (const message of written) {
    if (message.method !== "report_asset_materialization") continue;
    const first = seen.get(message.line.text);
    const params = message.value.params;
    if (first !== undefined) return { assetKey: params !== null && typeof params === "object" && !Array.isArray(params) ? String(params.asset_key) : "an asset", first, again: message };
    seen.set(message.line.text, message);
  }
  return undefined;
}

/** Whether the script itself materializes one key twice (the refusal cases): then a repeat is the script's. */
function scriptMaterializesTwice(actions: VerifyInput["actions"]): boolean {
  const keys = actions.filter((action) => action.op === "report_asset_materialization").map((action) => String((action as { asset_key?: unknown }).asset_key ?? null));
  return new Set(keys).size < keys.length;
}

/** Findings about the order of the image, which messages written after closed explain. */
const IMAGE_ORDER_CODES = new Set(["E_IMAGE_MISSING_MESSAGE", "E_IMAGE_WRONG_METHOD", "E_IMAGE_EXTRA_MESSAGE"]);

/** Compares the written messages with the image of the case's actions; every difference is a finding. */
export const drivenImage: Verifier = {
  name: "driven-image",
  codes: [
    "E_SESSION_NOT_OPENED",
    "E_CLI_ARGUMENTS_IGNORED",
    "E_CHANNEL_UNUSED",
    "E_IMAGE_MISSING_MESSAGE",
    "E_IMAGE_WRONG_METHOD",
    "E_MESSAGE_AFTER_CLOSED",
    "E_DUPLICATE_MATERIALIZATION",
    "E_IMAGE_WRONG_PARAMS",
    "E_IMAGE_EXTRA_MESSAGE",
    "E_UNEXPECTED_EXCEPTION",
    "E_EXCEPTION_SHAPE",
    "E_NO_CLOSED",
    "W_NO_CLOSED_AFTER_CRASH",
    "W_EXCEPTION_NOT_FORWARDED",
    "W_EXCEPTION_MESSAGE",
    "W_IMAGE_REPRESENTATION",
    "W_NUMBER_REPRESENTATION",
    ...DAGSTER_PROBLEM_CODES,
  ],
  check: (input): CheckOutcome => {
    const outcome = imageOutcome(input);
    return outcome.status === "fail" ? { status: "fail", findings: mergedByRootCause(outcome.findings) } : outcome;
  },
};

/** The image comparison itself, before findings of one root cause are merged. */
function imageOutcome(input: VerifyInput): CheckOutcome {
  const all = parsedMessages(input.record);
  const repeat = scriptMaterializesTwice(input.actions) ? undefined : repeatedMaterialization(all);
  if (repeat === undefined) return compareImage(input, all);
  // A materialization line written again is judged once, as the observed cases judge it, and the
  // image is compared without the repeats: what follows them is still judged, not hidden. A
  // library that writes lines twice (a debug print on the stdout channel) does it to other messages
  // too: a line repeated right after itself is the same defect, named in the same finding; any
  // other difference stays a finding of its own.
  const isRepeat = (message: ParsedMessage, index: number): boolean =>
    message.method === "report_asset_materialization"
      ? all.some((earlier) => earlier.line.seq < message.line.seq && earlier.line.text === message.line.text)
      : index > 0 && all[index - 1]!.line.text === message.line.text;
  const repeated = all.filter(isRepeat);
  const others = repeated.filter((message) => message.method !== "report_asset_materialization").map((message) => String(message.method));
  const duplicate: Finding = {
    code: "E_DUPLICATE_MATERIALIZATION",
    expected: "each asset materialized once",
    actual:
      `${repeat.assetKey} materialized twice: the same line written again (Dagster fails the step on a second materialization of one asset)` +
      (others.length === 0 ? "" : `; also written twice in a row: ${[...new Set(others)].join(", ")} (${others.length} line(s))`),
    lines: [quote(repeat.first.line), quote(repeat.again.line)],
  };
  const outcome = compareImage(input, all.filter((message, index) => !isRepeat(message, index)));
  return { status: "fail", findings: [duplicate, ...(outcome.status === "fail" ? outcome.findings : [])] };
}

/** The comparison of `written` (the messages, repeats of a materialization left out) with the image. */
function compareImage({ record, actions, context, without, setup }: VerifyInput, written: readonly ParsedMessage[]): CheckOutcome {
  const image = expectedImage(actions, context);
  const findings: Finding[] = [];
  // Once the sequences no longer line up, whether the exception of the script's `raise` (the
  // driver raises it whatever the library did before) was forwarded at all is still judged on
  // the first closed written, wherever it came: a diverged image must not hide it. A refusal's
  // exception is not owed then (the library may not have refused), nor is the exception's text
  // judged (an earlier error may have ended the session).
  const diverged = (diverging: Finding[]): CheckOutcome => {
    const closed = written.find((message) => message.method === "closed");
    // Messages written after closed explain the divergence (a buffered channel flushed in the
    // wrong order): the same finding as the observed cases', one root cause with theirs.
    const late = afterFirstClosed(record)?.late ?? [];
    const found =
      late.length === 0
        ? diverging
        : [
            ...diverging.filter((finding) => !IMAGE_ORDER_CODES.has(finding.code)),
            { code: "E_MESSAGE_AFTER_CLOSED", expected: "every message of the script before closed", actual: `${late.length} line(s) after closed (Dagster's readers stop once closed has arrived: they can be lost)`, lines: late.slice(0, 3).map(quote) },
          ];
    if (image.ending.kind === "normal" || image.ending.messageContains === undefined || closed === undefined) return outcomeOf(found);
    const ending = endingFindings(record, image.ending, closed, without);
    return outcomeOf([...found, ...ending.findings.filter((finding) => finding.code === "W_EXCEPTION_NOT_FORWARDED")], ending.observation);
  };
  if (written.length === 0) {
    // Nothing on the channel: what the observed cases say of it (bootstrap arguments ignored, the
    // session not opened under this launch, another channel used), one root cause with theirs.
    if (protocolLines(record).length === 0) return outcomeOf([nothingReceived(record, false, setup)]);
    if (processFailed(record)) return outcomeOf([sessionNotOpenedFinding(record, setup)]);
  }
  const closedAt = written.findIndex((message) => message.method === "closed");
  const body = closedAt === -1 ? written : written.slice(0, closedAt);
  const closed = closedAt === -1 ? undefined : written[closedAt];
  const expectedMethods = image.messages.map((message) => message.method);
  const writtenMethods = body.map((message) => message.method);
  const exact = (expectedIndex: number, writtenIndex: number): boolean => {
    const expected = image.messages[expectedIndex]!;
    const sensitive = classSensitivePointers(expected);
    return compareJson(expected.params, (body[writtenIndex]!.value.params ?? null) as JsonValue, (pointer) => sensitive.has(pointer), "/params").length === 0;
  };
  // Cut short: no closed, an exception on it, or a failed process; then the image's tail may be unwritten as one finding.
  const cutShort = closed === undefined || closedError(closed) !== undefined || processFailed(record);
  const alignment = alignMethods(expectedMethods, writtenMethods, exact, { cutShort });
  const { steps, tailStart, lined } = alignment;
  const notLined = lined ? "" : " (too many messages to line them up: the messages after this one are not compared)";
  const imageEnd = lastImageStep(steps);
  // A message missing in one place and written in another moved (see pairMovedMessages): one
  // finding, and its params are still compared with its image.
  const movedTo = pairMovedMessages(alignment, exact, expectedMethods, writtenMethods);
  const pairedExtras = new Set(movedTo.values());
  const position = (index: number): string => `message ${index + 1}`;
  const actionOf = (expected: ExpectedMessage): string => (expected.actionIndex === undefined ? "" : ` (action ${expected.actionIndex + 1}: ${actions[expected.actionIndex]!.op})`);
  const methodText = (message: ParsedMessage): string => (message.method === undefined ? "a message without a method" : String(message.method));
  // Without closed the run was cut short: said whether or not the messages also came in another order.
  const withClosedFinding = (found: Finding[]): Finding[] => (closed === undefined && written.length > 0 ? [...found, missingClosedFinding(record)] : found);
  let orderDiffers = !lined;
  let trailingExtraSeen = false;
  let cutShortSeen = false;
  for (const [stepIndex, step] of steps.entries()) {
    if (step.kind === "extra") {
      orderDiffers = true;
      if (pairedExtras.has(stepIndex)) continue;
      const extra = body[step.written]!;
      if (stepIndex > imageEnd && tailStart === image.messages.length) {
        // One message more where closed belongs: the first is the finding (e.g. a call the library should have refused).
        if (trailingExtraSeen) continue;
        trailingExtraSeen = true;
        findings.push({ code: "E_IMAGE_EXTRA_MESSAGE", expected: `closed after ${image.messages.length} message(s)`, actual: `${methodText(extra)} after the script's last message, where closed belongs (one message more than the script should produce, e.g. a call the library should have refused)${notLined}`, lines: [quote(extra.line)], shape: String(extra.method) });
      } else {
        findings.push({ code: "E_IMAGE_EXTRA_MESSAGE", expected: "only the images of the script's actions", actual: `${methodText(extra)} as written message ${step.written + 1}, which no action of the script produces (the messages around it are compared with their images)`, lines: [quote(extra.line)], shape: String(extra.method) });
      }
      continue;
    }
    const expected = image.messages[step.expected]!;
    if (step.kind === "missing") {
      const movedStep = movedTo.get(stepIndex);
      if (movedStep !== undefined) {
        orderDiffers = true;
        const writtenIndex = (steps[movedStep] as { written: number }).written;
        const moved = body[writtenIndex]!;
        findings.push({ code: "E_IMAGE_WRONG_METHOD", expected: `${position(step.expected)}: ${expected.method}${actionOf(expected)}`, actual: `written as message ${writtenIndex + 1} instead: the script's messages came in another order`, lines: [quote(moved.line)], shape: `${expected.method} moved` });
        continue;
      }
      if (step.expected >= tailStart) {
        // The image's tail left unwritten: the session was cut short there; the first message is the finding.
        if (cutShortSeen) continue;
        cutShortSeen = true;
        findings.push(missingMessageFinding(record, written, expected, closed, position(step.expected), actionOf(expected)));
        continue;
      }
      orderDiffers = true;
      findings.push({ code: "E_IMAGE_MISSING_MESSAGE", expected: `${position(step.expected)}: ${expected.method}${actionOf(expected)}`, actual: "not written, while messages after it were (they are compared with their images)", shape: expected.method });
      continue;
    }
    const actual = body[step.written]!;
    if (step.kind === "substitute") {
      orderDiffers = true;
      findings.push({ code: "E_IMAGE_WRONG_METHOD", expected: `${position(step.expected)}: ${expected.method}${actionOf(expected)}`, actual: `${methodText(actual)} in its place (written message ${step.written + 1})${notLined}`, lines: [quote(actual.line)], shape: `${expected.method}->${String(actual.method)}` });
      continue;
    }
    if (expected.method === "opened") continue;
    findings.push(...messageFindings(expected, actual, `${position(step.expected)}${actionOf(expected)}`));
  }
  // A moved message's params are compared with its image too.
  for (const [missingStep, extraStep] of movedTo) {
    const expected = image.messages[(steps[missingStep] as { expected: number }).expected]!;
    const moved = body[(steps[extraStep] as { written: number }).written]!;
    findings.push(...messageFindings(expected, moved, `${position((steps[missingStep] as { expected: number }).expected)}${actionOf(expected)}`));
  }
  if (orderDiffers || cutShortSeen) return diverged(withClosedFinding(findings));
  if (closed === undefined) return outcomeOf([...findings, missingClosedFinding(record)]);
  const ending = endingFindings(record, image.ending, closed, without);
  return outcomeOf([...findings, ...ending.findings], ending.observation);
}
