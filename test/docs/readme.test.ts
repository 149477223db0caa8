import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { listCases } from "../../suites/api.js";
import { README_BLOCKS, readBlock } from "./readme-blocks.js";

const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

describe("README", () => {
  for (const [name, render] of Object.entries(README_BLOCKS)) {
    it(`holds the ${name} exactly as the code generates it (npm run docs)`, async () => {
      expect(readBlock(README, name)).toBe(await render());
    });
  }

  it("names the two set-up commands and the test command CI runs", () => {
    expect(README).toContain("npm ci && npx pipes-conformance run -- python3 test/fixtures/python/example-target.py");
    expect(README).toContain("\nnpm test\n");
    expect(readFileSync(new URL("../../.ci/run", import.meta.url), "utf8")).toMatch(/\nnpm test\n/);
  });

  it("states the number of cases and of the faulty fixture's faults as they are", () => {
    expect(README).toContain(`the conformance suite: ${listCases().length} cases with stable IDs`);
    const faults = readFileSync(new URL("../fixtures/python/faulty-driver.py", import.meta.url), "utf8").match(/^@fault\(/gm)!.length;
    expect(README).toContain(`the faulty fixture's ${faults} faults`);
  });

  it("shows the realistic fixtures' config file as it is", () => {
    const config = readFileSync(new URL("../fixtures/realistic/pipes-conformance.config.json", import.meta.url), "utf8").trim();
    expect(README).toContain(`\`\`\`json\n${config}\n\`\`\``);
  });

  it("lists every runtime and development dependency with its reason", () => {
    const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    for (const name of [...Object.keys(manifest.dependencies), ...Object.keys(manifest.devDependencies)]) {
      expect(README, name).toMatch(new RegExp(`\\| \`${name.replace("/", "\\/")}\` \\|`));
    }
  });
});
