import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { REFERENCE_CORPUS_DIR, REFERENCE_CORPUS_FILES, SHARED_CORPUS_DIR } from "./reference-corpus.js";

describe("the copied reference corpus", () => {
  it("holds the three transcripts", () => {
    expect(readdirSync(REFERENCE_CORPUS_DIR).filter((name) => name !== "README.md").sort()).toEqual([...REFERENCE_CORPUS_FILES].sort());
  });

  it.runIf(existsSync(SHARED_CORPUS_DIR))("is byte for byte the shared corpus next to the clone", () => {
    expect(readdirSync(SHARED_CORPUS_DIR).sort()).toEqual([...REFERENCE_CORPUS_FILES].sort());
    for (const name of REFERENCE_CORPUS_FILES) {
      expect(readFileSync(`${REFERENCE_CORPUS_DIR}${name}`).equals(readFileSync(`${SHARED_CORPUS_DIR}${name}`)), name).toBe(true);
    }
  });
});
