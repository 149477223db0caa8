/**
 * Names of the session work directories (the context file, the messages file, a private TMPDIR)
 * and the removal of those a killed run left behind. A name carries its owner's tag
 * (`pipes-conformance-PID-STARTTICKS-PIDNS-XXXXXX`): a directory is removed only when it has
 * exactly this form and its owner is known to have ended, never a live run's, and never another
 * `pipes-conformance-*` entry (tests and users may have their own).
 */
import { lstatSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ownerIsDead, ownerTag, parseOwner } from "./run-owner.js";

/** The prefix every work directory name starts with. */
export const WORK_DIR_PREFIX = "pipes-conformance-";

const WORK_DIR_NAME = /^pipes-conformance-(\d+-\d+-\d+)-[A-Za-z0-9]{6}$/;

/** A `tmp` template for a new work directory of this process (XXXXXX: six random characters). */
export function workDirTemplate(): string {
  return `${WORK_DIR_PREFIX}${ownerTag()}-XXXXXX`;
}

/** What was removed. */
export interface StaleWorkDirs {
  removed: number;
  /** Pids of the ended tool processes that owned them. */
  ownerPids: number[];
}

/** Removes the work directories in `directory` (default: the temp directory) whose owner has ended. */
export function removeWorkDirsOfDeadOwners(directory: string = tmpdir()): StaleWorkDirs {
  const owners = new Set<number>();
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return { removed, ownerPids: [] };
  }
  for (const name of names) {
    const match = WORK_DIR_NAME.exec(name);
    if (!match) continue;
    const owner = parseOwner(match[1]!);
    if (owner === undefined || !ownerIsDead(owner)) continue;
    const path = join(directory, name);
    try {
      if (!lstatSync(path).isDirectory()) continue;
      rmSync(path, { recursive: true, force: true });
      removed++;
      owners.add(owner.pid);
    } catch {
      // Removed meanwhile, or not ours to remove: left as it is.
    }
  }
  return { removed, ownerPids: [...owners].sort((a, b) => a - b) };
}
