import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../../fake-io.js";
import { REFERENCE_CORPUS_DIR as CORPUS } from "../../../helpers/reference-corpus.js";

const directory = mkdtempSync(join(tmpdir(), "pipes-conformance-validate-test-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

const V = '"__dagster_pipes_version": "0.1"';

describe("pipes-conformance validate", () => {
  it("accepts every reference transcript at both levels", async () => {
    for (const name of ["ok.jsonl", "raise.jsonl"]) {
      for (const level of ["dagster", "reference"]) {
        const result = await runCli(["validate", `${CORPUS}${name}`, "--level", level], process.cwd());
        expect(result.code, `${name} ${level}: ${result.stdout}`).toBe(0);
        expect(result.stdout).toMatch(/10 protocol message\(s\) in 10 line\(s\); 0 dagster-level/);
      }
    }
  });

  it("prints each problem with its line number and exits 1 when a message breaks the level", async () => {
    const path = file("bad.jsonl", `{${V}, "method": "opened", "params": {"extras": {}}}\n\n{${V}, "method": "report_asset_materialization", "params": {"asset_key": "a", "data_version": null, "metadata": {"rows": 3}}}\n`);
    const result = await runCli(["validate", path], process.cwd());
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${path}:2: blank line`);
    expect(result.stdout).toContain(`${path}:3: /params/metadata/rows: bare value 3; Dagster needs {"raw_value": 3, "type": ...} [E_METADATA_BARE_VALUE]`);
  });

  it("judges SHOULD deviations only at the reference level", async () => {
    const path = file("warn.jsonl", `{${V}, "method": "log", "params": {"message": "x", "level": "WARN"}}\n`);
    expect((await runCli(["validate", path], process.cwd())).code).toBe(0);
    const reference = await runCli(["validate", path, "--level", "reference"], process.cwd());
    expect(reference.code).toBe(1);
    expect(reference.stdout).toContain("[W_LOG_LEVEL_NOT_CANONICAL]");
  });

  it("reads captured output with --stream: other lines are the program's own output", async () => {
    const path = file("stream.txt", `starting\n{${V}, "method": "opened", "params": {"extras": {}}}\n{"method": "log", "params": {"message": "no version"}}\n{${V}, "method": "closed", "params": {}}\n`);
    const result = await runCli(["validate", path, "--stream"], process.cwd());
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("[E_VERSION_MISSING_ON_STDIO]");
    expect(result.stdout).toMatch(/1 line\(s\) of program output/);
  });

  it("exits 4 for a file without any protocol message, 2 for a file it cannot read", async () => {
    expect((await runCli(["validate", file("empty.jsonl", "")], process.cwd())).code).toBe(4);
    expect((await runCli(["validate", file("output.txt", "just text\n"), "--stream"], process.cwd())).code).toBe(4);
    const missing = await runCli(["validate", join(directory, "missing.jsonl")], process.cwd());
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^pipes-conformance: cannot read .*missing\.jsonl \(ENOENT\)\n$/);
  });
});
