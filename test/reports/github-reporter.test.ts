/**
 * The GitHub reporter respects GitHub's annotation limits (10 of each kind per step) and its
 * workflow-command escaping, and appends the Markdown summary to GITHUB_STEP_SUMMARY.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { escapeData, escapeProperty, workflowCommand } from "../../reports/github-commands.js";
import { renderAnnotations } from "../../reports/reporters/github-reporter.js";
import { renderWith } from "./render.js";
import { everyVerdictReport, HOSTILE, report, result } from "./synthetic-reports.js";

const scratch = mkdtempSync(join(tmpdir(), "github-reporter-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Undoes the runner's escaping, as GitHub does when it reads a command. */
function unescape(text: string): string {
  return text.replaceAll("%0D", "\r").replaceAll("%0A", "\n").replaceAll("%3A", ":").replaceAll("%2C", ",").replaceAll("%25", "%");
}

/** Parses workflow command lines: kind, properties, message. */
function parseCommands(output: string): { kind: string; properties: Record<string, string>; message: string }[] {
  expect(output.endsWith("\n")).toBe(true);
  return output
    .slice(0, -1)
    .split("\n")
    .map((line) => {
      const match = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
      expect(match, line).not.toBeNull();
      const properties = Object.fromEntries((match![2] ?? "").split(",").filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf("=")), unescape(pair.slice(pair.indexOf("=") + 1))]));
      return { kind: match![1]!, properties, message: unescape(match![3]!) };
    });
}

describe("github reporter", () => {
  it("escapes data and properties as the runner expects", () => {
    expect(escapeData("100% a\r\nb:c,d")).toBe("100%25 a%0D%0Ab:c,d");
    expect(escapeProperty("100% a\r\nb:c,d")).toBe("100%25 a%0D%0Ab%3Ac%2Cd");
    expect(workflowCommand("error", { title: "a:b,c" }, "x\ny")).toBe("::error title=a%3Ab%2Cc::x%0Ay\n");
  });

  it("writes one line per annotation, never letting report text start a line", async () => {
    const output = await renderWith("github", everyVerdictReport());
    const commands = parseCommands(output);
    expect(commands.map((command) => command.kind)).toEqual(["error", "error", "error", "error", "warning"]);
    expect(commands[0]!.properties.title).toBe("FAIL lifecycle.closed-exactly-once [E_CLOSED_TWICE]");
    const hostile = commands.find((command) => command.properties.title === "FAIL context.tolerated#ctx=2 [E_SESSION_FAILED]")!;
    // Round trip: the message GitHub shows holds the text, controls made visible.
    expect(hostile.message).toContain("100% a:b,c CR\rLF\nTAB\tend");
    expect(hostile.message).toContain("\\u0000");
    expect(hostile.message).toContain("replay: npx pipes-conformance --case context.tolerated --driven --seed 1234 --path 2:0:1 --");
    expect(output).not.toContain("\u001b");
  });

  it("writes at most 10 errors and 10 warnings, and one notice counting the rest", () => {
    const results = [
      ...Array.from({ length: 14 }, (_, index) => result(`area.should-${index}`, "warn", { reason: "W_X" })),
      ...Array.from({ length: 20 }, (_, index) => result(`area.must-${index}`, "fail", { reason: "E_X" })),
      result("area.timed-out", "timeout", { reason: "TIMEOUT", message: "slow" }),
    ];
    const commands = parseCommands(renderAnnotations(report(results), false));
    expect(commands.filter((command) => command.kind === "error")).toHaveLength(10);
    expect(commands.filter((command) => command.kind === "warning")).toHaveLength(10);
    const notices = commands.filter((command) => command.kind === "notice");
    expect(notices).toHaveLength(1);
    expect(notices[0]!.message).toMatch(/^11 more failure\(s\) and 4 more warning\(s\) not annotated/);
    // Failures come first, most important first.
    expect(commands[0]!.properties.title).toBe("FAIL area.must-0 [E_X]");
  });

  it("makes warnings errors under --strict and writes no notice when everything fits", () => {
    const results = [result("area.a", "warn", { reason: "W_X" }), result("area.b", "pass")];
    const commands = parseCommands(renderAnnotations(report(results), true));
    expect(commands.map((command) => command.kind)).toEqual(["error"]);
    expect(renderAnnotations(report([result("area.b", "pass")]), false)).toBe("");
  });

  it("appends the Markdown summary to GITHUB_STEP_SUMMARY, keeping what is there", async () => {
    const file = join(scratch, "summary.md");
    writeFileSync(file, "# earlier step\n");
    await renderWith("github", everyVerdictReport(), { env: { GITHUB_STEP_SUMMARY: file } });
    const text = readFileSync(file, "utf8");
    expect(text.startsWith("# earlier step\n## ❌ pipes-conformance: failing")).toBe(true);
    expect(text).toContain("<details><summary>All 9 results</summary>");
    expect(text).not.toContain(HOSTILE);
  });

  it("warns instead of failing when the step summary cannot be written", async () => {
    const output = await renderWith("github", report([result("area.b", "pass")]), { env: { GITHUB_STEP_SUMMARY: join(scratch, "missing", "dir", "summary.md") } });
    expect(output).toMatch(/^::warning title=pipes-conformance::cannot append to GITHUB_STEP_SUMMARY .*ENOENT\n$/);
  });
});
