// The bench's target lines: the figure printed and the verdict never disagree ("1.50× ≤ 1.5× NOT met").
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without types
import { verdict } from "../../scripts/bench-verdict.mjs";

describe("bench verdicts", () => {
  it.each([
    [1.2, "≤", 1.5, "1.20", true],
    [1.5, "≤", 1.5, "1.50", true],
    [1.504, "≤", 1.5, "1.504", false],
    [1.5004, "≤", 1.5, "1.5004", false],
    [1.496, "≤", 1.5, "1.50", true],
    [1.62, "≤", 1.5, "1.62", false],
    [7.996, "≥", 8, "7.996", false],
    [8.004, "≥", 8, "8.00", true],
  ])("%s %s %s → %s×, met %s", (value, op, limit, shown, met) => {
    expect(verdict(value, op, limit)).toEqual({ shown, met });
  });
});
