/**
 * What Dagster concludes from a session: the results it would yield (reported and implicit
 * materializations, check results, custom messages in order), the warnings it would print (no
 * `opened`, no `closed`, a message after `closed`, a reader's framework exception), the messages it
 * would lose, and the step's outcome. The exit code decides the step (a `closed` exception alone
 * does not fail it); unselected asset keys, duplicate materializations and undeclared checks fail
 * it later, when the results are yielded (docs/PROTOCOL.md#step-exit-code-decides,
 * docs/PROTOCOL.md#step-selected-keys).
 */
import { constants } from "node:os";
import { sameAssetKey, toUserString, type AssetKeyPath } from "./asset-key.js";
import type { DagsterEffect, PipesErrorInfo } from "./message-handler.js";
import type { LineVerdict, LostCause } from "./reader-emulation.js";
import type { DagsterRejection } from "./rejection.js";
import type { JsonValue } from "../json/number-lexemes.js";
import { RetentionBudget, type RetentionLimits } from "../retention-budget.js";

/** A check spec declared for the step (`--check ASSET:NAME`). */
export interface CheckSpec {
  assetKey: string[];
  name: string;
}

/** How the step was defined: its selected assets and, optionally, its check specs. */
export interface StepDefinition {
  /** Selected asset keys (as parts); null for an op without assets. */
  selectedAssets: string[][] | null;
  /** Declared check specs; undefined when not declared (check names are then not verified). */
  checkSpecs?: CheckSpec[];
  /**
   * Keep at most this many items of the lost and warning lists, and this many items and bytes of
   * message text across the result lists (counts are always exact). Unlimited when absent.
   */
  retention?: RetentionLimits;
}

/** How the process ended, as far as Dagster's step is concerned. */
export interface ProcessEnd {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  spawnError?: string;
}

/** Where a message was read. */
export interface MessageOrigin {
  channel: "file" | "stdout" | "stderr";
  lineNumber: number;
}

/** A message Dagster would never act on, and why. */
export interface LostMessage extends MessageOrigin {
  reason: "rejected" | "treated-as-output" | LostCause;
  rejection?: DagsterRejection;
}

/** A warning or engine event Dagster would emit, with a stable code. */
export interface DagsterNotice {
  code: string;
  message: string;
  origin?: MessageOrigin;
}

/** A step failure, with a stable code. */
export interface StepFailure {
  code: string;
  message: string;
}

/** The whole of what Dagster would conclude. */
export interface DagsterVerdict {
  /** The step succeeds, `opened` and `closed` were seen and no message was lost: `run` exits 0. */
  ok: boolean;
  stepSucceeded: boolean;
  failures: StepFailure[];
  warnings: DagsterNotice[];
  openedReceived: boolean;
  closedReceived: boolean;
  closedException: PipesErrorInfo | null;
  /** Messages Dagster acted on. */
  acceptedCount: number;
  lostCount: number;
  lost: LostMessage[];
  materializations: Extract<DagsterEffect, { kind: "materialization" }>[];
  materializationCount: number;
  implicitMaterializations: string[][];
  checks: Extract<DagsterEffect, { kind: "check" }>[];
  checkCount: number;
  /** True when checks were reported but no specs were declared to verify their names. */
  checkNamesUnverified: boolean;
  customMessages: JsonValue[];
  customMessageCount: number;
  logCount: number;
}

/** Accumulates line verdicts of every channel, then judges the step. */
export class StepVerdictBuilder {
  private readonly retainLimit: number;
  /** One budget for materializations, checks and custom payloads: each list is a prefix of its kind. */
  private readonly resultBudget: RetentionBudget;
  private readonly warnings: DagsterNotice[] = [];
  private afterClosedCount = 0;
  private readonly lost: LostMessage[] = [];
  private lostCount = 0;
  private acceptedCount = 0;
  private readonly materializations: Extract<DagsterEffect, { kind: "materialization" }>[] = [];
  private materializationCount = 0;
  /** Every materialized key (joined), with its count: needed whole for duplicates and implicit ones. */
  private readonly materializedKeys = new Map<string, { path: string[]; count: number }>();
  private readonly checks: Extract<DagsterEffect, { kind: "check" }>[] = [];
  private checkCount = 0;
  private readonly checkProblems: StepFailure[] = [];
  private readonly customMessages: JsonValue[] = [];
  private customMessageCount = 0;
  private logCount = 0;
  private openedReceived = false;
  private closedReceived = false;
  private closedException: PipesErrorInfo | null = null;

  constructor(private readonly definition: StepDefinition) {
    const retention = definition.retention ?? { items: Number.POSITIVE_INFINITY, bytes: Number.POSITIVE_INFINITY };
    this.retainLimit = retention.items;
    this.resultBudget = new RetentionBudget(retention);
  }

  /** Records what became of one line; `textLength` sizes what keeping its result would cost. */
  record(verdict: LineVerdict, origin: MessageOrigin, textLength = 0): void {
    switch (verdict.kind) {
      case "accepted":
        this.acceptedCount++;
        if (verdict.result.afterClosed) {
          this.noteAfterClosed(origin);
        }
        this.apply(verdict.result.effect, textLength);
        return;
      case "rejected":
        this.loseMessage({ ...origin, reason: "rejected", rejection: verdict.rejection });
        if (verdict.afterClosed) this.noteAfterClosed(origin);
        if (verdict.fatal) {
          this.warnings.push({
            code: "W_READER_DIED",
            message: `[pipes] framework exception occurred in PipesFileMessageReader reader thread: ${verdict.rejection.pythonError}; every later message is lost`,
            origin,
          });
        }
        return;
      case "lost":
        this.loseMessage({ ...origin, reason: verdict.cause });
        return;
      case "output":
        if (verdict.looksLikeMessage) this.loseMessage({ ...origin, reason: "treated-as-output" });
        return;
      case "oversize":
        return;
    }
  }

  /** One warning per message after closed, as Dagster logs them, but only so many kept. */
  private noteAfterClosed(origin: MessageOrigin): void {
    this.afterClosedCount++;
    if (this.afterClosedCount <= this.retainLimit) this.warnings.push({ code: "W_MESSAGE_AFTER_CLOSED", message: "[pipes] unexpected message received after closed", origin });
  }

  private loseMessage(message: LostMessage): void {
    this.lostCount++;
    if (this.lost.length < this.retainLimit) this.lost.push(message);
  }

  private apply(effect: DagsterEffect, textLength: number): void {
    switch (effect.kind) {
      case "opened":
        this.openedReceived = true;
        return;
      case "closed":
        this.closedReceived = true;
        if (effect.exception !== null) this.closedException = effect.exception;
        return;
      case "log":
        this.logCount++;
        return;
      case "materialization": {
        this.materializationCount++;
        if (this.resultBudget.admit(textLength)) this.materializations.push(effect);
        const id = JSON.stringify(effect.assetKey);
        const seen = this.materializedKeys.get(id);
        if (seen === undefined) this.materializedKeys.set(id, { path: effect.assetKey, count: 1 });
        else seen.count++;
        return;
      }
      case "check":
        this.checkCount++;
        if (this.resultBudget.admit(textLength)) this.checks.push(effect);
        this.verifyCheck(effect);
        return;
      case "custom":
        this.customMessageCount++;
        if (this.resultBudget.admit(textLength)) this.customMessages.push(effect.payload);
        return;
      case "external-stream":
        return;
    }
  }

  private verifyCheck(check: Extract<DagsterEffect, { kind: "check" }>): void {
    const specs = this.definition.checkSpecs;
    if (specs === undefined) return;
    const key = toUserString(check.assetKey);
    if (specs.length === 0) {
      this.checkProblems.push({ code: "F_UNEXPECTED_CHECK", message: `Received unexpected AssetCheckResult ${key}:${check.checkName}. No AssetCheckSpecs were found for this step.` });
    } else if (!specs.some((spec) => sameAssetKey(spec.assetKey, check.assetKey) && spec.name === check.checkName)) {
      this.checkProblems.push({
        code: "F_UNDECLARED_CHECK",
        message: `Received unexpected AssetCheckResult. No checks currently being evaluated target asset '${key}' and have name '${check.checkName}'.`,
      });
    }
  }

  /** Judges the step once the process has ended and every channel is drained. */
  finish(end: ProcessEnd): DagsterVerdict {
    const failures: StepFailure[] = [];
    if (end.spawnError !== undefined) failures.push({ code: "F_LAUNCH", message: `The process could not be started: ${end.spawnError}` });
    else if (end.timedOut) failures.push({ code: "F_TIMEOUT", message: "The process was ended by the harness's timeout" });
    else if (end.signal !== null) failures.push({ code: "F_SIGNAL", message: `External execution process failed with code -${signalNumber(end.signal)} (${end.signal})` });
    else if (end.exitCode !== 0) failures.push({ code: "F_EXIT_CODE", message: `External execution process failed with code ${String(end.exitCode)}` });

    const selected = this.definition.selectedAssets;
    for (const { path, count } of this.materializedKeys.values()) {
      if (selected === null) {
        failures.push({ code: "F_MATERIALIZATION_WITHOUT_ASSETS", message: `MaterializeResult for ${toUserString(path)} is only valid within asset computations, no backing AssetsDefinition found.` });
      } else if (!selected.some((key) => sameAssetKey(key, path))) {
        failures.push({ code: "F_UNSELECTED_ASSET", message: `Asset key ${toUserString(path)} not found in AssetsDefinition` });
      }
      if (count > 1) {
        failures.push({ code: "F_DUPLICATE_MATERIALIZATION", message: `Compute returned an output for asset ${toUserString(path)} multiple times (${count})` });
      }
    }
    failures.push(...this.checkProblems);

    const warnings = [...this.warnings];
    if (!this.openedReceived) {
      warnings.push({ code: "W_NO_OPENED", message: "[pipes] did not receive any messages from external process. Check stdout / stderr logs from the external process if possible." });
    } else if (!this.closedReceived) {
      warnings.push({ code: "W_NO_CLOSED", message: "[pipes] did not receive closed message from external process. Buffered messages may have been discarded without being delivered." });
    }
    if (this.closedException !== null) {
      warnings.push({ code: "W_CLOSED_WITH_EXCEPTION", message: "[pipes] external process pipes closed with exception" });
    }

    const implicit = (selected ?? []).filter((key) => !this.materializedKeys.has(JSON.stringify(key)));
    return {
      ok: failures.length === 0 && this.openedReceived && this.closedReceived && this.lostCount === 0,
      stepSucceeded: failures.length === 0,
      failures,
      warnings,
      openedReceived: this.openedReceived,
      closedReceived: this.closedReceived,
      closedException: this.closedException,
      acceptedCount: this.acceptedCount,
      lostCount: this.lostCount,
      lost: this.lost,
      materializations: this.materializations,
      materializationCount: this.materializationCount,
      implicitMaterializations: implicit,
      checks: this.checks,
      checkCount: this.checkCount,
      checkNamesUnverified: this.definition.checkSpecs === undefined && this.checkCount > 0,
      customMessages: this.customMessages,
      customMessageCount: this.customMessageCount,
      logCount: this.logCount,
    };
  }
}

function signalNumber(signal: string): number | string {
  return (constants.signals as Record<string, number>)[signal] ?? signal;
}

/** Re-exported for display code: an asset key as Dagster prints it. */
export { toUserString };
export type { AssetKeyPath };
