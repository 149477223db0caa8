/**
 * The output formats of `diff`, declared apart from the renderers so that the command's option
 * declaration can list them without loading the diff code.
 */

/** Output formats of `diff`. */
export const DIFF_FORMATS = ["console", "markdown", "json"] as const;
