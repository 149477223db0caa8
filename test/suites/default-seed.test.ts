/**
 * Deterministic by default: without --seed the seed is fixed for the tool version (printed and
 * recorded), so two runs of one version on one library give the same verdicts on the same
 * generated inputs; `--seed random` and `--explore N` opt into exploration.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_SEED } from "../../suites/api.js";
import type { Report } from "../../suites/model/report.js";
import { runCli } from "../reports/fake-io.js";
import { PYTHON } from "../helpers/python.js";

const TARGET = ["--", PYTHON, "test/fixtures/python/conforming-driver.py"];

async function json(args: string[]): Promise<Report> {
  const run = await runCli(["--reporter", "json", "--driven", "--case", "*generated*", "--case", "context.tolerated", "--concurrency", "2", ...args, ...TARGET], process.cwd());
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Report;
}

const inputs = (report: Report): string[] => report.results.map((result) => `${result.id} ${result.verdict} ${result.generated?.counterexample ?? ""}`);

describe("the default seed", () => {
  it("is fixed per version: two runs judge the same generated inputs", async () => {
    const first = await json([]);
    const second = await json([]);
    expect(first.header.seed).toBe(DEFAULT_SEED);
    expect(second.header.seed).toBe(DEFAULT_SEED);
    expect(inputs(second)).toEqual(inputs(first));
    expect(first.results.filter((result) => result.generated !== undefined).length).toBeGreaterThan(6);
  }, 300_000);

  it("--seed random and --explore N explore: another seed, printed, and N inputs per generated case", async () => {
    const explored = await json(["--explore", "5"]);
    expect(explored.header.runs).toBe(5);
    expect(explored.results.filter((result) => result.caseId === "context.tolerated").length).toBe(6);
    const random = await json(["--seed", "random", "--runs", "1"]);
    expect(Number.isInteger(random.header.seed)).toBe(true);
    expect((await runCli(["--explore", "2", "--seed", "7", ...TARGET], process.cwd())).code).toBe(2);
  }, 300_000);
});
