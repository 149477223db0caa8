/**
 * What `npm publish` would ship: the tool and its schemas, never the compiled tests, benchmarks or
 * fixtures (dist/test); `npm run bench` and `npm test` use dist/test from the working tree.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("the npm package", () => {
  it("ships dist without dist/test", () => {
    // --ignore-scripts: no build here (prepare), only the file list of what is already built.
    const output = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { encoding: "utf8" });
    const [pack] = JSON.parse(output) as [{ files: { path: string }[] }];
    const paths = pack.files.map((file) => file.path);
    expect(paths).toContain("dist/reports/cli/bin.js");
    expect(paths).toContain("dist/suites/api.js");
    expect(paths.filter((path) => path.startsWith("dist/test/"))).toEqual([]);
    expect(paths.filter((path) => /fixtures|bench/.test(path))).toEqual([]);
  });
});
