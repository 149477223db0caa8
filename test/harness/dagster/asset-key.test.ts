import { describe, expect, it } from "vitest";
import { fromEscapedUserString, fromUserString, toEscapedUserString } from "../../../harness/dagster/asset-key.js";

describe("asset keys", () => {
  it("parses escaped user strings as Dagster does, quirks included", () => {
    const cases: [string, string[]][] = [
      ["a/b", ["a", "b"]],
      ["a\\/b", ["a/b"]],
      ["/a", ["", "a"]],
      ["a/", ["a"]],
      ["a//b", ["a", "", "b"]],
      ["", []],
      ["a\\", ["a"]],
      ["a\\\\b", ["a\\\\b"]],
      ["日本/データ", ["日本", "データ"]],
    ];
    for (const [text, parts] of cases) expect(fromEscapedUserString(text), text).toEqual(parts);
  });

  it("escapes slashes inside parts, and round-trips such keys", () => {
    const path = ["dir/with/slashes", "tablé"];
    expect(toEscapedUserString(path)).toBe("dir\\/with\\/slashes/tablé");
    expect(fromEscapedUserString(toEscapedUserString(path))).toEqual(path);
  });

  it("splits the asset metadata type on every slash, without escapes", () => {
    expect(fromUserString("a\\/b")).toEqual(["a\\", "b"]);
  });
});
