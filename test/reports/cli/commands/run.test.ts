import { describe, expect, it } from "vitest";
import { CHANNELS, CONTEXT_FORMS, TRANSPORTS } from "../../../../harness/bootstrap/bootstrap-params.js";
import { runCli } from "../../fake-io.js";

const EXAMPLE = ["python3", "test/fixtures/python/example-target.py"];

describe("pipes-conformance run", () => {
  it("shows the example target as Dagster would resolve it and exits 0", async () => {
    const io = await runCli(["run", "--check", "daily_weather:temperatures_plausible", "--asset", "daily_weather", "--", ...EXAMPLE], process.cwd());
    const code = io.code;
    const out = io.stdout;
    expect(io.stderr).toBe("");
    expect(code).toBe(0);
    expect(out).toMatch(/materialized daily_weather/);
    expect(out).toMatch(/^ {4}\w+: float /m);
    expect(out).toMatch(/^ {4}\w+: table /m);
    expect(out).toMatch(/check passed daily_weather:temperatures_plausible severity WARN/);
    expect(out).toMatch(/custom message /);
    expect(out).toMatch(/step: SUCCEEDED/);
    expect(out.trimEnd().split("\n").pop()).toBe("OK: Dagster would run this step successfully and lose nothing.");
  });

  it("works on every transport, context form and channel, for both conforming fixtures", async () => {
    for (const argv of [["python3", "test/fixtures/python/conforming-driver.py"], ["node", "dist/test/fixtures/node/conforming-driver.js"]]) {
      for (const transport of TRANSPORTS) {
        for (const form of CONTEXT_FORMS) {
          for (const channel of CHANNELS) {
            const io = await runCli(["run", "--transport", transport, "--context-form", form, "--channel", channel, "--", ...argv], process.cwd());
            const code = io.code;
            expect(code, `${argv.join(" ")} ${transport}/${form}/${channel}: ${io.stdout}${io.stderr}`).toBe(0);
            expect(io.stdout).toMatch(/materialized my_asset/);
          }
        }
      }
    }
  });

  it("exits 1 and shows the lost messages when Dagster's reader would die", async () => {
    const io = await runCli(["run", "--", "python3", "test/fixtures/python/faulty-driver.py", "--fault", "bare-metadata"], process.cwd());
    const code = io.code;
    expect(code).toBe(1);
    expect(io.stdout).toMatch(/✗ message lost \(messages file line \d+\): \/params\/metadata\/fixture: bare value "faulty"; Dagster needs/);
    expect(io.stdout).toMatch(/Dagster's file reader dies here/);
    expect(io.stdout).toMatch(/NOT OK: no closed message was received; \d+ message\(s\) would be lost\./);
  });

  it("exits 1 for a failing step even when every message is fine", async () => {
    const io = await runCli(["run", "--", "python3", "test/fixtures/python/faulty-driver.py", "--fault", "observed-raise"], process.cwd());
    const code = io.code;
    expect(code).toBe(1);
    expect(io.stdout).toMatch(/closed with exception/);
    expect(io.stdout).toMatch(/step: FAILED \(External execution process failed with code 1\)/);
  });

  it("verifies declared checks", async () => {
    const io = await runCli(["run", "--check", "my_asset:other", "--", "python3", "test/fixtures/python/faulty-driver.py"], process.cwd());
    const code = io.code;
    expect(code).toBe(1);
    expect(io.stdout).toMatch(/No checks currently being evaluated target asset 'my_asset' and have name 'fixture_check'/);
  });

  it("prints the session record with --json", async () => {
    const io = await runCli(["run", "--json", "--", "python3", "test/fixtures/python/conforming-driver.py"], process.cwd());
    const code = io.code;
    expect(code).toBe(0);
    const record = JSON.parse(io.stdout) as { transcript: { text: string; verdict: { kind: string } }[]; dagster: { ok: boolean } };
    expect(record.dagster.ok).toBe(true);
    expect(record.transcript.map((line) => line.verdict.kind)).toEqual(["accepted", "accepted", "accepted", "accepted", "accepted"]);
  });

  it("reports usage errors in one line with exit 2", async () => {
    const cases: [string[], RegExp][] = [
      [["run"], /needs the program to run after --/],
      [["run", "--channel", "pigeon", "--", "true"], /--channel: "pigeon" is not one of/],
      [["run", "--timeout", "soon", "--", "true"], /--timeout: "soon" is not a number/],
      [["run", "--extras", "[1]", "--", "true"], /--extras: must be a JSON object/],
      [["run", "--extras", "@/nonexistent.json", "--", "true"], /--extras: cannot read/],
      [["run", "--check", "nocolon", "--", "true"], /--check: "nocolon" is not ASSET:NAME/],
      [["run", "--include-stdio", "--channel", "stderr", "--", "true"], /--include-stdio works with the file channel only/],
      [["run", "--bogus", "--", "true"], /unknown option --bogus/],
      [["run", "--", "no-such-program-xyz"], /command not found: no-such-program-xyz/],
    ];
    for (const [args, message] of cases) {
      const io = await runCli(args, process.cwd());
      const code = io.code;
      expect(code, args.join(" ")).toBe(2);
      expect(io.stderr).toMatch(message);
      expect(io.stderr.trimEnd().split("\n")).toHaveLength(1);
    }
  });

  it("shows a check that no declared spec names as what Dagster concludes, never as passed", async () => {
    const io = await runCli(["run", "--check", "my_asset:other", "--", "python3", "test/fixtures/python/faulty-driver.py"], process.cwd());
    expect(io.code).toBe(1);
    expect(io.stdout).toMatch(/✗ check not declared my_asset:fixture_check \(reported passed, severity \w+\): Dagster raises and the step fails/);
    expect(io.stdout).not.toMatch(/check passed my_asset:fixture_check/);
    // Without --check, names are not verified: shown as reported, with the note at the end.
    const unverified = await runCli(["run", "--", "python3", "test/fixtures/python/faulty-driver.py"], process.cwd());
    expect(unverified.stdout).toMatch(/check passed my_asset:fixture_check/);
  });

  it.runIf(process.platform === "linux")("says how many processes escaped the process group and how many of the group were ended", async () => {
    const io = await runCli(["run", "--", "python3", "test/fixtures/targets/escape-process-group.py", "2", "3", "exit"], process.cwd());
    expect(io.stdout).toMatch(/^3 processes of its process group were still running and were ended$/m);
    expect(io.stdout).toMatch(/^2 processes escaped the process group \(setsid\?\) and were ended$/m);
    const clean = await runCli(["run", "--", "python3", "-c", "pass"], process.cwd());
    expect(clean.stdout).not.toMatch(/escaped the process group|of its process group/);
  });
});
