/**
 * The alignment of written methods with the image's: one message too many, one missing or one in
 * place of another is one step, and what follows is matched again.
 */
import { describe, expect, it } from "vitest";
import { alignMethods, type AlignmentStep } from "../../../suites/driven/align-methods.js";

const show = (steps: AlignmentStep[]): string[] =>
  steps.map((step) => (step.kind === "missing" ? `-${step.expected}` : step.kind === "extra" ? `+${step.written}` : step.kind === "match" ? `${step.expected}=${step.written}` : `${step.expected}~${step.written}`));

describe("alignMethods", () => {
  const image = ["opened", "log", "report_asset_materialization", "report_asset_check"];

  it("matches equal sequences one to one", () => {
    expect(show(alignMethods(image, image))).toEqual(["0=0", "1=1", "2=2", "3=3"]);
  });

  it("reads a message of the library's own as one extra message, and matches the rest", () => {
    expect(show(alignMethods(image, ["opened", "log", "log", "report_asset_materialization", "report_asset_check"]))).toEqual(["0=0", "1=1", "+2", "2=3", "3=4"]);
    expect(show(alignMethods(image, ["opened", "report_custom_message", "log", "report_asset_materialization", "report_asset_check"]))).toEqual(["0=0", "+1", "1=2", "2=3", "3=4"]);
  });

  it("reads a message left out in the middle as missing, and matches the rest", () => {
    expect(show(alignMethods(image, ["opened", "log", "report_asset_check"]))).toEqual(["0=0", "1=1", "-2", "3=2"]);
  });

  it("reads a run cut short as messages missing at the end, not as substitutions", () => {
    expect(show(alignMethods(image, ["opened", "log"]))).toEqual(["0=0", "1=1", "-2", "-3"]);
    expect(show(alignMethods(image, ["opened", "report_custom_message"]))).toEqual(["0=0", "1~1", "-2", "-3"]);
  });

  it("reads one message in place of another as a substitution, and one too many at the end as extra", () => {
    expect(show(alignMethods(image, ["opened", "report_custom_message", "report_asset_materialization", "report_asset_check"]))).toEqual(["0=0", "1~1", "2=2", "3=3"]);
    expect(show(alignMethods(["opened", "log"], ["opened", "report_custom_message", "report_asset_check"]))).toEqual(["0=0", "1~1", "+2"]);
    expect(show(alignMethods(["opened"], ["opened", undefined]))).toEqual(["0=0", "+1"]);
  });

  it("aligns nothing with something", () => {
    expect(show(alignMethods([], ["opened"]))).toEqual(["+0"]);
    expect(show(alignMethods(["opened"], []))).toEqual(["-0"]);
  });
});
