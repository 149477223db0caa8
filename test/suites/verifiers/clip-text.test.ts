import { describe, expect, it } from "vitest";
import { clipText } from "../../../suites/verifiers/clip-text.js";

describe("clipText", () => {
  it("keeps a text that fits", () => {
    expect(clipText("Error: boom", 20)).toBe("Error: boom");
  });

  it("cuts at a word boundary and says it cut", () => {
    const text = 'not marked as ignorable (10 known properties: "retry_number", "partition_key", "partition_time_window"])';
    const clipped = clipText(text, 80);
    expect(clipped.length).toBeLessThanOrEqual(80);
    expect(clipped.endsWith("…")).toBe(true);
    expect(text.startsWith(clipped.slice(0, -1))).toBe(true);
    // The last word kept is whole.
    expect(clipped).toBe('not marked as ignorable (10 known properties: "retry_number", "partition_key",…');
  });

  it("cuts one long word where it must", () => {
    expect(clipText("x".repeat(50), 10)).toBe(`${"x".repeat(9)}…`);
  });

  it("never cuts a character written as a surrogate pair in two", () => {
    const clipped = clipText(`${"x".repeat(8)}😀${"y".repeat(20)}`, 10);
    expect(clipped).toBe(`${"x".repeat(8)}…`);
  });
});
