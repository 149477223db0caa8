/**
 * Where the tests find the reference Python implementation's transcripts: the copy in
 * test/fixtures/reference-corpus/ (see its README), so that a clone needs nothing beside it.
 */
import { fileURLToPath } from "node:url";

/** The directory of the copied corpus, as a URL ending in `/` (for `new URL(name, ...)`). */
export const REFERENCE_CORPUS_URL = new URL("../fixtures/reference-corpus/", import.meta.url);

/** The same directory as a path ending in `/`. */
export const REFERENCE_CORPUS_DIR = fileURLToPath(REFERENCE_CORPUS_URL);

/** The team's shared corpus next to the clone, when present: the source of the copy. */
export const SHARED_CORPUS_DIR = fileURLToPath(new URL("../../../shared/corpus/python-reference/", import.meta.url));

/** The corpus files. */
export const REFERENCE_CORPUS_FILES = ["context.json", "ok.jsonl", "raise.jsonl"] as const;
