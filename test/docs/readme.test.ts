import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readConfigFile } from "../../reports/cli/config-file.js";
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

  it("names every key a config file may hold, in the 'Gate your own script' section", () => {
    // The config reader's own list of known keys, as its error for an unknown key gives it.
    const directory = mkdtempSync(join(tmpdir(), "pipes-conformance-readme-"));
    let known: string[] = [];
    try {
      writeFileSync(join(directory, "config.json"), '{"no-such-key": 1}');
      readConfigFile("config.json", directory);
    } catch (error) {
      known = /\(known: ([^)]*)\)/.exec(String(error))![1]!.split(", ");
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
    expect(known.length).toBeGreaterThan(15);
    const section = README.slice(README.indexOf("## Gate your own script"), README.indexOf("### Python"));
    for (const key of known) expect(section, key).toContain(`\`${key}\``);
  });

  it("lists every runtime and development dependency with its reason", () => {
    const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    for (const name of [...Object.keys(manifest.dependencies), ...Object.keys(manifest.devDependencies)]) {
      expect(README, name).toMatch(new RegExp(`\\| \`${name.replace("/", "\\/")}\` \\|`));
    }
  });
});
