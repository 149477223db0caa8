/**
 * Bad input to the tool itself: every way a user can get the command line, a config file, a
 * baseline, a saved report or a path wrong must end in exit 2 with exactly ONE line on stderr,
 * "pipes-conformance: ...", and no stack trace; an internal error must end in exit 3 with the
 * bug-report sentence. Nothing may be left behind (temp files, files in the working directory,
 * processes). The table is exported; its length is in the test name (the README quotes it).
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../../reports/cli/commands/registry.js";
import { BUG_REPORT_SENTENCE, main } from "../../../reports/cli/main.js";
import { REPORT_VERSION } from "../../../suites/model/report.js";
import { TOKEN_VARIABLE, liveProcessesWithToken, settle, usePrivateTmpdir } from "../../helpers/leftovers.js";
import { PYTHON } from "../../helpers/python.js";
import { fakeIo, runCli } from "../fake-io.js";
import { report, result } from "../synthetic-reports.js";

/** A program that would run fine: every row must be refused before (or instead of) judging it. */
const PROGRAM = ["--", PYTHON, "-c", "pass"];

/** One bad input: the arguments (run in a work directory holding the files below) and what stderr must say. */
export interface BadInput {
  name: string;
  args: string[];
  /** What the one stderr line must match (after the "pipes-conformance: " prefix). */
  says: RegExp;
}

/** Files the rows refer to, created in the work directory (the CLI's cwd). */
const FILES: Record<string, string> = {
  "bad-json.config.json": "{ not json",
  "bad-token.config.json": '{\n  "strict": true,\n  "runs": )\n}\n',
  "typo.baseline": "# known failures\nbootstrap.env-file-context\nbootstrap.env-file-contxt\n",
  "unknown-key.config.json": JSON.stringify({ pigeons: 1 }),
  "wrong-type.config.json": JSON.stringify({ timeout: "60" }),
  "not-object.config.json": "[]",
  "unknown-channel.config.json": JSON.stringify({ channels: ["pigeon"] }),
  "bad-id.baseline": "# known failures\nbootstrap.env-file-context\nNot An Id\n",
  "bad-reason.baseline": "bootstrap.env-file-context E_OK\nschema.valid lowercase_reason\n",
  "extras.txt": "{not json",
  "good.json": JSON.stringify(report([result("bootstrap.env-file-context", "pass")])),
  "not-json.json": "{oops",
  "future.json": JSON.stringify(report([result("bootstrap.env-file-context", "pass")], { reportVersion: REPORT_VERSION + 1 })),
  "not-a-report.json": JSON.stringify({ hello: "world" }),
  "a-file.txt": "a plain file, used as a directory by the rows that write under it\n",
  // A transcript whose second line Dagster refuses (validate prints a problem for it).
  "transcript.jsonl": '{"__dagster_pipes_version": "0.1", "method": "opened", "params": {"extras": {}}}\nnot json\n',
};
const DIRECTORY = "a-directory";

/** An unknown flag for every command the CLI has (the registry, so a new command gets its row). */
const UNKNOWN_FLAG_ROWS: BadInput[] = COMMANDS.map(({ spec }) => ({
  name: `unknown flag for ${spec.name === "" ? "the suite" : spec.name}`,
  args: spec.name === "" ? ["--no-such-flag", ...PROGRAM] : [spec.name, "--no-such-flag"],
  says: /unknown option --no-such-flag/,
}));

export const BAD_INPUTS: BadInput[] = [
  ...UNKNOWN_FLAG_ROWS,
  { name: "unknown command", args: ["frobnicate"], says: /unknown command "frobnicate"/ },
  { name: "help for an unknown command", args: ["help", "frobnicate"], says: /unknown command "frobnicate"/ },

  // The suite: bad values.
  { name: "suite --timeout 0", args: ["--timeout", "0", ...PROGRAM], says: /--timeout: "0"/ },
  { name: "suite --timeout abc", args: ["--timeout", "abc", ...PROGRAM], says: /--timeout: "abc"/ },
  { name: "suite --timeout -1 (a negative number, not an option)", args: ["--timeout", "-1", ...PROGRAM], says: /^--timeout: "-1" is not a number >= 0\.001$/ },
  { name: "suite --kill-grace=-1", args: ["--kill-grace=-1", ...PROGRAM], says: /--kill-grace: "-1"/ },
  { name: "suite --runs -1 (a dash value)", args: ["--runs", "-1", ...PROGRAM], says: /--runs/ },
  { name: "suite --runs=-1", args: ["--runs=-1", ...PROGRAM], says: /--runs: "-1"/ },
  { name: "suite --runs 0", args: ["--runs", "0", ...PROGRAM], says: /--runs: "0"/ },
  { name: "suite --seed x", args: ["--seed", "x", ...PROGRAM], says: /--seed: "x"/ },
  { name: "suite --shard 3/2", args: ["--shard", "3/2", ...PROGRAM], says: /--shard: "3\/2"/ },
  { name: "suite --shard 1", args: ["--shard", "1", ...PROGRAM], says: /--shard: "1"/ },
  { name: "suite --concurrency 0", args: ["--concurrency", "0", ...PROGRAM], says: /--concurrency: "0"/ },
  { name: "suite --max-fail x", args: ["--max-fail", "x", ...PROGRAM], says: /--max-fail: "x"/ },
  { name: "suite --channels pigeon", args: ["--channels", "pigeon", ...PROGRAM], says: /"pigeon" is not one of/ },
  { name: "suite --transports smoke", args: ["--transports", "smoke", ...PROGRAM], says: /"smoke" is not one of/ },
  { name: "suite --without nothing", args: ["--without", "nothing", ...PROGRAM], says: /"nothing" is not one of/ },
  { name: "suite --on-channel not declared", args: ["--on-channel", "stderr", ...PROGRAM], says: /stderr is not among the declared channels/ },
  { name: "suite --path without --seed", args: ["--path", "3:1", ...PROGRAM], says: /--path needs the --seed N it was generated with/ },
  { name: "suite --path that is not a path", args: ["--seed", "1", "--path", "three", ...PROGRAM], says: /--path: "three"/ },
  { name: "suite --output nope=x", args: ["--output", "nope=x", ...PROGRAM], says: /--output: unknown reporter "nope"/ },
  { name: "suite --output junit (no =FILE)", args: ["--output", "junit", ...PROGRAM], says: /--output: "junit" is not NAME=FILE/ },
  { name: "suite --reporter nope", args: ["--reporter", "nope", ...PROGRAM], says: /--reporter: "nope" is not one of/ },
  { name: "suite --env without =", args: ["--env", "NOEQUALS", ...PROGRAM], says: /--env: "NOEQUALS"/ },
  { name: "suite --update-baseline without a file", args: ["--update-baseline", ...PROGRAM], says: /--update-baseline needs --expected-failures/ },
  { name: "suite without a program", args: ["--driven"], says: /needs the program to run after --/ },
  { name: "suite option value missing", args: ["--case"], says: /option --case( <value>)? needs a value/ },

  // The suite: config files.
  { name: "config: not JSON", args: ["--config", "bad-json.config.json", ...PROGRAM], says: /bad-json\.config\.json:1:3: not valid JSON: Expecting property name/ },
  { name: "config: a syntax error (names line and column)", args: ["--config", "bad-token.config.json", ...PROGRAM], says: /bad-token\.config\.json:3:11: not valid JSON: Expecting value$/ },
  { name: "config: unknown key", args: ["--config", "unknown-key.config.json", ...PROGRAM], says: /unknown key "pigeons"/ },
  { name: "config: wrong type", args: ["--config", "wrong-type.config.json", ...PROGRAM], says: /"timeout" must be a positive number/ },
  { name: "config: not an object", args: ["--config", "not-object.config.json", ...PROGRAM], says: /must be a JSON object/ },
  { name: "config: an unknown channel", args: ["--config", "unknown-channel.config.json", ...PROGRAM], says: /"pigeon" is not one of/ },
  { name: "config: missing file", args: ["--config", "no-such.config.json", ...PROGRAM], says: /no-such\.config\.json: cannot read it \(ENOENT\)/ },

  // The suite: baselines.
  { name: "baseline: a malformed ID (names the line)", args: ["--expected-failures", "bad-id.baseline", ...PROGRAM], says: /bad-id\.baseline:3: not "CASE_ID \[REASON_CODE\]": Not An Id/ },
  { name: "baseline: a malformed reason (names the line)", args: ["--expected-failures", "bad-reason.baseline", ...PROGRAM], says: /bad-reason\.baseline:2: / },
  { name: "baseline: a case ID that is not in the suite (names the line)", args: ["--expected-failures", "typo.baseline", ...PROGRAM], says: /typo\.baseline:3: no case "bootstrap\.env-file-contxt" in this suite \(did you mean bootstrap\.env-file-context\?\)/ },
  { name: "baseline: missing file", args: ["--expected-failures", "no-such.baseline", ...PROGRAM], says: /--expected-failures: cannot read .*no-such\.baseline/ },

  // The suite: output paths and programs.
  { name: "suite --output under a file", args: ["--output", "junit=a-file.txt/report.xml", ...PROGRAM], says: /--output junit: cannot write .*a-file\.txt\/report\.xml/ },
  {
    name: "suite --output to a directory",
    args: ["--output", `json=${DIRECTORY}`, "--case", "bootstrap.env-file-context", ...PROGRAM],
    says: /cannot write/,
  },
  { name: "suite --output: two reporters, one file", args: ["--output", "json=same.out", "--output", "junit=same.out", ...PROGRAM], says: /--output: json and junit both write .*same\.out/ },
  { name: "suite: a program that does not exist", args: ["--", "no-such-program-pipes-conformance"], says: /command not found: no-such-program-pipes-conformance/ },
  { name: "suite: a program that is not executable", args: ["--", "./a-file.txt"], says: /command not found: \.\/a-file\.txt/ },
  {
    name: "suite --cwd that does not exist",
    args: ["--cwd", "no-such-directory", "--case", "bootstrap.env-file-context", ...PROGRAM],
    says: /no-such-directory/,
  },

  // run.
  { name: "run --timeout abc", args: ["run", "--timeout", "abc", ...PROGRAM], says: /--timeout: "abc"/ },
  { name: "run --timeout 0", args: ["run", "--timeout", "0", ...PROGRAM], says: /--timeout: "0"/ },
  { name: "run --timeout -1", args: ["run", "--timeout", "-1", ...PROGRAM], says: /^--timeout: "-1" is not a number >= 0\.001$/ },
  { name: "run --channel pigeon", args: ["run", "--channel", "pigeon", ...PROGRAM], says: /--channel: "pigeon" is not one of/ },
  { name: "run --transport smoke", args: ["run", "--transport", "smoke", ...PROGRAM], says: /--transport: "smoke" is not one of/ },
  { name: "run --max-line-bytes 5", args: ["run", "--max-line-bytes", "5", ...PROGRAM], says: /--max-line-bytes: "5"/ },
  { name: "run --retry-number=-1", args: ["run", "--retry-number=-1", ...PROGRAM], says: /--retry-number: "-1"/ },
  { name: "run --extras not JSON", args: ["run", "--extras", "{not json", ...PROGRAM], says: /--extras: not valid JSON/ },
  { name: "run --extras not an object", args: ["run", "--extras", "[1]", ...PROGRAM], says: /--extras: must be a JSON object/ },
  { name: "run --extras @file not JSON", args: ["run", "--extras", "@extras.txt", ...PROGRAM], says: /--extras: not valid JSON/ },
  { name: "run --extras @missing file", args: ["run", "--extras", "@no-such.json", ...PROGRAM], says: /--extras: cannot read no-such\.json/ },
  { name: "run --check without a colon", args: ["run", "--check", "nocolon", ...PROGRAM], says: /--check: "nocolon" is not ASSET:NAME/ },
  { name: "run --include-stdio on stderr", args: ["run", "--include-stdio", "--channel", "stderr", ...PROGRAM], says: /--include-stdio works with the file channel only/ },
  { name: "run --env without =", args: ["run", "--env", "NOEQUALS", ...PROGRAM], says: /--env: "NOEQUALS"/ },
  { name: "run --partition-range without ..", args: ["run", "--partition-range", "x", ...PROGRAM], says: /--partition-range: "x"/ },
  { name: "run --time-window not ISO", args: ["run", "--time-window", "yesterday", ...PROGRAM], says: /--time-window: "yesterday"/ },
  { name: "run without a program", args: ["run"], says: /run needs the program to run after --/ },
  { name: "run: a program that does not exist", args: ["run", "--", "no-such-program-pipes-conformance"], says: /command not found: no-such-program-pipes-conformance/ },

  // list and validate.
  { name: "list --format pigeon", args: ["list", "--format", "pigeon"], says: /--format: "pigeon" is not one of/ },
  { name: "validate without a file", args: ["validate"], says: /validate needs FILE/ },
  { name: "validate --level pigeon", args: ["validate", "--level", "pigeon", "transcript.jsonl"], says: /--level: "pigeon" is not one of/ },
  { name: "validate: a missing file", args: ["validate", "no-such.jsonl"], says: /cannot read no-such\.jsonl \(ENOENT\)/ },
  { name: "validate: a directory", args: ["validate", DIRECTORY], says: /cannot read a-directory \(EISDIR\)/ },
  { name: "validate: a character device that never ends", args: ["validate", "/dev/zero"], says: /^\/dev\/zero is a character device, not a transcript file: it may never end/ },

  // diff, merge, report: saved reports and output paths.
  { name: "diff with one report", args: ["diff", "good.json"], says: /diff needs OLD\.json NEW\.json/ },
  { name: "diff --format pigeon", args: ["diff", "--format", "pigeon", "good.json", "good.json"], says: /--format: "pigeon" is not one of/ },
  { name: "diff: a report that is not JSON", args: ["diff", "good.json", "not-json.json"], says: /not-json\.json: not valid JSON/ },
  { name: "diff: a report from a future version", args: ["diff", "future.json", "good.json"], says: /future\.json: report version \d+ was written by a newer pipes-conformance/ },
  { name: "diff: JSON that is not a report", args: ["diff", "good.json", "not-a-report.json"], says: /not-a-report\.json: not a pipes-conformance report/ },
  { name: "diff: a missing report", args: ["diff", "good.json", "no-such.json"], says: /cannot read report no-such\.json: no such file/ },
  { name: "diff: a directory as a report", args: ["diff", DIRECTORY, "good.json"], says: /cannot read report a-directory: is a directory/ },
  { name: "merge without reports", args: ["merge"], says: /merge needs FILE\.\.\./ },
  { name: "merge: a report that is not JSON", args: ["merge", "not-json.json"], says: /not-json\.json: not valid JSON/ },
  { name: "merge: a report from a future version", args: ["merge", "future.json"], says: /future\.json: report version/ },
  { name: "merge --output to a directory", args: ["merge", "good.json", "--output", DIRECTORY], says: /--output: cannot write a-directory \(EISDIR\)/ },
  { name: "merge --output under a file", args: ["merge", "good.json", "--output", "a-file.txt/merged.json"], says: /--output: cannot write a-file\.txt\/merged\.json/ },
  { name: "report without a file", args: ["report"], says: /report needs FILE/ },
  { name: "report: two files", args: ["report", "good.json", "good.json"], says: /unexpected argument "good\.json"/ },
  { name: "report: a report that is not JSON", args: ["report", "not-json.json"], says: /not-json\.json: not valid JSON/ },
  { name: "report: a report from a future version", args: ["report", "future.json"], says: /future\.json: report version \d+ was written by a newer pipes-conformance .*upgrade/ },
  { name: "report: JSON that is not a report", args: ["report", "not-a-report.json"], says: /not-a-report\.json: not a pipes-conformance report/ },
  { name: "report: a missing report", args: ["report", "no-such.json"], says: /cannot read report no-such\.json: no such file/ },
  { name: "report --reporter nope", args: ["report", "good.json", "--reporter", "nope"], says: /--reporter: "nope" is not one of/ },
  { name: "report --output under a file", args: ["report", "good.json", "--output", "junit=a-file.txt/x.xml"], says: /--output junit: cannot write/ },
  {
    name: "report --output to a directory",
    args: ["report", "good.json", "--output", `junit=${DIRECTORY}`],
    says: /cannot write/,
  },
  { name: "docs with an argument", args: ["docs", "extra"], says: /unexpected argument "extra"/ },
];

let work: string;
let restoreTmpdir: () => void;
const token = randomUUID();

beforeAll(() => {
  // A private TMPDIR: test files run in parallel, and the leftover check must see only this file's.
  restoreTmpdir = usePrivateTmpdir("bad-input");
  work = mkdtempSync(join(tmpdir(), "work-"));
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(work, name), text);
  mkdirSync(join(work, DIRECTORY));
  // Every process the CLI might start inherits this: a leftover is found by its environment.
  process.env[TOKEN_VARIABLE] = token;
});

afterAll(() => {
  delete process.env[TOKEN_VARIABLE];
  rmSync(work, { recursive: true, force: true });
  restoreTmpdir();
});

function snapshot(): { tmp: string[]; work: string[] } {
  return { tmp: readdirSync(tmpdir()).filter((name) => !work.endsWith(name)).sort(), work: readdirSync(work).sort() };
}

describe(`bad input to the tool: ${BAD_INPUTS.length} bad inputs, each exit 2 with one line on stderr`, () => {
  for (const row of BAD_INPUTS) {
    it(row.name, async () => {
      const before = snapshot();
      const { code, stderr } = await runCli(row.args, work);
      const lines = stderr.split("\n").filter((line, index, all) => !(line === "" && index === all.length - 1));
      expect(lines, `stderr of ${JSON.stringify(row.args)}`).toHaveLength(1);
      expect(lines[0]).toMatch(/^pipes-conformance: /);
      expect(lines[0]!.slice("pipes-conformance: ".length)).toMatch(row.says);
      expect(stderr).not.toMatch(/^ {4}at /m);
      expect(stderr).not.toContain("internal error");
      expect(code).toBe(2);
      expect(await settle(() => liveProcessesWithToken(token))).toEqual([]);
      expect(snapshot()).toEqual(before);
    });
  }
});

describe("an internal error", () => {
  it("exits 3 with the bug-report sentence and no stack trace (stdout that throws)", async () => {
    const before = snapshot();
    for (const args of [["--version"], ["help"], ["docs"], ["report", "good.json"]]) {
      const io = fakeIo(work);
      // A broken stdout (e.g. a closed pipe surfacing as a synchronous throw) is not the user's fault.
      io.stdout = () => {
        throw new Error("write EPIPE");
      };
      const code = await main(args, io);
      const stderr = io.err.join("");
      expect(code, args.join(" ")).toBe(3);
      expect(stderr).toMatch(/^pipes-conformance: internal error: write EPIPE\n/);
      expect(stderr).toContain(BUG_REPORT_SENTENCE);
      expect(stderr).not.toMatch(/^ {4}at /m);
    }
    expect(await settle(() => liveProcessesWithToken(token))).toEqual([]);
    expect(snapshot()).toEqual(before);
  });

  // validate must not blame the user's file for an error of its own (here, a broken stdout).
  it("exits 3 for validate too, when printing a problem throws", async () => {
    const io = fakeIo(work);
    io.stdout = () => {
      throw new Error("write EPIPE");
    };
    const code = await main(["validate", "transcript.jsonl"], io);
    expect(io.err.join("")).toContain(BUG_REPORT_SENTENCE);
    expect(code).toBe(3);
  });
});
