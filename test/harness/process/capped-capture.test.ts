import { describe, expect, it } from "vitest";
import { CappedCapture } from "../../../harness/process/capped-capture.js";

describe("CappedCapture", () => {
  it("keeps everything under the cap", () => {
    const capture = new CappedCapture(100);
    capture.push(Buffer.from("hello "));
    capture.push(Buffer.from("world"));
    expect(capture.snapshot()).toEqual({ head: "hello world", tail: "", totalBytes: 11, droppedBytes: 0 });
  });

  it("keeps head and tail and counts what it drops, whatever the chunking", () => {
    const text = Array.from({ length: 1000 }, (_, i) => String(i % 10)).join("");
    for (const size of [1, 7, 33, 1000]) {
      const capture = new CappedCapture(20);
      for (let at = 0; at < text.length; at += size) capture.push(Buffer.from(text.slice(at, at + size)));
      expect(capture.snapshot()).toEqual({ head: text.slice(0, 10), tail: text.slice(-10), totalBytes: 1000, droppedBytes: 980 });
    }
  });
});
