/**
 * The CI gate over a user's real script: the realistic fixtures (Python, Node, R) read a required
 * extra, materialize their own named asset and report a declared check. Given their context (flags
 * or config file) they pass the default suite, --strict too; without it they fail with one clear
 * root cause; the Python one, its library broken one way at a time, yields exactly one root cause
 * each, at the level the table says, with the same code the driven cases give that deviation.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { levelOfPrefix } from "../../suites/finding-codes.js";
import type { Report } from "../../suites/model/report.js";
import { runCli } from "../reports/fake-io.js";
import { PYTHON } from "../helpers/python.js";
import { HAS_RSCRIPT } from "../helpers/rscript.js";

const ROOT = process.cwd();
const CONTEXT = ["--asset", "warehouse/orders", "--check", "warehouse/orders:row_count_positive", "--extras", '{"source_url": "https://example.com/orders.csv"}'];
const CONFIG = ["--config", "test/fixtures/realistic/pipes-conformance.config.json"];
const SCRIPTS = [
  { name: "python", argv: [PYTHON, "test/fixtures/python/realistic-asset.py"], available: true },
  { name: "node", argv: ["node", "dist/test/fixtures/node/realistic-asset.js"], available: true },
  { name: "r", argv: ["Rscript", "--default-packages=base", "test/fixtures/r/realistic-asset.R"], available: HAS_RSCRIPT },
];

/**
 * Runs the suite through the CLI and returns its exit code and JSON report. The program runs in a
 * directory of its own: `standalone.no-files-created` watches the working directory, and the
 * repository root is shared with the other test files running at the same time.
 */
async function suite(args: string[], argv: string[]): Promise<{ code: number; report: Report; stderr: string }> {
  const cwd = mkdtempSync(join(tmpdir(), "pipes-conformance-realistic-test-"));
  const absolute = argv.map((part) => (/^(test|dist)\//.test(part) ? resolve(ROOT, part) : part));
  try {
    const run = await runCli(["--reporter", "json", "--concurrency", "2", "--timeout", "60", "--cwd", cwd, ...args, "--", ...absolute], ROOT);
    return { code: run.code, report: JSON.parse(run.stdout) as Report, stderr: run.stderr };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** Every result's verdict agrees with its reason code's prefix (E_ fail, W_ warn, I_ info). */
function expectVerdictsMatchCodes(report: Report): void {
  const verdictOf = { MUST: "fail", SHOULD: "warn", INFO: "info" } as const;
  const wrong = report.results.filter((result) => {
    const level = result.reason === undefined ? undefined : levelOfPrefix(result.reason);
    return level !== undefined && verdictOf[level] !== result.verdict;
  });
  expect(wrong.map((result) => `${result.id} ${result.verdict} ${result.reason}`)).toEqual([]);
}

const rootCauses = (report: Report): string[] => report.summary.rootCauses.map((cause) => `${cause.level} ${cause.code}`);

describe("a realistic script under its own context", () => {
  for (const script of SCRIPTS) {
    it.skipIf(!script.available)(`${script.name}: passes the default suite, --strict, with its context as flags and as a config file`, async () => {
      for (const declared of [CONTEXT, CONFIG]) {
        const { code, report, stderr } = await suite(["--strict", ...declared], script.argv);
        expect(report.summary.rootCauses, `${script.name} ${declared[0]}: ${stderr}`).toEqual([]);
        expect(code).toBe(0);
        expect(report.summary.counts.fail + report.summary.counts.warn + report.summary.counts.timeout).toBe(0);
        expect(report.header.contextArgs).toEqual(declared === CONTEXT ? ["--asset", "warehouse/orders", "--check", "warehouse/orders:row_count_positive", "--extras", '{"source_url":"https://example.com/orders.csv"}'] : expect.arrayContaining(["--asset", "warehouse/orders"]));
        expectVerdictsMatchCodes(report);
      }
    }, 300_000);

    it.skipIf(!script.available)(`${script.name}: without its context fails with one root cause that names the fix`, async () => {
      const { code, report } = await suite([], script.argv);
      expect(code).toBe(1);
      expect(rootCauses(report)).toEqual(["MUST E_PROGRAM_ERROR"]);
      expect(report.summary.rootCauses[0]!.actual).toMatch(/^get_extra\('source_url'\): not in extras; declare it with --extras \(the program's error: .*source_url/);
      expect(report.summary.rootCauses[0]!.cases.length).toBeGreaterThan(3);
      expectVerdictsMatchCodes(report);
    }, 300_000);
  }
});

describe("the realistic script with its library broken one way", () => {
  const broken = [
    { how: "empty-metadata-list", cause: "MUST E_METADATA_NOT_OBJECT", driven: "empty-metadata-list" },
    { how: "whole-float-as-int", cause: "MUST E_METADATA_FLOAT_AS_INT", driven: "whole-float-as-int" },
    { how: "no-closed-after-crash", cause: "SHOULD W_NO_CLOSED_AFTER_CRASH", driven: "no-closed-on-error" },
  ];
  for (const item of broken) {
    it(`${item.how}: exactly one root cause, ${item.cause}, the same code in observed and driven mode`, async () => {
      const observed = await suite([...CONTEXT, "--env", `REALISTIC_BREAK=${item.how}`], SCRIPTS[0]!.argv);
      expect(rootCauses(observed.report)).toEqual([item.cause]);
      expect(observed.code).toBe(item.cause.startsWith("MUST") ? 1 : 0);
      expectVerdictsMatchCodes(observed.report);

      const driven = await suite(["--driven", "--case", "driven.*", "--case", "lifecycle.*"], [PYTHON, "test/fixtures/python/faulty-driver.py", "--fault", item.driven]);
      expect(driven.report.summary.rootCauses.map((cause) => `${cause.level} ${cause.code}`)).toContain(item.cause);
      // A whole float written as an int is also Dagster's misread of an inferred float (it infers an
      // int, no refusal): a difference class of its own, judged apart from the typed float's refusal.
      const misreads = driven.report.summary.rootCauses.filter((cause) => cause.code === "E_IMAGE_WRONG_PARAMS").map((cause) => cause.id);
      expect(misreads).toEqual(item.how === "whole-float-as-int" ? ["E_IMAGE_WRONG_PARAMS@number-class float->int"] : []);
      expectVerdictsMatchCodes(driven.report);
    }, 300_000);
  }

  it("--strict turns the SHOULD root cause into a failing run", async () => {
    const { code } = await suite(["--strict", ...CONTEXT, "--env", "REALISTIC_BREAK=no-closed-after-crash"], SCRIPTS[0]!.argv);
    expect(code).toBe(1);
  });

  it("under --all, a script that ignores the CLI bootstrap fails bootstrap.cli-arguments with a transport code that names the fix", async () => {
    const { report } = await suite(["--all", ...CONTEXT, "--env", "REALISTIC_BREAK=env-only-bootstrap", "--case", "bootstrap.*", "--case", "channel.*"], SCRIPTS[0]!.argv);
    const cli = report.results.find((result) => result.id === "bootstrap.cli-arguments")!;
    expect(cli).toMatchObject({ verdict: "fail", reason: "E_CLI_ARGUMENTS_IGNORED" });
    expect(cli.actual).toMatch(/the program ignored the bootstrap given as CLI arguments .*: declare `--transports env`, or read them with your library's CLI params loader/);
    expect(report.results.some((result) => result.reason === "E_CHANNEL_UNUSED")).toBe(false);
    expect(rootCauses(report)).toEqual(["MUST E_CLI_ARGUMENTS_IGNORED"]);
  }, 300_000);
});
