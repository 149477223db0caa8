/**
 * Every case of the suite, in the order they are planned and listed.
 */
import type { CaseDefinition } from "../model/case.js";
import { BOOTSTRAP_CASES } from "./bootstrap.js";
import { CHANNEL_CASES } from "./channels.js";
import { CONTEXT_CASES } from "./context.js";
import { DRIVEN_CASES } from "./driven.js";
import { DRIVEN_SHAPE_CASES } from "./driven-shapes.js";
import { DRIVEN_TRAFFIC_CASES } from "./driven-traffic.js";
import { STANDALONE_CASES } from "./standalone.js";
import { STREAM_CASES } from "./stream.js";

/** All case definitions (a generated-context twin shares its case's ID). */
export const ALL_CASES: readonly CaseDefinition[] = [
  ...BOOTSTRAP_CASES,
  ...CHANNEL_CASES,
  ...STREAM_CASES,
  ...CONTEXT_CASES,
  ...STANDALONE_CASES,
  ...DRIVEN_CASES,
  ...DRIVEN_SHAPE_CASES,
  ...DRIVEN_TRAFFIC_CASES,
];
