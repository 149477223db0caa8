import { describe, expect, it } from "vitest";
import { RetentionBudget } from "../../harness/retention-budget.js";

describe("RetentionBudget", () => {
  it("admits items until the item limit, then refuses every later one", () => {
    const budget = new RetentionBudget({ items: 3, bytes: 1000 });
    expect([1, 2, 3, 4, 5].map(() => budget.admit(10))).toEqual([true, true, true, false, false]);
    expect(budget.truncated).toBe(true);
  });

  it("keeps the item that crosses the byte limit, then refuses every later one however small", () => {
    const budget = new RetentionBudget({ items: 100, bytes: 100 });
    expect(budget.admit(60)).toBe(true);
    expect(budget.admit(39)).toBe(true);
    expect(budget.truncated).toBe(false);
    // 99 bytes kept: still under the limit, so a line as long as the whole budget is kept.
    expect(budget.admit(100)).toBe(true);
    expect(budget.admit(1)).toBe(false);
    // A kept list is a prefix of the run: no later item slips into a hole.
    expect(budget.admit(0)).toBe(false);
    expect(budget.truncated).toBe(true);
  });

  it("always keeps the first item, even one larger than the byte limit (the overshoot is one item)", () => {
    const budget = new RetentionBudget({ items: 10, bytes: 100 });
    expect(budget.admit(16 << 20)).toBe(true);
    expect(budget.admit(1)).toBe(false);
  });

  it("keeps nothing with an item limit of zero", () => {
    const budget = new RetentionBudget({ items: 0, bytes: 100 });
    expect(budget.admit(0)).toBe(false);
    expect(budget.truncated).toBe(true);
  });

  it("with unlimited limits admits everything", () => {
    const budget = new RetentionBudget({ items: Number.POSITIVE_INFINITY, bytes: Number.POSITIVE_INFINITY });
    for (let index = 0; index < 10_000; index++) expect(budget.admit(1 << 20)).toBe(true);
    expect(budget.truncated).toBe(false);
  });
});
