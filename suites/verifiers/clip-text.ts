/**
 * Program text quoted in a finding, bounded: cut at a word boundary with an ellipsis, so a quote
 * never ends mid-word ("... \"partition") and a reader can tell it was cut.
 */

/** `text` as is when it fits in `limit` characters, else cut at the last word boundary before it, with "…". */
export function clipText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const head = text.slice(0, limit - 1);
  const boundary = head.search(/[\s,;:(]\S*$/);
  // A single long word (a path, a hash) is cut where it must be, but never inside a surrogate pair.
  const kept = boundary > limit / 2 ? head.slice(0, boundary) : head.replace(/[\uD800-\uDBFF]$/, "");
  return `${kept.trimEnd()}…`;
}
