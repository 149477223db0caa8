import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { replayCommand } from "../../reports/replay-command.js";
import { everyVerdictReport } from "./synthetic-reports.js";

describe("replayCommand", () => {
  const report = everyVerdictReport();
  const result = report.results.find((candidate) => candidate.verdict === "fail")!;

  it("repeats the working directory and names the added variables without their values", () => {
    const header = { ...report.header, programCwd: "/srv/job dir", envNames: ["API_TOKEN", "REGION"] };
    const command = replayCommand(header, result);
    expect(command).toContain("--cwd '/srv/job dir'");
    expect(command).toContain('--env "API_TOKEN=$API_TOKEN" --env "REGION=$REGION" --');
  });

  it("gives each variable the replaying shell's value, never one the report held", () => {
    const header = { ...report.header, command: ["printenv"], envNames: ["PIPES_REPLAY_PROBE"] };
    const command = replayCommand(header, result);
    // What the shell passes to the tool for the --env argument, with the variable set in the shell.
    const shown = execFileSync("sh", ["-c", `set -- ${command.replace(/^npx pipes-conformance /, "")}; for a in "$@"; do echo "$a"; done`], { env: { ...process.env, PIPES_REPLAY_PROBE: "s3cret value" }, encoding: "utf8" });
    expect(shown.split("\n")).toContain("PIPES_REPLAY_PROBE=s3cret value");
    expect(command).not.toContain("s3cret");
  });

  it("adds nothing when the program ran in the run's directory with the inherited environment", () => {
    const command = replayCommand(report.header, result);
    expect(command).not.toContain("--cwd");
    expect(command).not.toContain("--env");
  });
});
