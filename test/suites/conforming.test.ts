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

const COMBINATIONS = TRANSPORTS.flatMap((transport) => CONTEXT_FORMS.flatMap((contextForm) => CHANNELS.map((channel) => ({ transport, contextForm, channel }))));

/** Cases that pin their own transport, form or channel: the same in every combination, so run once. */
const PINNED = listCases()
  .filter((definition) => definition.setup.transport !== undefined || definition.setup.contextForm !== undefined || definition.setup.channel !== undefined || definition.setup.bootstrap !== undefined)
  .map((definition) => definition.id);

function problems(report: Report): string[] {
  return report.results
    .filter((result) => result.verdict !== "pass" && result.verdict !== "info")
    .map((result) => `${result.id}: ${result.verdict} ${result.reason ?? ""} ${result.actual ?? result.message ?? ""}`);
}

describe("conforming fixtures pass every case", () => {
  for (const fixture of FIXTURES) {
    it.skipIf(!fixture.available)(`${fixture.name}: all 20 transport × form × channel combinations, driven, zero failures and zero warnings`, async () => {
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
