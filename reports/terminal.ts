/**
 * Colour and terminal detection for human output: colour on a TTY; `--no-color` turns it off,
 * then `FORCE_COLOR` decides when set (on, also off a TTY, e.g. in CI logs that render colour;
 * `0` or `false`: off), then `NO_COLOR` (https://no-color.org) turns it off. FORCE_COLOR
 * overriding NO_COLOR is what Node.js itself does.
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

/** Whether a stream should get colour: `--no-color`, then `FORCE_COLOR`, then `NO_COLOR`, then a TTY. */
export function colourWanted(isTTY: boolean, env: NodeJS.ProcessEnv, forceOff = false): boolean {
  if (forceOff) return false;
  const forceColor = env.FORCE_COLOR;
  if (forceColor !== undefined) return forceColor !== "0" && forceColor.toLowerCase() !== "false";
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
