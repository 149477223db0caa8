import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseBaseline, readBaseline } from "../../reports/baseline.js";
import { UsageError } from "../../reports/exit-codes.js";
import { listCases } from "../../suites/api.js";

const directory = mkdtempSync(join(tmpdir(), "baseline-ids-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const IDS = listCases().map((definition) => definition.id);

describe("baseline entries", () => {
  it("must name a case of the suite: a typo is a usage error naming its line and the nearest ID", () => {
    const file = join(directory, "typo.txt");
    writeFileSync(file, "# known\nbootstrap.env-file-context\nbootstrap.env-file-contxt E_X\n");
    expect(() => readBaseline(file, IDS)).toThrow(UsageError);
    expect(() => readBaseline(file, IDS)).toThrow(`${file}:3: no case "bootstrap.env-file-contxt" in this suite (did you mean bootstrap.env-file-context?); see pipes-conformance list`);
  });

  it("accept generated variant IDs of known cases", () => {
    const withContexts = listCases().find((definition) => definition.setup.context?.kind === "generated")!.id;
    const withActions = listCases().find((definition) => definition.setup.generatedActions === true)!.id;
    const entries = parseBaseline(`${withContexts}#ctx=2\n${withActions}#actions=1 E_X\n`, "b.txt", new Set(IDS));
    expect(entries.map((entry) => entry.id)).toEqual([`${withContexts}#ctx=2`, `${withActions}#actions=1`]);
  });

  it("are not checked without the suite's IDs (parsing alone)", () => {
    expect(parseBaseline("a.warns W_X\n", "b.txt")).toHaveLength(1);
  });
});
