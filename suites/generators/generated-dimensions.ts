/**
 * The parts of a context that generation may vary around a program's own context, declared apart
 * from the generators (which load fast-check) so that the CLI's `--generate` option can name them
 * without loading anything else.
 */

/** The parts of a context that generation may vary around a program's own context. */
export const GENERATED_DIMENSIONS = ["assets", "partitions", "extras"] as const;

/** One of them. */
export type GeneratedDimension = (typeof GENERATED_DIMENSIONS)[number];
