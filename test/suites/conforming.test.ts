import { describe, expect, it } from "vitest";
import { CHANNELS, CONTEXT_FORMS, TRANSPORTS } from "../../harness/bootstrap/bootstrap-params.js";
import { listCases, resolveCapabilities, runConformance, type Report } from "../../suites/api.js";
import { PYTHON } from "../helpers/python.js";
import { HAS_RSCRIPT, R_FIXTURE } from "../helpers/rscript.js";

/** The conforming fixtures, each a driver for every case (DESIGN.md). */
const FIXTURES: { name: string; argv: string[]; available: boolean }[] = [
  { name: "python", argv: [PYTHON, "test/fixtures/python/conforming-driver.py"], available: true },
  { name: "node", argv: ["node", "dist/test/fixtures/node/conforming-driver.js"], available: true },
  { name: "r", argv: R_FIXTURE, available: HAS_RSCRIPT },
];

/**
 * Every pair of transport, context form and channel, in 10 runs instead of all 20 triples: each
 * channel runs once with (env, path) and once with (cli, data), or with the crossed pair, channels
 * alternating, so every channel meets both transports and both forms and every transport meets
 * both forms. The driven channel twins already run traffic on every channel, transport and form.
 */
const COMBINATIONS = CHANNELS.flatMap((channel, index) => {
  const [env, cli] = [TRANSPORTS[0]!, TRANSPORTS[1]!];
  const [path, data] = [CONTEXT_FORMS[0]!, CONTEXT_FORMS[1]!];
  const pairs = index % 2 === 0 ? [{ transport: env, contextForm: path }, { transport: cli, contextForm: data }] : [{ transport: env, contextForm: data }, { transport: cli, contextForm: path }];
  return pairs.map((pair) => ({ ...pair, channel }));
});

/** Cases that pin their own transport, form or channel: the same in every combination, so run once. */
const PINNED = listCases()
  .filter((definition) => definition.setup.transport !== undefined || definition.setup.contextForm !== undefined || definition.setup.channel !== undefined || definition.setup.bootstrap !== undefined)
  .map((definition) => definition.id);

/**
 * The cases a conforming fixture leaves with nothing to judge in observed mode (skip
 * NOT_APPLICABLE): its session raises nothing, the process does not fail, and it lives well under
 * a second after opened. Any other not-judged case is a problem, like a failure.
 */
const EXPECTED_NOT_JUDGED: ReadonlySet<string> = new Set(["errors.exception-exits-nonzero", "errors.nonzero-exit-reports-exception", "timing.streaming"]);

function problems(report: Report): string[] {
  return report.results
    .filter((result) => result.verdict !== "pass" && result.verdict !== "info")
    .filter((result) => !(result.verdict === "skip" && result.reason === "NOT_APPLICABLE" && EXPECTED_NOT_JUDGED.has(result.caseId)))
    .map((result) => `${result.id}: ${result.verdict} ${result.reason ?? ""} ${result.actual ?? result.message ?? ""}`);
}

// Concurrent: each fixture's runs mostly wait on its processes, and no assertion depends on time.
describe.concurrent("conforming fixtures pass every case", () => {
  it("the runs cover every pair of transport, form and channel", () => {
    const pairs = new Set(COMBINATIONS.flatMap(({ transport, contextForm, channel }) => [`t${transport}|f${contextForm}`, `t${transport}|c${channel}`, `f${contextForm}|c${channel}`]));
    const wanted = [
      ...TRANSPORTS.flatMap((transport) => CONTEXT_FORMS.map((form) => `t${transport}|f${form}`)),
      ...TRANSPORTS.flatMap((transport) => CHANNELS.map((channel) => `t${transport}|c${channel}`)),
      ...CONTEXT_FORMS.flatMap((form) => CHANNELS.map((channel) => `f${form}|c${channel}`)),
    ];
    expect(wanted.filter((pair) => !pairs.has(pair))).toEqual([]);
  });

  for (const fixture of FIXTURES) {
    it.skipIf(!fixture.available)(`${fixture.name}: every pair of transport, form and channel (10 runs), driven, zero failures and zero warnings`, async () => {
      for (const [index, axes] of COMBINATIONS.entries()) {
        const report = await runConformance({
          argv: fixture.argv,
          capabilities: resolveCapabilities({ driven: true, all: true }),
          axes,
          exclude: index === 0 ? [] : PINNED,
          seed: 42 + index,
          runs: 1,
          concurrency: 2,
          strict: true,
        });
        expect(problems(report), `${fixture.name} ${axes.transport}/${axes.contextForm}/${axes.channel}`).toEqual([]);
        expect(report.summary.counts.pass).toBeGreaterThan(20);
      }
    }, 900_000);

    it.skipIf(!fixture.available)(`${fixture.name}: generated contexts and action scripts over 20 seeds, zero failures and zero warnings`, async () => {
      const generated = listCases()
        .filter((definition) => definition.alsoGeneratedContexts === true || definition.setup.context?.kind === "generated" || definition.setup.generatedActions)
        .map((definition) => definition.id);
      for (let seed = 1; seed <= 20; seed++) {
        const report = await runConformance({
          argv: fixture.argv,
          capabilities: resolveCapabilities({ driven: true }),
          cases: generated,
          seed,
          runs: 1,
          concurrency: 2,
        });
        expect(problems(report), `${fixture.name} seed ${seed}`).toEqual([]);
        const variants = report.results.filter((result) => result.variant !== undefined);
        expect(variants.length).toBeGreaterThan(10);
        expect(variants.every((result) => result.generated?.seed === seed)).toBe(true);
      }
    }, 900_000);
  }
});
