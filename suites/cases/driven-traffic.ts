/**
 * Driven twins of the channel, transport and context-form cases: the observed cases run a driver
 * with no actions (a buffered channel that writes `opened`, `closed`, then the rest passes them),
 * so each twin runs one representative script on its channel, transport or form and checks the
 * exact image and order there; each channel also gets a `raise` twin whose exception must arrive
 * on `closed`, with nothing after it (under `--without exceptions`, only the order is judged).
 */
import { CHANNELS, type Channel } from "../../harness/bootstrap/bootstrap-params.js";
import type { DriverAction } from "../driven/actions.js";
import type { Capability, CaseDefinition } from "../model/case.js";
import { drivenImage } from "../verifiers/driven-image.js";
import { nothingAfterClosed } from "../verifiers/nothing-after-closed.js";
import { drivenCase } from "./driven.js";
import { RULES } from "./rules.js";

/**
 * Logs at two levels, a materialization with typed metadata, a check and a custom message. The
 * metadata is typed only and has no number trap (no whole float, no `__infer__` beside typed
 * entries): these cases judge the channel, transport or form, and a number trap would make them
 * fail on the number instead. The traps are judged by `driven.materialization-scalar-metadata` and
 * `driven.check-variants`.
 */
export const TRAFFIC: readonly DriverAction[] = [
  { op: "log", message: "traffic: info ✓", level: "INFO" },
  { op: "log", message: "traffic: warning", level: "WARNING" },
  {
    op: "report_asset_materialization",
    asset_key: "my_asset",
    data_version: "v1",
    metadata: {
      rows: { raw_value: 3, type: "int" },
      ratio: { raw_value: 2.5, type: "float" },
      label: { raw_value: "tablé", type: "text" },
    },
  },
  { op: "report_asset_check", asset_key: "my_asset", check_name: "traffic_check", passed: false, severity: "WARN", metadata: { n: { raw_value: 1, type: "int" } } },
  { op: "report_custom_message", payload: { traffic: [1, "two", null] } },
];

const TRAFFIC_FEATURES: Capability[] = ["feature:checks", "feature:custom-messages", "feature:typed-metadata"];

function channelTwins(channel: Channel): CaseDefinition[] {
  const name = channel.replace("-", " ");
  return [
    drivenCase(`driven.channel-${channel}`, `A driver's messages on the ${name} channel are exactly the image of its actions, in order`, [...TRAFFIC], {
      needs: [`channel:${channel}`, ...TRAFFIC_FEATURES],
      refs: [RULES.channels, RULES.driverProtocol],
      setup: { channel },
      expect: [drivenImage, nothingAfterClosed],
    }),
    drivenCase(`driven.channel-${channel}-raise`, `On the ${name} channel, an error raised in the session arrives on closed, last`, [...TRAFFIC, { op: "raise", message: `traffic boom on ${channel}` }], {
      // Not "feature:exceptions": the order on the channel (closed last, nothing after it) is judged
      // without it; a library declared without exception forwarding is only not asked for the
      // exception on closed (an observation).
      needs: [`channel:${channel}`, ...TRAFFIC_FEATURES],
      refs: [RULES.channels, RULES.exceptionForwarded, RULES.closedOnce],
      setup: { channel },
      expect: [drivenImage, nothingAfterClosed],
    }),
  ];
}

/** The traffic cases: every channel (and its raise twin), the CLI transport, the inline data form. */
export const DRIVEN_TRAFFIC_CASES: CaseDefinition[] = [
  ...CHANNELS.flatMap(channelTwins),
  drivenCase("driven.transport-cli", "With the params given as CLI arguments, the messages are exactly the image of the actions", [...TRAFFIC], {
    needs: ["transport:cli", ...TRAFFIC_FEATURES],
    refs: [RULES.bootstrapCli, RULES.driverProtocol],
    setup: { transport: "cli" },
    expect: [drivenImage, nothingAfterClosed],
  }),
  drivenCase("driven.context-form-data", "With the context given inline as data, the messages are exactly the image of the actions", [...TRAFFIC], {
    needs: ["context-form:data", ...TRAFFIC_FEATURES],
    refs: [RULES.contextForms, RULES.driverProtocol],
    setup: { contextForm: "data" },
    expect: [drivenImage, nothingAfterClosed],
  }),
];
