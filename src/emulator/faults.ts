// Deterministic fault injection for reliability tests (`hyperdrive emulator --fault SPEC`).
//
//   SPEC    := ACTION (":" OPTION)*
//   ACTION  := 429 | 500…599 | 5xx | drop | drop-answer | latency=MS
//   OPTION  := nth=N | after=N | rate=P | seed=S | count=K | retry-after=SECONDS
//
// Requests are numbered from 1 in arrival order, every request counts (faulted ones too). A status or drop fault
// needs exactly one trigger: `nth=N` fires on request N (and the count-1 following), `after=N` on every request after
// the first N (count limits how many), `rate=P` on each request with probability P drawn from a generator seeded with
// `seed` (default 1). `latency=MS` delays every request unless given a trigger. `5xx` answers 500, 502 or 503, picked
// by the seeded generator. `retry-after` (status faults only; 429 defaults to 1) sets the Retry-After header.
// `drop` closes the connection before the request is handled; `drop-answer` handles it (a POST creates, a DELETE
// deletes), then closes the connection instead of answering: the answer is lost on the way back.
import { UsageError } from "../errors";

export type FaultTrigger = { nth: number } | { after: number } | { rate: number };

export type FaultSpec =
  | { kind: "status"; status: number | "5xx"; when: FaultTrigger; count?: number; seed?: number; retryAfter?: number }
  | { kind: "drop" | "drop-answer"; when: FaultTrigger; count?: number; seed?: number }
  | { kind: "latency"; ms: number; when?: FaultTrigger; count?: number; seed?: number };

/** What to do with one request: wait, then answer normally, answer with a status, or drop the connection. */
export interface FaultDecision {
  latencyMs: number;
  outcome?: { kind: "status"; status: number; retryAfter?: number } | { kind: "drop" } | { kind: "drop-answer" };
}

const OPTION_KEYS = ["nth", "after", "rate", "seed", "count", "retry-after"] as const;
type OptionKey = (typeof OPTION_KEYS)[number];

export function parseFaultSpec(text: string): FaultSpec {
  const fail = (reason: string): never => {
    throw new UsageError(
      `Invalid --fault "${text}": ${reason}`,
      "Examples: 429:after=3:retry-after=1, 503:nth=2, 5xx:rate=0.2:seed=42, latency=200, drop:nth=1, drop-answer:nth=2",
    );
  };
  const [action = "", ...optionTexts] = text.trim().split(":");
  const options = new Map<OptionKey, string>();
  for (const optionText of optionTexts) {
    const match = /^([a-z-]+)=(.+)$/.exec(optionText);
    if (!match) fail(`"${optionText}" is not KEY=VALUE`);
    const key = match![1] as OptionKey;
    if (!OPTION_KEYS.includes(key)) fail(`unknown option "${match![1]}" (expected one of ${OPTION_KEYS.join(", ")})`);
    if (options.has(key)) fail(`"${key}" is given twice`);
    options.set(key, match![2]);
  }
  const integer = (key: string, value: string, min: number): number => {
    if (!/^\d+$/.test(value) || Number(value) < min) fail(`${key} must be an integer ≥ ${min}, got "${value}"`);
    return Number(value);
  };
  const option = (key: OptionKey, min: number): number | undefined => {
    const value = options.get(key);
    return value === undefined ? undefined : integer(key, value, min);
  };

  const triggers = (["nth", "after", "rate"] as const).filter((key) => options.has(key));
  if (triggers.length > 1) fail(`use one of nth, after and rate, not ${triggers.join(" and ")}`);
  let when: FaultTrigger | undefined;
  if (triggers[0] === "nth") when = { nth: option("nth", 1)! };
  if (triggers[0] === "after") when = { after: option("after", 0)! };
  if (triggers[0] === "rate") {
    const rate = options.get("rate")!;
    if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(rate) || Number(rate) === 0) fail(`rate must be a number in (0, 1], got "${rate}"`);
    when = { rate: Number(rate) };
  }
  const count = option("count", 1);
  const seed = option("seed", 0);
  const retryAfter = option("retry-after", 0);
  if (seed !== undefined && triggers[0] !== "rate" && action !== "5xx") fail("seed applies to rate= and 5xx only");
  const common = { ...(count === undefined ? {} : { count }), ...(seed === undefined ? {} : { seed }) };

  const latency = /^latency=(.*)$/.exec(action);
  if (latency) {
    if (retryAfter !== undefined) fail("retry-after applies to status faults only");
    return { kind: "latency", ms: integer("latency", latency[1], 0), ...(when ? { when } : {}), ...common };
  }
  if (action !== "drop" && action !== "drop-answer" && action !== "5xx" && !/^(429|5\d\d)$/.test(action)) {
    fail(`unknown action "${action}" (expected 429, 500–599, 5xx, drop, drop-answer or latency=MS)`);
  }
  if (!when) fail(`"${action}" needs a trigger: nth=N, after=N or rate=P`);
  if (action === "drop" || action === "drop-answer") {
    if (retryAfter !== undefined) fail("retry-after applies to status faults only");
    return { kind: action, when: when!, ...common };
  }
  const status = action === "5xx" ? "5xx" : Number(action);
  return {
    kind: "status",
    status,
    when: when!,
    ...common,
    ...(retryAfter !== undefined ? { retryAfter } : status === 429 ? { retryAfter: 1 } : {}),
  };
}

/** A small seeded generator (mulberry32): the same seed gives the same sequence on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVER_ERRORS = [500, 502, 503];

/** Decides, for request number n (1, 2, …), what the faults do. Latencies add up; the first status or drop wins. */
export function createFaultPlan(specs: readonly FaultSpec[]): (n: number) => FaultDecision {
  const states = specs.map((spec) => ({ spec, random: seeded(spec.seed ?? 1), fired: 0 }));
  return (n) => {
    const decision: FaultDecision = { latencyMs: 0 };
    for (const state of states) {
      const { spec } = state;
      // Every rate fault draws once per request, fired or not, so one fault never shifts another's sequence.
      const draw = spec.when && "rate" in spec.when ? state.random() : 0;
      if (state.fired >= (spec.count ?? Infinity)) continue;
      const when = spec.when;
      const fires =
        when === undefined ||
        ("nth" in when && n >= when.nth && n < when.nth + (spec.count ?? 1)) ||
        ("after" in when && n > when.after) ||
        ("rate" in when && draw < when.rate);
      if (!fires) continue;
      if (spec.kind === "latency") {
        decision.latencyMs += spec.ms;
        state.fired++;
      } else if (!decision.outcome) {
        state.fired++;
        decision.outcome =
          spec.kind !== "status"
            ? { kind: spec.kind }
            : {
                kind: "status",
                status:
                  spec.status === "5xx" ? SERVER_ERRORS[Math.floor(state.random() * SERVER_ERRORS.length)] : spec.status,
                ...(spec.retryAfter === undefined ? {} : { retryAfter: spec.retryAfter }),
              };
      }
    }
    return decision;
  };
}
