/**
 * Runs ONE harness session in a fresh Node process and prints a summary of its record and of the
 * process's memory as one JSON line on stdout. The memory tests run floods here rather than in the
 * vitest worker: a fresh process's peak RSS (`process.resourceUsage().maxRSS`) measures this one
 * session, with nothing else the worker did before mixed in.
 *
 * Usage (after `npx tsc -p tsconfig.json`): node dist/test/helpers/session-in-child.js '<options JSON>'
 * where the options are a JSON subset of SessionOptions (argv, channel, env, timeoutMs, maxLineBytes...).
 */
import { defaultContext } from "../../suites/context-variations.js";
import { runSession, type SessionOptions, type TranscriptLine } from "../../harness/session.js";

/** How many transcript lines the summary prints. */
const PRINTED_TRANSCRIPT_LIMIT = 1000;

/** A transcript line without its (possibly 16 MB) text. */
export interface ChildTranscriptLine {
  channel: TranscriptLine["channel"];
  lineNumber: number;
  byteLength: number;
  /** UTF-16 length of the kept text: bounded by the line cap for an oversize line. */
  keptTextLength: number;
  textHead: string;
  terminator: TranscriptLine["terminator"];
  oversize: boolean;
  invalidUtf8: boolean;
  pieces: number;
  verdict: { kind: string; code?: string; cause?: string; fatal?: boolean };
}

/** What the child prints. */
export interface ChildSummary {
  record: {
    process: Awaited<ReturnType<typeof runSession>>["process"];
    output: Record<"stdout" | "stderr", { totalBytes: number; droppedBytes: number; lines: number; headBytes: number; tailBytes: number }>;
    /** The first PRINTED_TRANSCRIPT_LIMIT retained lines (a long stream's whole record would not fit a pipe buffer). */
    transcript: ChildTranscriptLine[];
    /** How many lines the record retained (at most the session's retainLimit). */
    transcriptRetained: number;
    /** UTF-16 length of the retained lines' text, summed (bounded by the session's retainBytes). */
    transcriptRetainedText: number;
    transcriptCount: number;
    fileEvents: Awaited<ReturnType<typeof runSession>>["fileEvents"];
    dagster: { ok: boolean; stepSucceeded: boolean; failures: string[]; openedReceived: boolean; closedReceived: boolean; lostCount: number; acceptedCount: number };
    durationMs: number;
  };
  memory: {
    /** Peak RSS of this process before the session started and after it ended (bytes). */
    maxRssBefore: number;
    maxRssAfter: number;
    /** Peak V8 heap in use, sampled every 10 ms during the session (bytes). */
    heapUsedBefore: number;
    heapUsedPeak: number;
  };
}

function verdictSummary(verdict: TranscriptLine["verdict"]): ChildTranscriptLine["verdict"] {
  switch (verdict.kind) {
    case "rejected":
      return { kind: verdict.kind, code: verdict.rejection.code, fatal: verdict.fatal };
    case "lost":
      return { kind: verdict.kind, cause: verdict.cause };
    default:
      return { kind: verdict.kind };
  }
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? "{}") as Omit<SessionOptions, "context">;
  const maxRssBefore = process.resourceUsage().maxRSS * 1024;
  const heapUsedBefore = process.memoryUsage().heapUsed;
  let heapUsedPeak = heapUsedBefore;
  const sampler = setInterval(() => {
    heapUsedPeak = Math.max(heapUsedPeak, process.memoryUsage().heapUsed);
  }, 10);
  const record = await runSession({ ...options, context: defaultContext() });
  clearInterval(sampler);
  heapUsedPeak = Math.max(heapUsedPeak, process.memoryUsage().heapUsed);
  const output = (name: "stdout" | "stderr") => {
    const captured = record.output[name];
    return { totalBytes: captured.totalBytes, droppedBytes: captured.droppedBytes, lines: captured.lines, headBytes: Buffer.byteLength(captured.head), tailBytes: Buffer.byteLength(captured.tail) };
  };
  const summary: ChildSummary = {
    record: {
      process: record.process,
      output: { stdout: output("stdout"), stderr: output("stderr") },
      transcript: record.transcript.slice(0, PRINTED_TRANSCRIPT_LIMIT).map((line) => ({
        channel: line.channel,
        lineNumber: line.lineNumber,
        byteLength: line.byteLength,
        keptTextLength: line.text.length,
        textHead: line.text.slice(0, 120),
        terminator: line.terminator,
        oversize: line.oversize,
        invalidUtf8: line.invalidUtf8,
        pieces: line.pieces,
        verdict: verdictSummary(line.verdict),
      })),
      transcriptRetained: record.transcript.length,
      transcriptRetainedText: record.transcript.reduce((sum, line) => sum + line.text.length, 0),
      transcriptCount: record.transcriptCount,
      fileEvents: record.fileEvents,
      dagster: {
        ok: record.dagster.ok,
        stepSucceeded: record.dagster.stepSucceeded,
        failures: record.dagster.failures.map((failure) => failure.code),
        openedReceived: record.dagster.openedReceived,
        closedReceived: record.dagster.closedReceived,
        lostCount: record.dagster.lostCount,
        acceptedCount: record.dagster.acceptedCount,
      },
      durationMs: record.durationMs,
    },
    memory: { maxRssBefore, maxRssAfter: process.resourceUsage().maxRSS * 1024, heapUsedBefore, heapUsedPeak },
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

await main();
