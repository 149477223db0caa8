import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pidsAllocatedAfter, readProcStat } from "../../../harness/process/proc-table.js";
import { currentOwner, newLaunchCookie, ownerIsDead, ownerTag, parseOwner, RUN_COOKIE_VARIABLE } from "../../../harness/process/run-owner.js";
import { removeWorkDirsOfDeadOwners, workDirTemplate } from "../../../harness/process/work-dirs.js";
import { runSession } from "../../../harness/session.js";
import { TOKEN_VARIABLE, harnessTempEntries, isAlive, killByToken, liveProcessesWithToken, settle, usePrivateTmpdir } from "../../helpers/leftovers.js";
import { PYTHON } from "../../helpers/python.js";

const ESCAPE = "test/fixtures/targets/escape-process-group.py";
const linux = process.platform === "linux";

let restoreTmpdir: () => void;
beforeAll(() => {
  restoreTmpdir = usePrivateTmpdir("process-sweep");
});
afterAll(() => restoreTmpdir());

/** The pids a fixture printed as "escaped P... grouped P...". */
function printedPids(stdout: string): { escaped: number[]; grouped: number[] } {
  const match = /escaped ([\d ]*)grouped ?([\d ]*)/.exec(stdout);
  expect(match, `the fixture's marker line in ${JSON.stringify(stdout)}`).not.toBeNull();
  const numbers = (text: string) => text.trim().split(/\s+/).filter(Boolean).map(Number);
  return { escaped: numbers(match![1]!), grouped: numbers(match![2]!) };
}

describe.runIf(linux)("the sweep after a launch", () => {
  it("ends the processes that left the group (setsid) and counts them apart from the group's", async () => {
    const token = randomUUID();
    try {
      const record = await runSession({ argv: [PYTHON, ESCAPE, "3", "2", "exit"], context: {}, env: { [TOKEN_VARIABLE]: token }, killGraceMs: 1000 });
      const { escaped, grouped } = printedPids(record.output.stdout.head);
      expect(escaped).toHaveLength(3);
      expect(grouped).toHaveLength(2);
      expect(record.process.exitCode).toBe(0);
      expect(record.process.escapedProcessesEnded).toBe(3);
      expect(record.process.groupProcessesEnded).toBe(2);
      expect(await settle(() => liveProcessesWithToken(token))).toEqual([]);
      for (const pid of [...escaped, ...grouped]) expect(isAlive(pid), `pid ${pid}`).toBe(false);
    } finally {
      killByToken(token);
    }
  });

  it("counts the group's children ended on timeout", async () => {
    const token = randomUUID();
    try {
      const record = await runSession({ argv: [PYTHON, ESCAPE, "1", "4", "stay"], context: {}, env: { [TOKEN_VARIABLE]: token }, timeoutMs: 1500, killGraceMs: 500 });
      expect(record.process.timedOut).toBe(true);
      expect(record.process.groupProcessesEnded).toBe(4);
      expect(record.process.escapedProcessesEnded).toBe(1);
      expect(await settle(() => liveProcessesWithToken(token))).toEqual([]);
    } finally {
      killByToken(token);
    }
  });

  it("reports nothing for a program that leaves nothing", async () => {
    const record = await runSession({ argv: [PYTHON, "-c", "pass"], context: {} });
    expect(record.process.groupProcessesEnded).toBe(0);
    expect(record.process.escapedProcessesEnded).toBe(0);
  });

  it("never touches another launch that is still running", async () => {
    const tokenA = randomUUID();
    const tokenB = randomUUID();
    try {
      // B starts first and stays (an escaped child and itself); A ends at once, leaving an escaped child.
      const stopB = new AbortController();
      let markB!: () => void;
      const bStarted = new Promise<void>((resolve) => (markB = resolve));
      const sessionB = runSession({
        argv: [PYTHON, ESCAPE, "1", "0", "stay"],
        context: {},
        env: { [TOKEN_VARIABLE]: tokenB },
        timeoutMs: 60_000,
        killGraceMs: 500,
        onEvent: (event) => {
          if (event.type === "output" && event.line.text.startsWith("escaped")) markB();
        },
        signal: stopB.signal,
      });
      await bStarted;
      const bBefore = liveProcessesWithToken(tokenB);
      expect(bBefore).toHaveLength(2);
      const recordA = await runSession({ argv: [PYTHON, ESCAPE, "1", "0", "exit"], context: {}, env: { [TOKEN_VARIABLE]: tokenA }, killGraceMs: 500 });
      expect(recordA.process.escapedProcessesEnded).toBe(1);
      expect(await settle(() => liveProcessesWithToken(tokenA))).toEqual([]);
      // A's sweep left B's processes alone.
      expect(liveProcessesWithToken(tokenB).sort()).toEqual(bBefore.sort());
      // B ends when it is aborted, and its escaped child with it.
      stopB.abort();
      const recordB = await sessionB;
      expect(recordB.process.aborted).toBe(true);
      expect(recordB.process.escapedProcessesEnded).toBe(1);
      expect(await settle(() => liveProcessesWithToken(tokenB))).toEqual([]);
    } finally {
      killByToken(tokenA);
      killByToken(tokenB);
    }
  });
});

describe("owners and cookies", () => {
  it("names this process with its pid, start time and pid namespace, and each launch apart", () => {
    const owner = currentOwner();
    expect(owner.pid).toBe(process.pid);
    expect(ownerTag()).toBe(`${owner.pid}-${owner.startTicks}-${owner.pidNamespace}`);
    const first = newLaunchCookie();
    const second = newLaunchCookie();
    expect(first).not.toBe(second);
    expect(first.startsWith(`${ownerTag()}-`)).toBe(true);
    expect(parseOwner(first)).toEqual(owner);
    expect(parseOwner("not-a-cookie")).toBeUndefined();
  });

  it.runIf(linux)("knows a live owner from a dead one, and never judges another pid namespace", async () => {
    const owner = currentOwner();
    expect(ownerIsDead(owner)).toBe(false);
    // The same pid with another start time: a process that ended and whose pid was reused.
    expect(ownerIsDead({ ...owner, startTicks: owner.startTicks + 1 })).toBe(true);
    const child = spawn("true");
    const pid = child.pid!;
    const startTicks = readProcStat(pid)?.startTicks ?? 0;
    await once(child, "exit");
    expect(ownerIsDead({ pid, startTicks, pidNamespace: owner.pidNamespace })).toBe(true);
    expect(ownerIsDead({ pid, startTicks, pidNamespace: "1" })).toBe(false);
  });

  it.runIf(linux)("lists a process started after a given pid among the pids allocated since", async () => {
    const before = spawn("true");
    await once(before, "exit");
    const after = spawn("sleep", ["30"]);
    try {
      expect(pidsAllocatedAfter(before.pid!)).toContain(after.pid);
      expect(pidsAllocatedAfter(after.pid!)).not.toContain(before.pid);
    } finally {
      after.kill("SIGKILL");
    }
  });

  it("puts the launch's cookie in the program's environment", async () => {
    const record = await runSession({ argv: [PYTHON, "-c", `import os; print(os.environ["${RUN_COOKIE_VARIABLE}"])`], context: {}, env: { [RUN_COOKIE_VARIABLE]: "inherited" } });
    const cookie = record.output.stdout.head.trim();
    expect(cookie.startsWith(`${ownerTag()}-`)).toBe(true);
  });
});

describe("work directories", () => {
  it("carry their owner in their name and are removed by the session", async () => {
    expect(workDirTemplate()).toBe(`pipes-conformance-${ownerTag()}-XXXXXX`);
    let contextFile = "";
    const before = harnessTempEntries();
    await runSession({
      argv: [PYTHON, "-c", "import os; print(os.environ['DAGSTER_PIPES_CONTEXT'])"],
      context: {},
      onEvent: (event) => {
        if (event.type === "launched") contextFile = harnessTempEntries().filter((name) => !before.includes(name)).join(",");
      },
    });
    expect(contextFile).toMatch(new RegExp(`^pipes-conformance-${ownerTag()}-[A-Za-z0-9]{6}$`));
    expect(harnessTempEntries().filter((name) => !before.includes(name))).toEqual([]);
  });

  it.runIf(linux)("of dead owners only are removed: never a live owner's, another namespace's or another name", () => {
    const directory = mkdtempSync(join(tmpdir(), "work-dirs-"));
    try {
      const owner = currentOwner();
      const dead = `${owner.pid}-${owner.startTicks + 1}-${owner.pidNamespace}`;
      const names = {
        dead: `pipes-conformance-${dead}-abcDEF`,
        live: `pipes-conformance-${ownerTag()}-abcDEF`,
        otherNamespace: `pipes-conformance-${owner.pid}-${owner.startTicks + 1}-1-abcDEF`,
        otherName: "pipes-conformance-validate-test-abcDEF",
        notOurs: `something-${dead}-abcDEF`,
      };
      for (const name of Object.values(names)) mkdirSync(join(directory, name, "inner"), { recursive: true });
      const removed = removeWorkDirsOfDeadOwners(directory);
      expect(removed).toEqual({ removed: 1, ownerPids: [owner.pid] });
      expect(readdirSync(directory).sort()).toEqual([names.live, names.otherNamespace, names.otherName, names.notOurs].sort());
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
