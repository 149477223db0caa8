/**
 * The realistic mixed stream of DESIGN.md (test/bench/realistic-stream.ts) is deterministic, has
 * the documented mix, and is valid at both levels; the throughput benchmark runs and reports.
 */
import { describe, expect, it } from "vitest";
import { parsePythonJson } from "../../harness/json/parse-python-json.js";
import type { JsonObject } from "../../harness/json/number-lexemes.js";
import { createValidator } from "../../schemas/validator.js";
import { realisticMessageLines } from "../bench/realistic-stream.js";
import { benchValidationThroughput } from "../bench/validation-throughput.js";

describe("realistic mixed stream", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    expect([...realisticMessageLines(200, 7)]).toEqual([...realisticMessageLines(200, 7)]);
    expect([...realisticMessageLines(200, 7)]).not.toEqual([...realisticMessageLines(200, 8)]);
  });

  it("opens, closes, and mixes 60% logs, 20% materializations with 5-10 typed entries, 10% checks, 10% custom messages", () => {
    const messages = [...realisticMessageLines(5000, 1)].map((line) => {
      const parsed = parsePythonJson(line);
      if (!parsed.ok) throw new Error(line);
      return parsed.value as JsonObject;
    });
    expect(messages[0]?.method).toBe("opened");
    expect(messages[messages.length - 1]?.method).toBe("closed");
    const share = (method: string): number => messages.filter((message) => message.method === method).length / messages.length;
    expect(share("log")).toBeCloseTo(0.6, 1);
    expect(share("report_asset_materialization")).toBeCloseTo(0.2, 1);
    expect(share("report_asset_check")).toBeCloseTo(0.1, 1);
    expect(share("report_custom_message")).toBeCloseTo(0.1, 1);
    const types = new Set<string>();
    for (const message of messages.filter((m) => m.method === "report_asset_materialization")) {
      const metadata = (message.params as JsonObject).metadata as JsonObject;
      expect(Object.keys(metadata).length).toBeGreaterThanOrEqual(5);
      expect(Object.keys(metadata).length).toBeLessThanOrEqual(10);
      for (const entry of Object.values(metadata)) types.add((entry as JsonObject).type as string);
    }
    expect([...types].sort()).toEqual(["__infer__", "bool", "float", "int", "json", "table", "text", "timestamp", "url"]);
  });

  it("is valid at both levels, Python float forms included", () => {
    const validator = createValidator();
    for (const line of realisticMessageLines(3000, 2)) {
      const parsed = parsePythonJson(line);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(validator.validateMessage(parsed.value, { level: "reference" }), line).toEqual([]);
    }
  });

  it("feeds the validation benchmark, which reports messages per second", async () => {
    const result = await benchValidationThroughput({ messages: 2000, minDurationMs: 50 });
    expect(result.messages).toBeGreaterThanOrEqual(2000);
    expect(result.validated_messages_per_s).toBeGreaterThan(0);
  });
});
