/**
 * The alignment of written methods with the image's: one message too many, one missing or one in
 * place of another is one step, and what follows is matched again.
 */
import { describe, expect, it } from "vitest";
import { alignMethods, type AlignmentStep } from "../../../suites/driven/align-methods.js";

const show = ({ steps }: { steps: AlignmentStep[] }): string[] =>
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
    expect(alignMethods(image, ["opened", "log"]).tailStart).toBe(2);
    expect(show(alignMethods(image, ["opened", "report_custom_message"]))).toEqual(["0=0", "1~1", "-2", "-3"]);
    // Cut short (a crash): the tail costs nothing, and what the library wrote before it is its own.
    expect(show(alignMethods(image, ["opened", "report_custom_message"], undefined, { cutShort: true }))).toEqual(["0=0", "+1", "-1", "-2", "-3"]);
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

  it("reads a crash as the image's tail left unwritten, and keeps the written messages in their places", () => {
    const actions = ["opened", "log", "report_asset_materialization", "log"];
    // The written log is the last action's image, but the session ended after one log: it is the first log, with other params.
    const cut = alignMethods(actions, ["opened", "log"], (i, j) => i === 3 && j === 1, { cutShort: true });
    expect(show(cut)).toEqual(["0=0", "1=1", "-2", "-3"]);
    expect(cut.tailStart).toBe(2);
    // A message of the library's own right before the crash is an extra message; the crash stopped the materialization.
    const own = alignMethods(["opened", "log", "report_asset_materialization", "report_custom_message"], ["opened", "log", "log"], (i, j) => j === 1, { cutShort: true });
    expect(show(own)).toEqual(["0=0", "1=1", "+2", "-2", "-3"]);
    expect(own.tailStart).toBe(2);
    // A message left out is still missing in the middle when an exact one follows it.
    const middle = alignMethods(["opened", "a", "b", "c"], ["opened", "a", "c"], undefined, { cutShort: true });
    expect(show(middle)).toEqual(["0=0", "1=1", "-2", "3=2"]);
    expect(middle.tailStart).toBe(4);
  });

  it("matches the common ends of sequences too long to align and lines up the rest", () => {
    const expected = ["opened", ...Array.from({ length: 600 }, () => "log")];
    const written = ["opened", "report_custom_message", ...Array.from({ length: 600 }, () => "log")];
    const alignment = alignMethods(expected, written);
    expect(alignment.lined).toBe(true);
    expect(show(alignment).slice(0, 3)).toEqual(["0=0", "+1", "1=2"]);
    expect(alignment.steps.filter((step) => step.kind !== "match")).toHaveLength(1);
  });

  it("compares position by position up to the first difference when even the middle is too long to align", () => {
    const expected = ["opened", ...Array.from({ length: 600 }, (_, index) => (index % 2 === 0 ? "log" : "report_custom_message"))];
    const written = ["opened", ...Array.from({ length: 600 }, (_, index) => (index % 3 === 0 ? "log" : "report_custom_message"))];
    const alignment = alignMethods(expected, written);
    expect(alignment.lined).toBe(false);
    expect(show(alignment)).toEqual(["0=0", "1=1", "2=2", "3~3"]);
  });
});
