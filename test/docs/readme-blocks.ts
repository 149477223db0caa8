/**
 * The README's generated blocks: the CLI reference (from the commands' option declarations) and
 * the case catalogue (from the case definitions), kept between markers so that they are written
 * once, in code, and the README cannot drift (test/docs/readme.test.ts). The same command writes
 * docs/LEVELS.md from the level table (levels-doc.ts; test/docs/levels-doc.test.ts).
 *
 *     npm run docs     # rewrites the blocks in README.md and docs/LEVELS.md
 */
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { renderCliReference } from "../../reports/cli/commands/docs.js";
import { caseCatalogue, catalogueMarkdown } from "../../reports/cli/commands/list.js";
import { LEVELS_DOC_PATH, renderLevelsDoc } from "./levels-doc.js";

/** Each generated block: its marker name and how to produce it. */
export const README_BLOCKS: Record<string, () => Promise<string>> = {
  "cli-reference": renderCliReference,
  "case-catalogue": async () => catalogueMarkdown(caseCatalogue()),
};

/** The text between `<!-- NAME:start -->` and `<!-- NAME:end -->`, or undefined. */
export function readBlock(readme: string, name: string): string | undefined {
  const match = new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)\\n?<!-- ${name}:end -->`).exec(readme);
  return match?.[1];
}

/** The README with every block regenerated. */
export async function regenerate(readme: string): Promise<string> {
  let text = readme;
  for (const [name, render] of Object.entries(README_BLOCKS)) {
    if (readBlock(text, name) === undefined) throw new Error(`README.md has no ${name} block`);
    const body = await render();
    text = text.replace(new RegExp(`(<!-- ${name}:start -->\\n)[\\s\\S]*?\\n?(<!-- ${name}:end -->)`), (_, start: string, end: string) => `${start}${body}\n${end}`);
  }
  return text;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const path = new URL("../../../README.md", import.meta.url);
  writeFileSync(path, await regenerate(readFileSync(path, "utf8")));
  writeFileSync(new URL(`../../../${LEVELS_DOC_PATH}`, import.meta.url), renderLevelsDoc());
  process.stdout.write(`README.md blocks and ${LEVELS_DOC_PATH} regenerated\n`);
}
