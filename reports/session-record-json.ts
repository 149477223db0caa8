/**
 * The session record as plain JSON (`run --json`): everything the harness saw, with each message
 * kept as its raw line and its parse outcome rather than as a JS value (which would lose the int
 * and float distinction the raw line still shows).
 */
import type { SessionRecord, TranscriptLine } from "../harness/session.js";

/** A transcript line without its parsed value. */
export type TranscriptLineJson = Omit<TranscriptLine, "parse"> & { parse?: { ok: boolean; error?: string } };

/** The session record in the form `run --json` prints. */
export function sessionRecordToJson(record: SessionRecord): Omit<SessionRecord, "transcript" | "framingPastBudget"> & { transcript: TranscriptLineJson[]; framingPastBudget: TranscriptLineJson[] } {
  return { ...record, transcript: record.transcript.map(lineToJson), framingPastBudget: record.framingPastBudget.map(lineToJson) };
}

function lineToJson(line: TranscriptLine): TranscriptLineJson {
  const { parse, ...rest } = line;
  if (parse === undefined) return rest;
  return { ...rest, parse: parse.ok ? { ok: true } : { ok: false, error: parse.error.message } };
}
