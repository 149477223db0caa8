/**
 * Generated messages of every shape validate, and single mutations of valid messages are refused
 * with the reason code (and pointer) the mutation must produce: drop a required key, add a key,
 * change a type, unwrap a metadata value, write a number in the other class.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DagsterMessageHandler, PIPES_METHODS, type PipesMethod } from "../../harness/dagster/message-handler.js";
import { METADATA_TYPES, type MetadataType } from "../../harness/dagster/metadata-resolution.js";
import type { Problem } from "../../schemas/problem-codes.js";
import { createValidator } from "../../schemas/validator.js";
import {
  dagsterMessageOf,
  envelope,
  referenceException,
  referenceMessageOf,
  referenceRawValue,
  referenceParams,
  safeInt,
} from "./support/message-arbitraries.js";
import { cloneModel, isModelObject, parseModel, PyBigInt, PyFloat, renderModel, type Model, type ModelObject } from "./support/python-model.js";
import { REPLACEMENTS } from "./support/mutations.js";

/** Seed of every property here (fast-check prints it, with the counterexample, on failure). */
const SEED = 424_242;
const RUNS = 200;

const validator = createValidator();

function problemsOf(model: Model, level: "dagster" | "reference", channel: "file" | "stdio" = "file"): Problem[] {
  return validator.validateMessage(parseModel(model), { level, channel });
}

function codes(problems: Problem[], level: Problem["level"]): string[] {
  return problems.filter((problem) => problem.level === level).map((problem) => `${problem.code} ${problem.pointer}`);
}

/** Asserts the dagster level reports `code` at `pointer`, and that Dagster's handler rejects too. */
function expectRejected(model: Model, code: string, pointer: string): void {
  const problems = problemsOf(model, "dagster");
  const found = codes(problems, "dagster");
  if (!found.includes(`${code} ${pointer}`)) {
    throw new Error(`expected ${code} at ${pointer}, got [${found.join(", ")}] for ${renderModel(model)}`);
  }
  expect(new DagsterMessageHandler().handle(parseModel(model)).accepted).toBe(false);
}

const KEYWORD_METHODS = ["log", "report_asset_materialization", "report_asset_check", "report_custom_message", "log_external_stream"] as const;
const REQUIRED: Record<(typeof KEYWORD_METHODS)[number], string[]> = {
  log: ["message"],
  report_asset_materialization: ["asset_key", "metadata", "data_version"],
  report_asset_check: ["asset_key", "check_name", "passed", "severity", "metadata"],
  report_custom_message: ["payload"],
  log_external_stream: ["stream", "text"],
};

describe("generated messages validate", () => {
  for (const method of PIPES_METHODS) {
    it(`${method}: as the reference writes it, at both levels`, () => {
      fc.assert(
        fc.property(referenceMessageOf(method), (model) => {
          const problems = problemsOf(model, "reference");
          expect(codes(problems, "dagster"), renderModel(model)).toEqual([]);
          expect(codes(problems, "reference"), renderModel(model)).toEqual([]);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });

    it(`${method}: in shapes only Dagster accepts, at the dagster level`, () => {
      fc.assert(
        fc.property(dagsterMessageOf(method), (model) => {
          expect(codes(problemsOf(model, "dagster"), "dagster"), renderModel(model)).toEqual([]);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });
  }

  for (const type of METADATA_TYPES) {
    it(`metadata ${type}: every generated raw_value validates at both levels`, () => {
      fc.assert(
        fc.property(referenceRawValue[type], (raw) => {
          const model = envelope("report_asset_materialization", { asset_key: "a", data_version: null, metadata: { m: { raw_value: raw, type } } });
          const problems = problemsOf(model, "reference");
          expect([...codes(problems, "dagster"), ...codes(problems, "reference")], renderModel(model)).toEqual([]);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });
  }
});

describe("single mutations are refused with the expected code", () => {
  for (const method of KEYWORD_METHODS) {
    it(`${method}: dropping a required key gives E_PARAMS_MISSING_KEY`, () => {
      fc.assert(
        fc.property(referenceMessageOf(method), fc.constantFrom(...REQUIRED[method]), (model, key) => {
          const copy = cloneModel(model);
          delete (copy.params as ModelObject)[key];
          expectRejected(copy, "E_PARAMS_MISSING_KEY", "/params");
        }),
        { seed: SEED, numRuns: 50 },
      );
    });

    it(`${method}: adding a key gives E_PARAMS_EXTRA_KEY`, () => {
      fc.assert(
        fc.property(referenceMessageOf(method), fc.constantFrom("extra", "exception", "asset", "Level"), fc.constantFrom(...REPLACEMENTS), (model, key, value) => {
          const copy = cloneModel(model);
          (copy.params as ModelObject)[key] = value;
          expectRejected(copy, "E_PARAMS_EXTRA_KEY", `/params/${key}`);
        }),
        { seed: SEED, numRuns: 50 },
      );
    });

    it(`${method}: params of another type give E_PARAMS_NOT_OBJECT`, () => {
      fc.assert(
        fc.property(referenceMessageOf(method), fc.constantFrom<Model>(null, [], [1], "x", 3, true, new PyFloat(1)), (model, params) => {
          expectRejected({ ...model, params }, "E_PARAMS_NOT_OBJECT", "/params");
        }),
        { seed: SEED, numRuns: 30 },
      );
    });
  }

  it("optional keys: dropping log.level or log_external_stream.extras is a reference-level warning only", () => {
    fc.assert(
      fc.property(referenceMessageOf("log"), referenceMessageOf("log_external_stream"), (log, stream) => {
        const withoutLevel = cloneModel(log);
        delete (withoutLevel.params as ModelObject).level;
        const withoutExtras = cloneModel(stream);
        delete (withoutExtras.params as ModelObject).extras;
        expect(codes(problemsOf(withoutLevel, "reference"), "dagster")).toEqual([]);
        expect(codes(problemsOf(withoutLevel, "reference"), "reference")).toEqual(["W_LOG_LEVEL_MISSING /params"]);
        expect(codes(problemsOf(withoutExtras, "reference"), "reference")).toEqual(["W_EXTERNAL_STREAM_EXTRAS /params"]);
      }),
      { seed: SEED, numRuns: 50 },
    );
  });

  /** Per param: values Dagster refuses there, and the code it must produce. */
  const TYPE_SITES: { method: PipesMethod; key: string; refused: Model[]; code: string }[] = [
    { method: "log", key: "message", refused: [null, 1, true, [], {}, new PyFloat(1.5)], code: "E_PARAM_TYPE" },
    { method: "log", key: "level", refused: [null, "notset", "trace", "", "WARNINGS", [], {}, new PyFloat(20), new PyFloat(2.5), new PyFloat(NaN)], code: "E_LOG_LEVEL" },
    { method: "report_asset_materialization", key: "asset_key", refused: [null, 1, true, [], {}, ["a"]], code: "E_PARAM_TYPE" },
    { method: "report_asset_materialization", key: "data_version", refused: [1, true, [], {}, new PyFloat(1)], code: "E_PARAM_TYPE" },
    { method: "report_asset_materialization", key: "metadata", refused: [[], [1], "x", 0, true, new PyFloat(1)], code: "E_METADATA_NOT_OBJECT" },
    { method: "report_asset_check", key: "check_name", refused: [null, 1, [], {}], code: "E_PARAM_TYPE" },
    { method: "report_asset_check", key: "passed", refused: [null, 0, 1, "true", [], new PyFloat(1)], code: "E_PARAM_TYPE" },
    { method: "report_asset_check", key: "severity", refused: [null, "warn", "Error", "WARNING", "INFO", 1, [], {}], code: "E_SEVERITY" },
    { method: "report_asset_check", key: "metadata", refused: [[], "", 1], code: "E_METADATA_NOT_OBJECT" },
    { method: "log_external_stream", key: "stream", refused: [null, "STDOUT", "out", 1, []], code: "E_STREAM" },
    { method: "log_external_stream", key: "text", refused: [null, 1, [], {}, true], code: "E_PARAM_TYPE" },
  ];
  for (const site of TYPE_SITES) {
    it(`${site.method}.${site.key}: a refused value gives ${site.code}`, () => {
      fc.assert(
        fc.property(referenceMessageOf(site.method), fc.constantFrom(...site.refused), (model, value) => {
          const copy = cloneModel(model);
          (copy.params as ModelObject)[site.key] = value;
          expectRejected(copy, site.code, `/params/${site.key}`);
        }),
        { seed: SEED, numRuns: 60 },
      );
    });
  }

  it("envelope: a dropped method, dropped params, an unknown method, a non-object", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PIPES_METHODS).chain(referenceMessageOf), fc.constantFrom<Model>("job", "log_stdio", "LOG", "", null, 1), (model, method) => {
        const noMethod = cloneModel(model);
        delete noMethod.method;
        expectRejected(noMethod, "E_MESSAGE_NO_METHOD", "");
        const noParams = cloneModel(model);
        delete noParams.params;
        expectRejected(noParams, "E_MESSAGE_NO_PARAMS", "");
        expectRejected({ ...model, method }, "E_UNKNOWN_METHOD", "/method");
        expectRejected([model], "E_MESSAGE_NOT_OBJECT", "");
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("version: dropped is a reference warning on the file channel and a loss on stdio; another value a warning", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PIPES_METHODS).chain(referenceMessageOf), fc.constantFrom<Model>("0.2", "", null, 0.1 as unknown as Model, "0.1.0"), (model, version) => {
        const dropped = cloneModel(model);
        delete dropped.__dagster_pipes_version;
        expect(codes(problemsOf(dropped, "reference"), "dagster")).toEqual([]);
        expect(codes(problemsOf(dropped, "reference"), "reference")).toEqual(["W_VERSION_MISSING "]);
        expect(codes(problemsOf(dropped, "dagster", "stdio"), "dagster")).toEqual(["E_VERSION_MISSING_ON_STDIO "]);
        const other = { ...model, __dagster_pipes_version: typeof version === "number" ? new PyFloat(version) : version };
        expect(codes(problemsOf(other, "reference", "stdio"), "dagster")).toEqual([]);
        expect(codes(problemsOf(other, "reference"), "reference")).toEqual(["W_VERSION_NOT_0_1 /__dagster_pipes_version"]);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it("closed: truthy non-objects Python cannot search, strings and lists holding \"exception\"", () => {
    fc.assert(
      fc.property(fc.constantFrom<Model>(true, 1, -1, new PyFloat(2.5), new PyFloat(NaN), "an exception", "exception", ["exception"], [1, "exception"]), (params) => {
        expectRejected(envelope("closed", params), "E_CLOSED_PARAMS", "/params");
      }),
      { seed: SEED, numRuns: 30 },
    );
  });

  it("exception: a dropped key or a truthy non-exception cause gives E_EXCEPTION_SHAPE", () => {
    fc.assert(
      fc.property(
        referenceException,
        fc.constantFrom("message", "stack", "name", "cause", "context"),
        fc.constantFrom<Model>("x", [1], 1, true, { a: 1 }),
        (exception, key, cause) => {
          const dropped = cloneModel(exception);
          delete dropped[key];
          expectRejected(envelope("closed", { exception: dropped }), "E_EXCEPTION_SHAPE", "/params/exception");
          const chained = { ...cloneModel(exception), cause };
          expectRejected(envelope("closed", { exception: chained }), "E_EXCEPTION_SHAPE", "/params/exception/cause");
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
  });
});

describe("metadata mutations are refused with the expected code", () => {
  const entryMessage = (entry: Model, method: "report_asset_materialization" | "report_asset_check" = "report_asset_materialization"): ModelObject =>
    method === "report_asset_materialization"
      ? envelope(method, { asset_key: "a", data_version: null, metadata: { m: entry } })
      : envelope(method, { asset_key: "a", check_name: "c", passed: true, severity: "WARN", metadata: { m: entry } });

  for (const type of METADATA_TYPES) {
    it(`${type}: unwrapping gives E_METADATA_BARE_VALUE (or E_METADATA_MISSING_KEY for an object)`, () => {
      fc.assert(
        fc.property(referenceRawValue[type], fc.constantFrom("report_asset_materialization", "report_asset_check" as const), (raw, method) => {
          expectRejected(entryMessage(raw, method), isModelObject(raw) ? "E_METADATA_MISSING_KEY" : "E_METADATA_BARE_VALUE", "/params/metadata/m");
        }),
        { seed: SEED, numRuns: 40 },
      );
    });

    it(`${type}: dropping raw_value or type gives E_METADATA_MISSING_KEY; an unknown type E_METADATA_UNKNOWN_TYPE`, () => {
      fc.assert(
        fc.property(referenceRawValue[type], fc.constantFrom<Model>("job", "", "Text", "integer", null, 1, ["text"]), (raw, unknown) => {
          expectRejected(entryMessage({ type }), "E_METADATA_MISSING_KEY", "/params/metadata/m");
          expectRejected(entryMessage({ raw_value: raw }), "E_METADATA_MISSING_KEY", "/params/metadata/m");
          expectRejected(entryMessage({ raw_value: raw, type: unknown }), "E_METADATA_UNKNOWN_TYPE", "/params/metadata/m/type");
        }),
        { seed: SEED, numRuns: 20 },
      );
    });
  }

  /** Per type, raw values Dagster refuses (the dagster column of PROTOCOL.md §4). */
  const REFUSED: Partial<Record<MetadataType, Model[]>> = {
    text: [1, true, [], {}, new PyFloat(1)],
    url: [1, false, ["u"]],
    path: [1, true, {}],
    notebook: [2, [], {}],
    md: [3, {}, true],
    json: [1, true, new PyFloat(1.5), false],
    float: [true, "1.5", [], {}, "NaN"],
    int: ["1", [], {}, new PyFloat(1.5), new PyFloat(NaN)],
    bool: [0, 1, "true", [], {}],
    dagster_run: [null, 1, [], {}],
    asset: [null, 1, ["a", "b"], {}],
    timestamp: [null, "1700000000", [], {}],
    table: [null, [], "x", { records: [] }, { schema: [] }, { records: [1], schema: [] }, { records: [{ a: [1] }], schema: [] }, { records: [], schema: [{ name: "a" }] }],
    table_schema: [null, [], { columns: [{ type: "t" }] }, { columns: [{ name: "a", type: "t", constraints: { nullable: null } }] }, { columns: "ab" }],
    table_column_lineage: [null, { deps_by_column: [] }, { deps_by_column: { c: [{ asset_key: "a" }] } }, { deps_by_column: { c: [{ asset_key: 1, column_name: "x" }] } }, { deps_by_column: { c: [{ asset_key: "a", column_name: "x", extra: 1 }] } }],
  };
  for (const [type, refused] of Object.entries(REFUSED) as [MetadataType, Model[]][]) {
    it(`${type}: a raw_value Dagster refuses gives E_METADATA_VALUE`, () => {
      fc.assert(
        fc.property(fc.constantFrom(...refused), (raw) => {
          const model = entryMessage({ raw_value: raw, type });
          const found = codes(problemsOf(model, "dagster"), "dagster");
          expect(found.length, renderModel(model)).toBeGreaterThan(0);
          expect(found.every((entry) => entry.startsWith("E_METADATA_VALUE /params/metadata/m/raw_value")), `${found.join(", ")} for ${renderModel(model)}`).toBe(true);
          expect(new DagsterMessageHandler().handle(parseModel(model)).accepted).toBe(false);
        }),
        { seed: SEED, numRuns: refused.length * 3 },
      );
    });
  }

  it("number class: a whole typed float written as an int, a typed int written as a float, a float log level", () => {
    fc.assert(
      fc.property(safeInt, fc.constantFrom("report_asset_materialization", "report_asset_check" as const), (n, method) => {
        expectRejected(entryMessage({ raw_value: n, type: "float" }, method), "E_METADATA_FLOAT_AS_INT", "/params/metadata/m/raw_value");
        expectRejected(entryMessage({ raw_value: new PyFloat(n), type: "int" }, method), "E_METADATA_INT_AS_FLOAT", "/params/metadata/m/raw_value");
        expectRejected(envelope("log", { message: "m", level: new PyFloat(n) }), "E_LOG_LEVEL", "/params/level");
        // The same numbers in their right class pass.
        expect(codes(problemsOf(entryMessage({ raw_value: new PyFloat(n), type: "float" }, method), "dagster"), "dagster")).toEqual([]);
        expect(codes(problemsOf(entryMessage({ raw_value: n, type: "int" }, method), "dagster"), "dagster")).toEqual([]);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("numbers beyond what JSON Schema sees: NaN/Infinity warn, big integers inform, huge integer timestamps overflow", () => {
    const nan = problemsOf(entryMessage({ raw_value: new PyFloat(NaN), type: "float" }), "reference");
    expect(codes(nan, "dagster")).toEqual([]);
    expect(codes(nan, "reference")).toEqual(["W_NON_FINITE_NUMBER /params/metadata/m/raw_value"]);
    const big = problemsOf(entryMessage({ raw_value: new PyBigInt("123456789012345678901"), type: "int" }), "dagster");
    expect(codes(big, "dagster")).toEqual([]);
    expect(codes(big, "info")).toEqual(["I_INTEGER_BEYOND_2_53 /params/metadata/m/raw_value"]);
    expectRejected(entryMessage({ raw_value: new PyBigInt(`1${"0".repeat(400)}`), type: "timestamp" }), "E_METADATA_VALUE", "/params/metadata/m/raw_value");
  });
});

describe("reference-level mutations of valid messages", () => {
  it("closed params null or [] and opened extras [] warn (Dagster accepts them)", () => {
    for (const [model, code] of [
      [envelope("closed", null), "W_CLOSED_PARAMS_NOT_EMPTY_OBJECT /params"],
      [envelope("closed", []), "W_CLOSED_PARAMS_NOT_EMPTY_OBJECT /params"],
      [envelope("opened", { extras: [] }), "W_OPENED_EXTRAS_NOT_OBJECT /params/extras"],
      [envelope("log", { message: "m", level: "WARN" }), "W_LOG_LEVEL_NOT_CANONICAL /params/level"],
    ] as const) {
      const problems = problemsOf(model, "reference");
      expect(codes(problems, "dagster")).toEqual([]);
      expect(codes(problems, "reference")).toEqual([code]);
    }
  });

  it("every message the reference writes keeps its shape when an envelope key is added: W_ENVELOPE_EXTRA_KEY", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PIPES_METHODS).chain(referenceMessageOf), (model) => {
        const problems = problemsOf({ ...model, extra: 1 }, "reference");
        expect(codes(problems, "dagster")).toEqual([]);
        expect(codes(problems, "reference")).toEqual(["W_ENVELOPE_EXTRA_KEY /extra"]);
      }),
      { seed: SEED, numRuns: 50 },
    );
  });

  it("reference params arbitraries cover every method", () => {
    expect(Object.keys(referenceParams).sort()).toEqual([...PIPES_METHODS].sort());
  });
});
