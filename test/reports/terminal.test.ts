import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatJsonReport } from "../../reports/reporters/json-reporter.js";
import { colourWanted } from "../../reports/terminal.js";
import { runCli } from "./fake-io.js";
import { everyVerdictReport } from "./synthetic-reports.js";

const directory = mkdtempSync(join(tmpdir(), "terminal-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe("colour", () => {
  it("is on for a terminal, off elsewhere, unless FORCE_COLOR or NO_COLOR or --no-color say otherwise", () => {
    expect(colourWanted(true, {})).toBe(true);
    expect(colourWanted(false, {})).toBe(false);
    expect(colourWanted(true, { NO_COLOR: "1" })).toBe(false);
    expect(colourWanted(false, { FORCE_COLOR: "1" })).toBe(true);
    expect(colourWanted(false, { FORCE_COLOR: "" })).toBe(true);
    expect(colourWanted(false, { FORCE_COLOR: "3" })).toBe(true);
    expect(colourWanted(true, { FORCE_COLOR: "0" })).toBe(false);
    expect(colourWanted(true, { FORCE_COLOR: "false" })).toBe(false);
    // As in Node.js: FORCE_COLOR wins over NO_COLOR; --no-color wins over both.
    expect(colourWanted(false, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(true);
    expect(colourWanted(true, { FORCE_COLOR: "1" }, true)).toBe(false);
  });

  it("FORCE_COLOR colours a command's output off a terminal (CI logs), never a report file", async () => {
    writeFileSync(join(directory, "broken.jsonl"), "not json\n");
    const plain = await runCli(["validate", "broken.jsonl"], directory);
    expect(plain.stdout).not.toContain("\u001b[");
    const forced = await runCli(["validate", "broken.jsonl"], directory, { FORCE_COLOR: "1" });
    expect(forced.stdout).toContain("\u001b[31m");
    writeFileSync(join(directory, "run.json"), formatJsonReport(everyVerdictReport()));
    const toFile = await runCli(["report", "run.json", "--output", "console=console.txt"], directory, { FORCE_COLOR: "1" });
    expect(toFile.code).toBe(0);
    expect(readFileSync(join(directory, "console.txt"), "utf8")).not.toContain("\u001b[");
  });
});
