/**
 * The names of the three independent axes of a launch (docs/DRIVERS.md#driver-capabilities):
 * bootstrap transport, context form and message channel. Kept apart from `bootstrap-params.ts`
 * (which encodes params and loads the codec) so that the CLI's option declarations can list the
 * choices without loading anything else.
 */

/** How the params reach the process. */
export type Transport = "env" | "cli";
/** How the context is given. */
export type ContextForm = "path" | "data";
/** Where the process writes its messages. */
export type Channel = "file" | "stderr" | "stdout" | "buffered-stderr" | "buffered-stdout";

/** Every transport, in the order the suite enumerates them. */
export const TRANSPORTS: readonly Transport[] = ["env", "cli"];
/** Every context form, in the order the suite enumerates them. */
export const CONTEXT_FORMS: readonly ContextForm[] = ["path", "data"];
/** Every channel, in the order the suite enumerates them. */
export const CHANNELS: readonly Channel[] = ["file", "stderr", "stdout", "buffered-stderr", "buffered-stdout"];
