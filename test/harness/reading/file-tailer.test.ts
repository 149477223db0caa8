import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FileTailer } from "../../../harness/reading/file-tailer.js";
import { LineSplitter } from "../../../harness/reading/line-splitter.js";

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** Resolves once `probe` holds; a slow machine only makes it wait longer. */
async function until(probe: () => boolean, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error("condition not reached");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("FileTailer", () => {
  it("readNow reads everything the file holds at once, past the slice a watcher or poll event reads, and says so", async () => {
    const directory = mkdtempSync(join(tmpdir(), "pipes-conformance-tailer-test-"));
    directories.push(directory);
    const path = join(directory, "messages");
    writeFileSync(path, "");
    let bytes = 0;
    const tailer = new FileTailer({ path, onChunk: (chunk) => (bytes += chunk.length) });
    expect(tailer.readNow()).toBe(false); // not started: nothing can be read
    tailer.start();
    // 40 MiB, more than two 16 MiB slices: a watcher event would leave the rest to later turns.
    appendFileSync(path, Buffer.alloc(40 << 20, 0x61));
    expect(tailer.readNow()).toBe(true);
    expect(bytes).toBe(40 << 20);
    await tailer.stop();
    expect(tailer.readNow()).toBe(false); // stopped
  });

  it("keeps two sessions' partial lines apart although their tailers share one read buffer", async () => {
    const directory = mkdtempSync(join(tmpdir(), "pipes-conformance-tailer-test-"));
    directories.push(directory);
    const follow = (name: string) => {
      const path = join(directory, name);
      writeFileSync(path, "");
      const lines: string[] = [];
      let bytes = 0;
      const splitter = new LineSplitter({ newline: "universal", maxLineBytes: 1 << 20, onLine: (line) => lines.push(line.text) });
      const tailer = new FileTailer({
        path,
        onChunk: (chunk, atMs) => {
          bytes += chunk.length;
          splitter.push(chunk, atMs);
        },
      });
      tailer.start();
      return { path, lines, tailer, splitter, read: () => bytes };
    };
    const first = follow("first");
    const second = follow("second");
    // A partial line in each file, read (into the same buffer) before either line ends: a splitter
    // that kept a view of the buffer instead of a copy would now hold the other file's bytes.
    appendFileSync(first.path, "first-head-");
    await until(() => first.read() > 0);
    appendFileSync(second.path, "SECOND-HEAD-XYZ-");
    await until(() => second.read() > 0);
    appendFileSync(first.path, "tail\n");
    appendFileSync(second.path, "TAIL\n");
    await first.tailer.stop();
    await second.tailer.stop();
    first.splitter.end(0);
    second.splitter.end(0);
    expect(first.lines).toEqual(["first-head-tail"]);
    expect(second.lines).toEqual(["SECOND-HEAD-XYZ-TAIL"]);
  });

  it("delivers the bytes of a file written in many pieces exactly, in order", async () => {
    const directory = mkdtempSync(join(tmpdir(), "pipes-conformance-tailer-test-"));
    directories.push(directory);
    const path = join(directory, "messages");
    writeFileSync(path, "");
    const received: Buffer[] = [];
    const tailer = new FileTailer({ path, onChunk: (chunk) => received.push(Buffer.from(chunk)) });
    tailer.start();
    const written: string[] = [];
    for (let index = 0; index < 200; index++) {
      const piece = `${index}:${"x".repeat(index % 37)}${index % 3 === 0 ? "\n" : ""}`;
      written.push(piece);
      appendFileSync(path, piece);
      if (index % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await tailer.stop();
    expect(Buffer.concat(received).toString("utf8")).toBe(written.join(""));
  });
});
