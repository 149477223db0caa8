/**
 * Snapshots of every reporter on a fixed synthetic report (every verdict, generated inputs,
 * hostile text): a change to any rendering shows up as a reviewable diff of a committed file.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { visibleControls } from "../../reports/text-safety.js";
import { renderWith } from "./render.js";
import { everyVerdictReport } from "./synthetic-reports.js";

const scratch = mkdtempSync(join(tmpdir(), "reporters-snapshot-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("reporter snapshots", () => {
  it("console", async () => {
    // Normalised only so the snapshot file stays valid UTF-8 text; describeResult already escapes target text.
    const output = visibleControls(await renderWith("console", everyVerdictReport()));
    await expect(output).toMatchFileSnapshot("__snapshots__/console.txt");
  });

  it("console under --strict", async () => {
    const output = visibleControls(await renderWith("console", everyVerdictReport({ strict: true })));
    await expect(output).toMatchFileSnapshot("__snapshots__/console-strict.txt");
  });

  it("json", async () => {
    const output = await renderWith("json", everyVerdictReport());
    expect(JSON.parse(output)).toEqual(JSON.parse(JSON.stringify(everyVerdictReport())));
    await expect(output).toMatchFileSnapshot("__snapshots__/report.json");
  });

  it("junit (default: warnings pass with a note)", async () => {
    await expect(await renderWith("junit", everyVerdictReport())).toMatchFileSnapshot("__snapshots__/junit.xml");
  });

  it("junit under --strict (warnings are failures)", async () => {
    await expect(await renderWith("junit", everyVerdictReport({ strict: true }))).toMatchFileSnapshot("__snapshots__/junit-strict.xml");
  });

  it("github annotations and step summary", async () => {
    const summary = join(scratch, "step-summary.md");
    const output = await renderWith("github", everyVerdictReport(), { env: { GITHUB_STEP_SUMMARY: summary } });
    await expect(output).toMatchFileSnapshot("__snapshots__/github.txt");
    await expect(readFileSync(summary, "utf8")).toMatchFileSnapshot("__snapshots__/github-step-summary.md");
  });

  it("markdown", async () => {
    await expect(await renderWith("markdown", everyVerdictReport())).toMatchFileSnapshot("__snapshots__/markdown.md");
  });
});
