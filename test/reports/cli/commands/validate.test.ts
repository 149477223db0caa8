import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../../../reports/cli/main.js";
import { fakeIo, runCli } from "../../fake-io.js";
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

/** A deterministic byte generator (xorshift32), so "random" input is the same on every run. */
function seededBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0 || 1;
  for (let index = 0; index < length; index++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    bytes[index] = state & 0xff;
  }
  return bytes;
}

describe("pipes-conformance validate on hostile input", () => {
  it("refuses a character device that never ends with one usage line", async () => {
    const result = await runCli(["validate", "/dev/zero"], process.cwd());
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("pipes-conformance: /dev/zero is a character device, not a transcript file: it may never end (save the transcript to a file first)\n");
    expect(result.stdout).toBe("");
  });

  it("caps repeated problems: the first 100 of each code, then one count per code", async () => {
    const path = file("blank-lines.jsonl", "\n".repeat(250));
    const result = await runCli(["validate", path], process.cwd());
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines.filter((line) => line.endsWith("[E_BLANK_LINE]"))).toHaveLength(100);
    expect(lines).toContain(`${path}: … and 150 more E_BLANK_LINE`);
    expect(lines.at(-1)).toBe(`${path}: 0 protocol message(s) in 250 line(s); 250 dagster-level, 0 info problem(s)`);
  });

  it("keeps 2 MB of random bytes (seed 20240611) to a few hundred lines", async () => {
    const path = join(directory, "random.bin");
    writeFileSync(path, seededBytes(2_000_000, 20240611));
    const result = await runCli(["validate", path], process.cwd());
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split("\n");
    const codes = new Set(lines.map((line) => /\[([A-Z0-9_]+)\]$/.exec(line)?.[1]).filter(Boolean));
    // At most 100 lines per code, one count line per code, the totals line.
    expect(lines.length).toBeLessThanOrEqual(codes.size * 101 + 1);
    expect(result.stdout).toMatch(/… and [\d,]+ more E_INVALID_UTF8\n/);
  });

  it("stops between two chunks when interrupted, and says where", async () => {
    const line = `{${V}, "method": "log", "params": {"message": "x", "level": "WARN"}}\n`;
    const path = file("long.jsonl", "\n" + line.repeat(200_000));
    const io = fakeIo(process.cwd());
    const controller = new AbortController();
    io.signal = controller.signal;
    // Interrupted as soon as the first problem (line 1) is printed: the rest is never read.
    const printed = io.stdout;
    io.stdout = (text) => {
      printed(text);
      controller.abort("SIGINT");
    };
    const code = await main(["validate", path], io);
    expect(code).toBe(1);
    const stderr = io.err.join("");
    const read = Number(/interrupted after (\d+) line\(s\) of /.exec(stderr)?.[1]);
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(200_001);
  });

  it.runIf(process.platform === "linux")("reads a FIFO until its writer closes it, and stays interruptible while nobody writes", async () => {
    const fifo = join(directory, "transcript.fifo");
    execFileSync("mkfifo", [fifo]);
    // A writer that comes, writes the reference transcript and goes: validated like the file.
    const writer = spawn("sh", ["-c", `cat "$1" > "$2"`, "sh", `${CORPUS}ok.jsonl`, fifo]);
    const written = await runCli(["validate", fifo], process.cwd());
    await once(writer, "exit");
    expect(written.code, written.stdout).toBe(0);
    expect(written.stdout).toMatch(/10 protocol message\(s\) in 10 line\(s\)/);

    // Nobody writes: only the signal ends the wait.
    const io = fakeIo(process.cwd());
    const controller = new AbortController();
    io.signal = controller.signal;
    const pending = main(["validate", fifo], io);
    setTimeout(() => controller.abort("SIGTERM"), 200);
    expect(await pending).toBe(1);
    expect(io.err.join("")).toContain("interrupted after 0 line(s)");
    rmSync(fifo);
  });
});
