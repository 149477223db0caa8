/**
 * Message channels: each stdio channel, live and buffered, and the file channel with
 * `include_stdio_in_messages`.
 */
import { CHANNELS, type Channel } from "../../harness/bootstrap/bootstrap-params.js";
import type { CaseDefinition } from "../model/case.js";
import { nothingAfterClosed } from "../verifiers/nothing-after-closed.js";
import { openedFirst } from "../verifiers/opened-first.js";
import { sessionSucceeds } from "../verifiers/session-succeeds.js";
import { stdioForwarded } from "../verifiers/stdio-forwarded.js";
import { versionOnStdio } from "../verifiers/version-on-stdio.js";
import { RULES } from "./rules.js";

function channelCase(channel: Exclude<Channel, "file">): CaseDefinition {
  return {
    id: `channel.${channel}`,
    title: `Messages on the ${channel.replace("-", " ")} channel reach Dagster`,
    level: "MUST",
    mode: "observed",
    refs: [RULES.channels],
    needs: [`channel:${channel}`],
    setup: { channel },
    // A buffered channel is written at close: its order is part of the channel's contract.
    expect: [sessionSucceeds, openedFirst, nothingAfterClosed],
  };
}

/** The channel cases. */
export const CHANNEL_CASES: CaseDefinition[] = [
  ...CHANNELS.filter((channel): channel is Exclude<Channel, "file"> => channel !== "file").map(channelCase),
  {
    id: "channel.include-stdio",
    title: "With include_stdio_in_messages, the program's output is forwarded as log_external_stream",
    level: "MUST",
    mode: "observed",
    refs: [RULES.includeStdio],
    needs: ["feature:log-external-stream"],
    // Traced where strace works: the trace places each write of output against opened and closed.
    setup: { channel: "file", includeStdio: true, traceWrites: true },
    expect: [sessionSucceeds, stdioForwarded],
  },
  {
    id: "channel.version-marks-stdio-messages",
    title: "Every message on a stdio channel carries __dagster_pipes_version (else Dagster reads it as output)",
    level: "MUST",
    mode: "observed",
    refs: [RULES.version],
    needs: ["channel:stderr"],
    setup: { channel: "stderr" },
    expect: [versionOnStdio],
  },
];
