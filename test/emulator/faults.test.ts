import { describe, expect, it } from "vitest";
import { createFaultPlan } from "../../src/emulator/faults";
import { parseFaultSpec } from "../../src/emulator/index";
import { UsageError } from "../../src/errors";
import { startTestEmulator } from "./helpers";

describe("parseFaultSpec", () => {
  it.each([
    ["429:after=3", { kind: "status", status: 429, when: { after: 3 }, retryAfter: 1 }],
    ["429:after=0:retry-after=2:count=1", { kind: "status", status: 429, when: { after: 0 }, retryAfter: 2, count: 1 }],
    ["503:nth=2", { kind: "status", status: 503, when: { nth: 2 } }],
    ["500:nth=1:count=3", { kind: "status", status: 500, when: { nth: 1 }, count: 3 }],
    ["503:nth=1:retry-after=0", { kind: "status", status: 503, when: { nth: 1 }, retryAfter: 0 }],
    ["5xx:rate=0.2:seed=42", { kind: "status", status: "5xx", when: { rate: 0.2 }, seed: 42 }],
    ["5xx:nth=4", { kind: "status", status: "5xx", when: { nth: 4 } }],
    ["latency=200", { kind: "latency", ms: 200 }],
    ["latency=50:nth=2:count=2", { kind: "latency", ms: 50, when: { nth: 2 }, count: 2 }],
    ["drop:nth=1", { kind: "drop", when: { nth: 1 } }],
    ["drop:rate=1", { kind: "drop", when: { rate: 1 } }],
  ])("parses %s", (text, spec) => {
    expect(parseFaultSpec(text)).toEqual(spec);
  });

  it.each([
    ["", 'unknown action ""'],
    ["404:nth=1", 'unknown action "404"'],
    ["429", '"429" needs a trigger: nth=N, after=N or rate=P'],
    ["drop", '"drop" needs a trigger'],
    ["500:nth=0", 'nth must be an integer ≥ 1, got "0"'],
    ["500:nth=1.5", 'nth must be an integer ≥ 1, got "1.5"'],
    ["500:nth=1:nth=2", '"nth" is given twice'],
    ["500:nth=1:after=2", "use one of nth, after and rate, not nth and after"],
    ["500:every=2", 'unknown option "every"'],
    ["500:nth", '"nth" is not KEY=VALUE'],
    ["5xx:rate=1.5", 'rate must be a number in (0, 1], got "1.5"'],
    ["5xx:rate=0", "rate must be a number in (0, 1]"],
    ["latency=abc", 'latency must be an integer ≥ 0, got "abc"'],
    ["latency=10:retry-after=1", "retry-after applies to status faults only"],
    ["drop:nth=1:retry-after=1", "retry-after applies to status faults only"],
    ["500:nth=1:seed=1", "seed applies to rate= and 5xx only"],
  ])("refuses %j", (text, reason) => {
    expect(() => parseFaultSpec(text)).toThrow(UsageError);
    expect(() => parseFaultSpec(text)).toThrow(`Invalid --fault "${text}": ${reason}`);
  });
});

describe("the fault plan", () => {
  const outcomes = (specs: string[], requests: number) => {
    const plan = createFaultPlan(specs.map(parseFaultSpec));
    return Array.from({ length: requests }, (_, index) => {
      const { outcome, latencyMs } = plan(index + 1);
      return outcome?.kind === "status" ? outcome.status : (outcome?.kind ?? latencyMs);
    });
  };

  it("fires nth and after in their windows", () => {
    expect(outcomes(["500:nth=2:count=2"], 5)).toEqual([0, 500, 500, 0, 0]);
    expect(outcomes(["429:after=2:count=2"], 5)).toEqual([0, 0, 429, 429, 0]);
    expect(outcomes(["429:after=1"], 4)).toEqual([0, 429, 429, 429]);
  });

  it("lets the first status or drop win and adds latencies", () => {
    expect(outcomes(["drop:nth=1", "503:nth=1", "latency=7", "latency=3:nth=2"], 3)).toEqual(["drop", 10, 7]);
  });

  it("draws rates from the seed: the same sequence on every run, about the asked rate", () => {
    const first = outcomes(["5xx:rate=0.2:seed=42"], 1000);
    expect(outcomes(["5xx:rate=0.2:seed=42"], 1000)).toEqual(first);
    expect(outcomes(["5xx:rate=0.2:seed=43"], 1000)).not.toEqual(first);
    const failures = first.filter((status) => status !== 0);
    expect(failures.length).toBeGreaterThan(150);
    expect(failures.length).toBeLessThan(250);
    expect(new Set(failures)).toEqual(new Set([500, 502, 503]));
  });
});

describe("faults over HTTP", () => {
  it("answers 429 with Retry-After and rate-limit headers after N requests, count times", async () => {
    const { api, logs } = await startTestEmulator({ faults: [parseFaultSpec("429:after=2:retry-after=3:count=2")] });
    const statuses = [];
    for (let index = 0; index < 5; index++) statuses.push(await api("GET", "/accounts"));
    expect(statuses.map((answer) => answer.status)).toEqual([200, 200, 429, 429, 200]);
    const limited = statuses[2];
    expect(limited.headers.get("retry-after")).toBe("3");
    expect(limited.headers.get("ratelimit")).toBe('"default";r=0;t=3');
    expect(limited.headers.get("ratelimit-policy")).toBe('"default";q=1200;w=300');
    expect(limited.body).toEqual({
      success: false,
      errors: [{ code: 971, message: "Please wait and consider throttling your request speed" }],
      messages: [],
      result: null,
    });
    expect(logs[2]).toMatch(/^GET \/client\/v4\/accounts 429 \d+ms \(fault\)$/);
  });

  it("answers a 5xx on the Nth request, even an unauthenticated one", async () => {
    const { api, emulator } = await startTestEmulator({ faults: [parseFaultSpec("503:nth=2")] });
    expect((await api("GET", "/accounts")).status).toBe(200);
    const failed = await fetch(`${emulator.url}/accounts`);
    expect(failed.status).toBe(503);
    expect(await failed.json()).toMatchObject({ success: false, errors: [{ code: 10002, message: "Service Unavailable (injected by --fault)" }] });
    expect((await api("GET", "/accounts")).status).toBe(200);
  });

  it("drops the connection without an answer", async () => {
    const { api, logs } = await startTestEmulator({ faults: [parseFaultSpec("drop:nth=1")] });
    await expect(api("GET", "/accounts")).rejects.toThrow(/fetch failed/);
    expect((await api("GET", "/accounts")).status).toBe(200);
    expect(logs[0]).toMatch(/^GET \/client\/v4\/accounts dropped \d+ms \(fault\)$/);
  });

  it("adds latency", async () => {
    const { api } = await startTestEmulator({ faults: [parseFaultSpec("latency=150")] });
    const started = performance.now();
    expect((await api("GET", "/accounts")).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  it("gives the same seeded 5xx sequence on every run", async () => {
    const run = async () => {
      const { api } = await startTestEmulator({ faults: [parseFaultSpec("5xx:rate=0.5:seed=7")] });
      const statuses = [];
      for (let index = 0; index < 20; index++) statuses.push((await api("GET", "/accounts")).status);
      return statuses;
    };
    const first = await run();
    expect(first.some((status) => status >= 500)).toBe(true);
    expect(first.some((status) => status === 200)).toBe(true);
    expect(await run()).toEqual(first);
  });
});
