import { describe, expect, it } from "vitest";
import { resolveWindow, parseTimeFlag } from "../../src/metrics/window";
import { UsageError } from "../../src/errors";

const NOW = new Date("2026-12-01T12:34:56.789Z");
const iso = (d: Date) => d.toISOString();

describe("--since / --until", () => {
  it("reads durations before now, 'now', dates and RFC 3339 times (to the second)", () => {
    expect(iso(parseTimeFlag("--since", "24h", NOW))).toBe("2026-11-30T12:34:56.000Z");
    expect(iso(parseTimeFlag("--since", "7d", NOW))).toBe("2026-11-24T12:34:56.000Z");
    expect(iso(parseTimeFlag("--since", "90m", NOW))).toBe("2026-12-01T11:04:56.000Z");
    expect(iso(parseTimeFlag("--since", "2w", NOW))).toBe("2026-11-17T12:34:56.000Z");
    expect(iso(parseTimeFlag("--until", "now", NOW))).toBe("2026-12-01T12:34:56.000Z");
    expect(iso(parseTimeFlag("--since", "2026-11-30", NOW))).toBe("2026-11-30T00:00:00.000Z");
    expect(iso(parseTimeFlag("--since", "2026-11-30T08:00:00+01:00", NOW))).toBe("2026-11-30T07:00:00.000Z");
  });

  it.each(["yesterday", "24", "3y", "2026-13-40", "2026-11-30T08:00"])("refuses %s, naming the flag and the forms it takes", (value) => {
    expect(() => parseTimeFlag("--since", value, NOW)).toThrow(UsageError);
    expect(() => parseTimeFlag("--since", value, NOW)).toThrow(/Invalid --since .*30m, 24h, 7d/);
  });

  it("refuses a window older than the 31 days kept, in the future, or empty", () => {
    expect(() => resolveWindow({ since: "40d" }, NOW)).toThrow(/older than the 31 days/);
    expect(() => resolveWindow({ since: "1h", until: "2026-12-02" }, NOW)).toThrow(/in the future/);
    expect(() => resolveWindow({ since: "1h", until: "2h" }, NOW)).toThrow(/window is empty/);
  });

  it("--since 31d starts a minute inside the retention, so the API does not refuse it by the time it answers", () => {
    expect(iso(resolveWindow({ since: "31d" }, NOW).since)).toBe("2026-10-31T12:35:56.000Z");
  });
});

describe("buckets", () => {
  it.each([
    ["24h", 3600, 24],
    ["7d", 6 * 3600, 28],
    ["30d", 86400, 30],
    ["31d", 86400, 31],
    ["1h", 300, 12],
    ["10m", 60, 10],
    ["2d", 3 * 3600, 16],
  ])("%s: %i-second buckets, %i of them", (since, size, count) => {
    const w = resolveWindow({ since }, NOW);
    expect(w.bucketSeconds).toBe(size);
    expect(w.buckets).toHaveLength(count);
  });

  it("cover the window exactly, the last one shorter when the window is not a whole number of buckets", () => {
    const w = resolveWindow({ since: "2026-12-01T10:00:00Z", until: "2026-12-01T12:10:00Z" }, NOW);
    expect(w.bucketSeconds).toBe(300);
    expect(w.buckets).toHaveLength(26);
    expect(iso(w.buckets[0].since)).toBe("2026-12-01T10:00:00.000Z");
    expect(iso(w.buckets[25].since)).toBe("2026-12-01T12:05:00.000Z");
    expect(iso(w.buckets[25].until)).toBe("2026-12-01T12:10:00.000Z");
  });
});
