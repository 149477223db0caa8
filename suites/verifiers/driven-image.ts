/**
 * The messages a driver wrote are exactly the image of its actions
 * (docs/DRIVERS.md#driver-image-comparison): same methods in the same order, same params (numbers
 * by value; int/float class where Dagster's metadata resolution depends on it), `closed` last,
 * carrying the exception after `raise` or a refused action. A difference only in how a big integer
 * was written is a SHOULD.
 */
import type { JsonObject, JsonValue } from "../../harness/json/number-lexemes.js";
import { pointerTo } from "../../harness/dagster/rejection.js";
import { DagsterMessageHandler } from "../../harness/dagster/message-handler.js";
import { expectedImage, type ExpectedMessage } from "../driven/image.js";
import { compareJson, type JsonDifference } from "../driven/compare-json.js";
import type { CheckOutcome, Verifier } from "../model/case.js";
import { parsedMessages, quote } from "./transcript.js";

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

function describeDifferences(differences: JsonDifference[]): string {
  const shown = differences.slice(0, 3).map((difference) => `${difference.pointer}: expected ${difference.expected}, got ${difference.actual} (${difference.kind})`);
  return shown.join("; ") + (differences.length > 3 ? `; and ${differences.length - 3} more` : "");
}

/**
 * Whether Dagster makes the same of the written message as of the expected one: both accepted by
 * its handler, with equal effects (the log level it logs at, the metadata it resolves...).
 */
function sameForDagster(expected: ExpectedMessage, actual: JsonObject): boolean {
  const expectedResult = new DagsterMessageHandler().handle({ __dagster_pipes_version: "0.1", method: expected.method, params: expected.params });
  const actualResult = new DagsterMessageHandler().handle(actual);
  if (!expectedResult.accepted || !actualResult.accepted) return false;
  // By value and whatever the key order: how a number was written is not part of what Dagster keeps.
  const plain = (effect: unknown): JsonValue => JSON.parse(JSON.stringify(effect, (key, value: unknown) => (key === "lexeme" ? undefined : value))) as JsonValue;
  return compareJson(plain(expectedResult.effect), plain(actualResult.effect), () => false).length === 0;
}

/** Compares the written messages with the image of the case's actions. */
export const drivenImage: Verifier = {
  name: "driven-image",
  check: ({ record, actions, context, without }): CheckOutcome => {
    const image = expectedImage(actions, context);
    const written = parsedMessages(record);
    let representationOnly: JsonDifference[] = [];
    const tolerated: JsonDifference[] = [];
    for (let index = 0; index < image.messages.length; index++) {
      const expected = image.messages[index]!;
      const actual = written[index];
      const action = expected.actionIndex === undefined ? "" : ` (action ${expected.actionIndex + 1}: ${actions[expected.actionIndex]!.op})`;
      if (actual === undefined) {
        return { status: "fail", code: "E_IMAGE_MISSING_MESSAGE", expected: `message ${index + 1}: ${expected.method}${action}`, actual: `only ${written.length} message(s) written` };
      }
      if (actual.method !== expected.method) {
        return { status: "fail", code: "E_IMAGE_WRONG_METHOD", expected: `message ${index + 1}: ${expected.method}${action}`, actual: String(actual.method), lines: [quote(actual.line)] };
      }
      if (expected.method === "opened") continue;
      const sensitive = classSensitivePointers(expected);
      const differences = compareJson(expected.params, (actual.value.params ?? null) as JsonValue, (pointer) => sensitive.has(pointer), "/params");
      const real = differences.filter((difference) => difference.kind !== "number-precision");
      if (real.length > 0 && !sameForDagster(expected, actual.value)) {
        return { status: "fail", code: "E_IMAGE_WRONG_PARAMS", expected: `message ${index + 1}: the image of the action${action}`, actual: describeDifferences(real), lines: [quote(actual.line)] };
      }
      // Written otherwise than the reference, but Dagster makes the same of it (WARN for WARNING,
      // {} for null metadata...): a SHOULD.
      if (real.length > 0) tolerated.push(...real.map((difference) => ({ ...difference, pointer: `message ${index + 1} ${difference.pointer}` })));
      representationOnly = representationOnly.concat(differences.filter((difference) => difference.kind === "number-precision"));
    }
    const closed = written[image.messages.length];
    if (closed === undefined || closed.method !== "closed") {
      return {
        status: "fail",
        code: closed === undefined ? "E_NO_CLOSED" : "E_IMAGE_EXTRA_MESSAGE",
        expected: `closed after ${image.messages.length} message(s)`,
        actual: closed === undefined ? "no closed" : `${closed.method ?? "a message"} instead`,
        lines: closed === undefined ? [] : [quote(closed.line)],
      };
    }
    const params = closed.value.params;
    const exception = params !== null && typeof params === "object" && !Array.isArray(params) ? (params.exception as JsonValue | undefined) : undefined;
    // A library declared without exception forwarding is judged on what it wrote up to here, and
    // its representation differences are still SHOULD warnings.
    let observation: string | undefined;
    if (image.ending.kind === "normal") {
      if (exception) return { status: "fail", code: "E_UNEXPECTED_EXCEPTION", expected: "closed without exception", actual: `closed with exception ${JSON.stringify(exception).slice(0, 200)}`, lines: [quote(closed.line)] };
    } else {
      const why = image.ending.messageContains !== undefined ? `raise "${image.ending.messageContains}"` : `the refused action ${image.ending.refusedAction! + 1} (${image.ending.refusal})`;
      if (!exception || typeof exception !== "object" || Array.isArray(exception)) {
        if (!without.includes("exceptions")) {
          return { status: "fail", code: "E_EXCEPTION_NOT_FORWARDED", expected: `closed carries the exception of ${why}`, actual: `closed params ${JSON.stringify(params)}`, lines: [quote(closed.line)] };
        }
        observation = `the session ended without forwarding the exception of ${why} (exceptions declared missing)`;
      } else {
        const missing = ["message", "stack", "name", "cause", "context"].filter((key) => !Object.prototype.hasOwnProperty.call(exception, key));
        if (missing.length > 0) {
          return { status: "fail", code: "E_EXCEPTION_SHAPE", expected: "an exception with message, stack, name, cause and context", actual: `missing ${missing.join(", ")}`, lines: [quote(closed.line)] };
        }
        const text = image.ending.messageContains;
        if (text !== undefined && (typeof exception.message !== "string" || !exception.message.includes(text))) {
          return { status: "fail", code: "E_EXCEPTION_MESSAGE", expected: `an exception message containing "${text}"`, actual: JSON.stringify(exception.message).slice(0, 200), lines: [quote(closed.line)] };
        }
      }
    }
    if (representationOnly.length > 0) {
      return { status: "fail", code: "W_NUMBER_REPRESENTATION", expected: "numbers written exactly", actual: describeDifferences(representationOnly), representationOnly: true };
    }
    if (tolerated.length > 0) {
      return { status: "fail", code: "W_IMAGE_REPRESENTATION", expected: "the reference's exact output", actual: `${describeDifferences(tolerated)} (Dagster reads it the same)`, representationOnly: true };
    }
    return observation === undefined ? { status: "pass" } : { status: "pass", observation };
  },
};
