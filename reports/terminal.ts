/**
 * Colour and terminal detection for human output: colour only on a TTY, never when `NO_COLOR` is
 * set (https://no-color.org) or `--no-color` is given.
 */

/** Styling functions; identity functions when colour is off. */
export interface Style {
  enabled: boolean;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  cyan(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/** Whether a stream should get colour: a TTY, no `NO_COLOR` in the environment, not forced off. */
export function colourWanted(isTTY: boolean, env: NodeJS.ProcessEnv, forceOff = false): boolean {
  if (forceOff) return false;
  const noColor = env.NO_COLOR;
  if (noColor !== undefined && noColor !== "") return false;
  return isTTY;
}

/** A style for a stream (or forced on/off). */
export function createStyle(enabled: boolean): Style {
  const wrap = (open: number, close: number) => (text: string) => (enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return {
    enabled,
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    blue: wrap(34, 39),
    cyan: wrap(36, 39),
    dim: wrap(2, 22),
    bold: wrap(1, 22),
  };
}
