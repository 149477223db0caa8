/**
 * standalone.no-files-created blames only the target: a shared temp directory used as the working
 * directory is not watched (other programs create files there), and says so; a file the target
 * creates in a working directory of its own is reported.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runConformance } from "../../suites/api.js";
import { PYTHON } from "../helpers/python.js";

const CONFORMING = [PYTHON, resolve("test/fixtures/python/conforming-driver.py")];
const strays: string[] = [];

afterAll(() => {
  for (const path of strays) rmSync(path, { force: true, recursive: true });
});

describe("standalone.no-files-created", () => {
  it("with the system temp directory as working directory, only the private TMPDIR is watched (other programs create files there), and the report says so", async () => {
    const report = await runConformance({ argv: CONFORMING, cases: ["standalone.no-files-created"], cwd: tmpdir() });
    const result = report.results[0]!;
    expect(result.verdict, result.actual).toBe("pass");
    expect(result.observation).toContain("the system temp directory");
  });

  it("in a working directory of its own, a file the target creates there is reported", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "standalone-cwd-"));
    strays.push(cwd);
    const report = await runConformance({
      argv: [PYTHON, "-c", "open('left-behind.txt', 'w').write('x')"],
      cases: ["standalone.no-files-created"],
      cwd,
    });
    const result = report.results[0]!;
    expect(result.verdict).toBe("warn");
    expect(result.findings?.map((finding) => finding.code)).toEqual(["W_FILES_CREATED_WITHOUT_BOOTSTRAP"]);
    expect(result.actual).toContain("left-behind.txt");
  });
});
