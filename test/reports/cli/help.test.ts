import { describe, expect, it } from "vitest";
import { SUITE_COMMAND } from "../../../reports/cli/commands/suite.js";
import { runCli } from "../fake-io.js";

describe("--help", () => {
  it("shows the suite's options too, and --help-suite still shows them alone", async () => {
    const help = await runCli(["--help"], process.cwd());
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Commands:");
    expect(help.stdout).toContain("Suite options (pipes-conformance [options] -- <program>):");
    for (const option of SUITE_COMMAND.options) expect(help.stdout, option.name).toContain(`--${option.name}`);
    expect(help.stdout).toMatch(/^ {2}130 {2}interrupted by SIGINT/m);
    // No summary ends in two full stops.
    expect(help.stdout).not.toMatch(/\.\.$/m);
    const suite = await runCli(["--help-suite"], process.cwd());
    expect(suite.code).toBe(0);
    expect(suite.stdout).toMatch(/^Usage: pipes-conformance \[options\] -- <program>/);
    expect(suite.stdout).toContain("--transports LIST");
  });
});
