/**
 * Report files are the previous file or a complete new one: never emptied by a run that fails to
 * start or errors, never a mix of two runs, and no temp file is left beside them. Covers the
 * suite's and `report`'s `--output`, `merge --output`, `--update-baseline` and the writer itself.
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ownerTag } from "../../../harness/process/run-owner.js";
import { AtomicFileWriter, writeFileAtomically } from "../../../reports/atomic-file.js";
import { formatJsonReport } from "../../../reports/reporters/json-reporter.js";
import { PYTHON } from "../../helpers/python.js";
import { fakeIo, runCli } from "../fake-io.js";
import { main } from "../../../reports/cli/main.js";
import { everyVerdictReport, report, result } from "../synthetic-reports.js";

const scratch = mkdtempSync(join(tmpdir(), "atomic-outputs-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const PREVIOUS = '{"previous": true}\n';

/** A fresh directory holding `keep.json` with previous content. */
function directoryWithPrevious(name: string): { directory: string; file: string } {
  const directory = join(scratch, name);
  mkdirSync(directory, { recursive: true });
  const file = join(directory, "keep.json");
  writeFileSync(file, PREVIOUS);
  return { directory, file };
}

function tempFilesIn(directory: string): string[] {
  return readdirSync(directory).filter((name) => name.endsWith(".tmp"));
}

describe("--output of the suite", () => {
  it("leaves the previous file untouched when the program does not exist (exit 2)", async () => {
    const { directory, file } = directoryWithPrevious("nonexistent");
    const run = await runCli(["--output", "json=keep.json", "--output", "junit=keep.xml", "--", "/nonexistent"], directory);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/command not found: \/nonexistent/);
    expect(readFileSync(file, "utf8")).toBe(PREVIOUS);
    expect(readdirSync(directory).sort()).toEqual(["keep.json"]);
  });

  it("leaves it untouched when the run is refused after the files were opened (a configuration error)", async () => {
    const { directory, file } = directoryWithPrevious("config-error");
    const run = await runCli(["--on-channel", "stderr", "--output", "json=keep.json", "--", PYTHON, "-c", "pass"], directory);
    expect(run.code).toBe(2);
    expect(readFileSync(file, "utf8")).toBe(PREVIOUS);
    expect(tempFilesIn(directory)).toEqual([]);
  });

  it("replaces it whole once the run has ended, interrupted or not", async () => {
    const { directory, file } = directoryWithPrevious("complete");
    const run = await runCli(["--case", "bootstrap.env-file-context", "--output", "json=keep.json", "--", PYTHON, "-c", "pass"], directory);
    expect(run.code, run.stderr).toBe(1);
    expect((JSON.parse(readFileSync(file, "utf8")) as { results: unknown[] }).results).toHaveLength(1);
    expect(tempFilesIn(directory)).toEqual([]);

    // An interrupted run still ends (its reporters see the end): its report is written.
    const io = fakeIo(directory);
    const controller = new AbortController();
    controller.abort("SIGINT");
    io.signal = controller.signal;
    writeFileSync(file, PREVIOUS);
    await main(["--case", "bootstrap.env-file-context", "--output", "json=keep.json", "--", PYTHON, "-c", "pass"], io);
    expect(readFileSync(file, "utf8")).not.toBe(PREVIOUS);
    expect(tempFilesIn(directory)).toEqual([]);
  });

  it("refuses two reporters writing one file", async () => {
    const { directory } = directoryWithPrevious("same-file");
    const run = await runCli(["--output", "json=keep.json", "--output", "junit=keep.json", "--", PYTHON, "-c", "pass"], directory);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--output: json and junit both write .*keep\.json/);
  });
});

describe("--output of report", () => {
  const first = everyVerdictReport();
  const second = report([result("bootstrap.env-file-context", "pass")]);

  it("two runs writing one path: the file is one of them, whole, never a mix", async () => {
    const directory = join(scratch, "concurrent");
    mkdirSync(directory);
    writeFileSync(join(directory, "first.json"), formatJsonReport(first));
    writeFileSync(join(directory, "second.json"), formatJsonReport(second));
    for (let round = 0; round < 10; round++) {
      const runs = await Promise.all([
        runCli(["report", "first.json", "--output", "json=out.json"], directory),
        runCli(["report", "second.json", "--output", "json=out.json"], directory),
      ]);
      expect(runs.map((run) => run.code)).toEqual([0, 0]);
      expect([formatJsonReport(first), formatJsonReport(second)]).toContain(readFileSync(join(directory, "out.json"), "utf8"));
      expect(tempFilesIn(directory)).toEqual([]);
    }
  });

  it("a bad report leaves the previous file untouched", async () => {
    const { directory, file } = directoryWithPrevious("bad-report");
    writeFileSync(join(directory, "bad.json"), "{");
    const run = await runCli(["report", "bad.json", "--output", "json=keep.json"], directory);
    expect(run.code).toBe(2);
    expect(readFileSync(file, "utf8")).toBe(PREVIOUS);
    expect(tempFilesIn(directory)).toEqual([]);
  });
});

describe("merge --output and --update-baseline", () => {
  it("merge writes the merged report whole, and an unwritable destination is a usage error that leaves nothing", async () => {
    const directory = join(scratch, "merge");
    mkdirSync(directory);
    writeFileSync(join(directory, "a.json"), formatJsonReport(report([result("bootstrap.env-file-context", "pass")])));
    const run = await runCli(["merge", "a.json", "--output", "merged.json"], directory);
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(join(directory, "merged.json"), "utf8"))).toHaveProperty("results");
    mkdirSync(join(directory, "a-directory"));
    const refused = await runCli(["merge", "a.json", "--output", "a-directory"], directory);
    expect(refused.code).toBe(2);
    expect(tempFilesIn(directory)).toEqual([]);
  });

  it("--update-baseline replaces the baseline whole", async () => {
    const directory = join(scratch, "baseline");
    mkdirSync(directory);
    writeFileSync(join(directory, "known.txt"), "# old\n");
    const run = await runCli(["--case", "bootstrap.env-file-context", "--expected-failures", "known.txt", "--update-baseline", "--", PYTHON, "-c", "pass"], directory);
    expect(run.code).toBe(0);
    expect(readFileSync(join(directory, "known.txt"), "utf8")).toMatch(/^# pipes-conformance baseline[^]*\nbootstrap\.env-file-context /);
    expect(tempFilesIn(directory)).toEqual([]);
  });
});

describe("the atomic writer", () => {
  it("commit replaces the destination (keeping its permissions); discard leaves it as it was", async () => {
    const { directory, file } = directoryWithPrevious("writer");
    chmodSync(file, 0o640);
    const dropped = AtomicFileWriter.open(file);
    dropped.write("half");
    dropped.discard();
    expect(readFileSync(file, "utf8")).toBe(PREVIOUS);
    const kept = AtomicFileWriter.open(file);
    kept.write("new ");
    kept.write("content\n");
    expect(readFileSync(file, "utf8")).toBe(PREVIOUS);
    await kept.commit();
    expect(readFileSync(file, "utf8")).toBe("new content\n");
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(tempFilesIn(directory)).toEqual([]);
  });

  it("refuses a directory at once, with its code, leaving nothing", () => {
    const directory = join(scratch, "refuses");
    mkdirSync(join(directory, "sub"), { recursive: true });
    expect(() => AtomicFileWriter.open(join(directory, "sub"))).toThrow(expect.objectContaining({ code: "EISDIR" }));
    expect(() => writeFileAtomically(join(directory, "sub"), "x")).toThrow(expect.objectContaining({ code: "EISDIR" }));
    expect(readdirSync(directory)).toEqual(["sub"]);
  });

  it("removes a killed writer's temp file on the next write, but never a live writer's", () => {
    const { directory, file } = directoryWithPrevious("stale");
    const [pid, startTicks, namespace] = ownerTag().split("-");
    const dead = `.keep.json.${pid}-${Number(startTicks) + 1}-${namespace}-0123abcd.tmp`;
    const live = `.keep.json.${ownerTag()}-0123abcd.tmp`;
    const other = ".other.json.1-2-3-0123abcd.tmp";
    for (const name of [dead, live, other]) writeFileSync(join(directory, name), "partial");
    writeFileAtomically(file, "fresh\n");
    const expected = process.platform === "linux" ? [live, other] : [dead, live, other];
    expect(tempFilesIn(directory).sort()).toEqual(expected.sort());
  });

  it("an uncaught error in the writing process removes its temp file (exit hook)", () => {
    const { directory, file } = directoryWithPrevious("uncaught");
    const module = resolve("dist/reports/atomic-file.js");
    const script = `import(${JSON.stringify(module)}).then(({ AtomicFileWriter }) => { const w = AtomicFileWriter.open(${JSON.stringify(file)}); w.write("half"); setTimeout(() => { throw new Error("boom"); }, 10); });`;
    const child = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    expect(child.status).not.toBe(0);
    expect(child.stderr).toContain("boom");
    expect(readFileSync(file, "utf8")).toBe(PREVIOUS);
    expect(tempFilesIn(directory)).toEqual([]);
  });
});

describe("destinations that are not plain files", () => {
  it("replaces the file a symlink names and keeps the link", async () => {
    const { directory, file } = directoryWithPrevious("symlink");
    symlinkSync(file, join(directory, "latest.json"));
    await writeOne(join(directory, "latest.json"), "new\n");
    expect(lstatSync(join(directory, "latest.json")).isSymbolicLink()).toBe(true);
    expect(readFileSync(file, "utf8")).toBe("new\n");
    expect(tempFilesIn(directory)).toEqual([]);
  });

  it("writes a FIFO (like /dev/stdout) as a stream and never replaces it by a file", async () => {
    const directory = join(scratch, "fifo");
    mkdirSync(directory, { recursive: true });
    const fifo = join(directory, "out.fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const reader = spawn("cat", [fifo], { stdio: ["ignore", "pipe", "ignore"] });
    let read = "";
    reader.stdout.on("data", (chunk: Buffer) => (read += chunk.toString()));
    const ended = new Promise((resolveEnd) => reader.once("exit", resolveEnd));
    await writeOne(fifo, "through the pipe\n");
    await ended;
    expect(read).toBe("through the pipe\n");
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(directory)).toEqual(["out.fifo"]);
  });
});

/** Opens a writer, writes `text` and commits, as a reporter's file is written. */
async function writeOne(destination: string, text: string): Promise<void> {
  const writer = AtomicFileWriter.open(destination);
  writer.write(text);
  await writer.commit();
}
