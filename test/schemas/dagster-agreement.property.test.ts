/**
 * The dagster level must say what Dagster's handler (the harness's emulation) does: for generated
 * messages, valid ones and ones with one or two random mutations, "the validator reports a
 * dagster-level problem" must equal "the handler rejects the message", and the handler's reason
 * code must be among the validator's (mapped through the catalogue's `harnessCode`).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DagsterMessageHandler } from "../../harness/dagster/message-handler.js";
import { PROBLEM_CODES, isProblemCode } from "../../schemas/problem-codes.js";
import { createValidator } from "../../schemas/validator.js";
import { METADATA_TYPES } from "../../harness/dagster/metadata-resolution.js";
import { dagsterMessage, dagsterRawValue, envelope, referenceMessage, referenceRawValue } from "./support/message-arbitraries.js";
import { applyMutation, randomMutation } from "./support/mutations.js";
import { parseModel, renderModel, type Model } from "./support/python-model.js";

/** Seed of every property here: fixed, so a failure replays exactly (fast-check prints it too). */
const SEED = 20_251_122;

const validator = createValidator();

/** The handler emulation's code for a validator code. */
function harnessCode(code: string): string {
  return isProblemCode(code) ? ((PROBLEM_CODES[code] as { harnessCode?: string }).harnessCode ?? code) : code;
}

/** Compares both verdicts on one model; returns a description of the disagreement, if any. */
function disagreement(model: Model): string | undefined {
  const message = parseModel(model);
  const result = new DagsterMessageHandler().handle(message);
  const problems = validator.validateMessage(message, { level: "dagster" }).filter((problem) => problem.level === "dagster");
  const rejected = problems.length > 0;
  if (rejected === !result.accepted) {
    if (result.accepted) return undefined;
    if (problems.some((problem) => harnessCode(problem.code) === result.rejection.code)) return undefined;
    return `same verdict, but the handler's ${result.rejection.code} (${result.rejection.pointer}) is not among the validator's ${problems.map((p) => `${p.code} ${p.pointer}`).join(", ")}`;
  }
  return result.accepted
    ? `handler accepts, validator rejects: ${problems.map((p) => `${p.code} ${p.pointer}: ${p.message}`).join("; ")}`
    : `handler rejects (${result.rejection.code} ${result.rejection.pointer}: ${result.rejection.message}), validator accepts`;
}

function assertAgreement(arbitrary: fc.Arbitrary<{ model: Model; description: string }>, numRuns: number): void {
  fc.assert(
    fc.property(arbitrary, ({ model, description }) => {
      const problem = disagreement(model);
      if (problem !== undefined) throw new Error(`${problem}\n  mutation: ${description}\n  message: ${renderModel(model)}`);
    }),
    { seed: SEED, numRuns },
  );
}

describe("dagster level agrees with the handler emulation", () => {
  it("on messages the reference writes", () => {
    assertAgreement(referenceMessage.map((model) => ({ model, description: "none" })), 1500);
  });

  it("on messages only Dagster accepts", () => {
    assertAgreement(dagsterMessage.map((model) => ({ model, description: "none" })), 1500);
  });

  it("on single random mutations", () => {
    const mutated = fc.tuple(fc.oneof(referenceMessage, dagsterMessage), randomMutation).map(([model, mutation]) => applyMutation(model, mutation));
    assertAgreement(mutated, 4000);
  });

  it("on double random mutations", () => {
    const mutated = fc.tuple(fc.oneof(referenceMessage, dagsterMessage), randomMutation, randomMutation).map(([model, first, second]) => {
      const once = applyMutation(model, first);
      const twice = applyMutation(once.model, second);
      return { model: twice.model, description: `${once.description}; ${twice.description}` };
    });
    assertAgreement(mutated, 3000);
  });

  it("agrees on accepted generated messages with no dagster problem at all", () => {
    fc.assert(
      fc.property(dagsterMessage, (model) => {
        const message = parseModel(model);
        expect(new DagsterMessageHandler().handle(message).accepted).toBe(true);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe("dagster level agrees with the handler emulation, per metadata type", () => {
  // Mutations of one metadata value at a time reach deep into tables and lineage, which whole
  // messages rarely do.
  for (const type of METADATA_TYPES) {
    it(`on mutated ${type} values`, () => {
      const message = fc
        .oneof(dagsterRawValue[type], referenceRawValue[type])
        .map((raw) => envelope("report_asset_materialization", { asset_key: "a", data_version: null, metadata: { m: { raw_value: raw, type } } }));
      const mutated = fc.tuple(message, randomMutation, randomMutation).map(([model, first, second]) => {
        const once = applyMutation(model, first);
        const twice = applyMutation(once.model, second);
        return { model: twice.model, description: `${once.description}; ${twice.description}` };
      });
      assertAgreement(mutated, 3000);
    });
  }
});
