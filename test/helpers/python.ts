/**
 * The Python interpreter tests launch: Debian's /usr/bin/python3 when present (a version manager's
 * shim such as pyenv's adds ~80 ms to every start, and the suites start hundreds of processes),
 * else whatever `python3` is on PATH.
 */
import { existsSync } from "node:fs";

/** The python3 executable for fixtures and the oracle. */
export const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
