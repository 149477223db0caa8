/**
 * standalone.no-files-created blames only the target: a shared temp directory used as the working
 * directory is not watched (other programs create files there), and says so; a file the target
 * creates in a working directory of its own is reported; where strace can trace the target, a file
 * another process creates in the same directory while the target runs is not blamed on it.
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { probeWriteTracing } from "../../harness/process/write-tracer.js";
import { runConformance } from "../../suites/api.js";
import { PYTHON } from "../helpers/python.js";

const TRACING = await probeWriteTracing();

/**
 * A target that, while it runs, has another process (this test's) create `name` in its working
 * directory: it asks over TCP and waits for the answer, so the file exists before it exits.
 */
async function withNeighbour<T>(cwd: string, name: string, body: (argv: string[]) => Promise<T>): Promise<T> {
  const server = createServer((socket) => {
    writeFileSync(join(cwd, name), "not the target's");
    socket.end("x");
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const port = (server.address() as AddressInfo).port;
  try {
    const script = `import socket; s = socket.create_connection(("127.0.0.1", ${port})); assert s.recv(1) == b"x"`;
    return await body([PYTHON, "-c", script]);
  } finally {
    await new Promise((closed) => server.close(closed));
  }
}

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

  it.skipIf(!TRACING.available)("a file another process creates in the working directory while the target runs is not blamed on it, and is named", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "standalone-cwd-"));
    strays.push(cwd);
    const report = await withNeighbour(cwd, "neighbour.txt", (argv) => runConformance({ argv, cases: ["standalone.no-files-created"], cwd }));
    const result = report.results[0]!;
    expect(result.verdict, result.actual).toBe("pass");
    expect(result.observation).toContain("not created by the program");
    expect(result.observation).toContain("neighbour.txt");
  });

  it.skipIf(!TRACING.available)("beside another process's file, the target's own is still blamed, and only it", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "standalone-cwd-"));
    strays.push(cwd);
    const report = await withNeighbour(cwd, "neighbour.txt", (argv) =>
      runConformance({ argv: [argv[0]!, "-c", `${argv[2]}; import os; os.mkdir("made-by-target")`], cases: ["standalone.no-files-created"], cwd }),
    );
    const result = report.results[0]!;
    expect(result.verdict).toBe("warn");
    expect(result.actual).toMatch(/^created in the working directory: made-by-target; 1 new entry .* not created by the program .*: neighbour\.txt$/);
  });

  it("without a trace of file creation, what appeared is reported and said to be unattributed", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "standalone-cwd-"));
    strays.push(cwd);
    const report = await withNeighbour(cwd, "neighbour.txt", (argv) => runConformance({ argv, cases: ["standalone.no-files-created"], cwd, traceWrites: "off" }));
    const result = report.results[0]!;
    expect(result.verdict).toBe("warn");
    expect(result.actual).toBe("created in the working directory: neighbour.txt (not attributed: other processes may share the working directory, and no trace of file creation was taken)");
  });

  it.skipIf(!TRACING.available)("blames what the target creates however it names it: a Unix socket, a path with // or through a symbolic link, a relative path after chdir", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "standalone-cwd-"));
    const link = `${cwd}-link`;
    strays.push(cwd, link);
    symlinkSync(cwd, link);
    const script = [
      "import os, socket",
      'socket.socket(socket.AF_UNIX).bind("sock")',
      'os.mkdir(os.getcwd() + "//double")',
      `os.mkdir(${JSON.stringify(link)} + "/linked")`,
      'os.mkdir("sub"); os.chdir("sub"); os.mkdir("deeper"); os.chdir(".."); open("./plain.txt", "w")',
    ].join("\n");
    const report = await runConformance({ argv: [PYTHON, "-c", script], cases: ["standalone.no-files-created"], cwd });
    const result = report.results[0]!;
    expect(result.verdict, result.actual).toBe("warn");
    for (const name of ["sock", "double", "linked", "sub", "plain.txt"]) expect(result.actual).toContain(name);
    expect(result.actual).not.toContain("not created by the program");
  });
});
