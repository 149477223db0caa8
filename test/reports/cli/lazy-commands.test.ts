/**
 * Start-up: help, `--version` and usage errors must not load any command's code. The registry and
 * the entry point import only the commands' declarations (`*-spec.ts`), and those import only
 * light modules: data and types, never the harness, the suites' cases, ajv, fast-check or a
 * reporter. Checked on the sources' static imports (value imports; `import type` is erased).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const COMMANDS_DIR = join(ROOT, "reports/cli/commands");

/** Modules a declaration may load: constants and option data only. */
const LIGHT = new Set([
  "reports/cli/options.ts",
  "reports/exit-codes.ts",
  "reports/diff-formats.ts",
  "reports/reporters/reporter-names.ts",
  "reports/cli/context-option-specs.ts",
  "harness/bootstrap/launch-axes.ts",
  "harness/session-defaults.ts",
  "suites/generators/generated-dimensions.ts",
  "suites/model/case.ts",
]);

/** The value imports of a source file, as paths relative to the package root (`.ts`). */
function valueImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const imports: string[] = [];
  for (const match of text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+"([^"]+)";/gms)) {
    const source = match[1]!;
    if (!source.startsWith(".")) {
      imports.push(source);
      continue;
    }
    imports.push(relative(ROOT, normalize(join(dirname(file), source))).replace(/\.js$/, ".ts"));
  }
  return imports;
}

/** The value imports of `file` and, transitively, of every light module it loads. */
function closure(file: string): string[] {
  const seen = new Set<string>();
  const visit = (path: string): void => {
    for (const imported of valueImports(path)) {
      if (seen.has(imported)) continue;
      seen.add(imported);
      if (LIGHT.has(imported)) visit(join(ROOT, imported));
    }
  };
  visit(file);
  return [...seen];
}

const isAllowed = (imported: string): boolean => imported.startsWith("node:") || LIGHT.has(imported) || /^reports\/cli\/commands\/[a-z-]+-spec\.ts$/.test(imported);

describe("lazy command loading", () => {
  const specs = readdirSync(COMMANDS_DIR).filter((name) => name.endsWith("-spec.ts"));

  it("declares every command in a *-spec.ts module that loads only light modules", () => {
    expect(specs.length).toBe(8);
    for (const spec of specs) {
      expect(closure(join(COMMANDS_DIR, spec)).filter((imported) => !isAllowed(imported)), spec).toEqual([]);
    }
  });

  it("imports no command module statically from the registry or the entry point", () => {
    for (const file of ["reports/cli/commands/registry.ts", "reports/cli/main.ts"]) {
      const commandModules = valueImports(join(ROOT, file)).filter((imported) => /^reports\/cli\/commands\/(?!.*-spec\.ts$)(?!registry\.ts$)/.test(imported));
      expect(commandModules, file).toEqual([]);
    }
  });
});
