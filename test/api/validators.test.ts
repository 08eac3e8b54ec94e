// src/api/validators.ts is compiled from the zod schemas (RESPONSES in src/api/schemas.ts) so that the client never
// loads zod. These tests hold the two together: the file must be what the compiler makes of the schemas today, and
// every validator must give what zod's safeParse gives, on valid answers and on thousands of broken ones.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { transform } from "esbuild";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { compileValidators } from "../../scripts/compile-validators";
import { RESPONSES } from "../../src/api/schemas";
import * as validators from "../../src/api/validators";

type Name = keyof typeof RESPONSES;

const config = {
  id: "6f2f55fc844347ad00c540bafa7352c7",
  name: "orders-db",
  origin: { scheme: "postgres", database: "app", user: "app", host: "db.example.com", port: 5432 },
  caching: { disabled: false, max_age: 60, stale_while_revalidate: 15 },
  mtls: { ca_certificate_id: "ca-1", mtls_certificate_id: "cert-1", sslmode: "verify-full" },
  origin_connection_limit: 60,
  created_on: "2026-11-01T10:00:00Z",
  modified_on: "2026-11-02T10:00:00Z",
  restarted_on: null,
};
const accessConfig = {
  name: "via-access",
  id: "0123",
  origin: { host: "db.internal", access_client_id: "abc.access", scheme: "mysql", database: "shop", user: "u" },
  mtls: null,
  extra_field: { nested: [1, 2] },
};
const certificate = {
  id: "c0ffee",
  name: "root-ca",
  ca: true,
  certificates: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
  issuer: "CN=Root",
  signature: "SHA256WithRSA",
  serial_number: "1234",
  expires_on: "2030-01-01T00:00:00Z",
  uploaded_on: "2026-11-01T00:00:00Z",
  updated_at: "2026-11-01T00:00:00Z",
  type: "custom",
};
const envelope = {
  success: false,
  errors: [{ code: 2013, message: "password authentication failed", documentation_url: "https://x", error_chain: [{ code: 1, message: "inner" }] }],
  messages: ["note", { any: "thing" }],
  result: null,
  result_info: { page: 1, per_page: 20, count: 1, total_count: 1, total_pages: 1 },
};

const samples: Record<Name, unknown[]> = {
  Envelope: [envelope, { success: true, result: [config] }, { success: true, errors: [], messages: [], result_info: null }],
  Config: [config, accessConfig, { id: "1", name: "vpc", origin: { service_id: "svc" } }],
  ConfigList: [[config, accessConfig], []],
  Certificate: [certificate, { id: "2", ca: false, name: null }],
  CertificateList: [[certificate, { id: "2", ca: false }]],
  AccountList: [[{ id: "acc", name: "Main", type: "standard" }, { id: "b", name: "Other" }]],
  Anything: [null, 1, "x", [config]],
};

const ODD: unknown[] = [undefined, null, "", "x", 0, -1, 1.5, 3601, 70_000, 2 ** 60, true, false, [], [1], {}, { a: 1 }];

/** Every variant of `value` with one change somewhere: a key removed or added, or a value replaced by an odd one. */
function* mutations(value: unknown): Generator<unknown> {
  for (const odd of ODD) yield odd;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      for (const m of mutations(value[i])) yield value.map((v, j) => (j === i ? m : v));
    }
    yield [...value, ...value];
  } else if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    for (const [key, v] of entries) {
      yield Object.fromEntries(entries.filter(([k]) => k !== key));
      for (const m of mutations(v)) yield { ...value, [key]: m };
    }
    yield { ...value, unexpected: "kept?" };
    yield Object.fromEntries([...entries].reverse());
    yield JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(value).slice(1)}`.replace(/, }$/, "}"));
  }
}

function compare(name: Name, input: unknown) {
  return agreement(RESPONSES[name] as z.ZodMiniType, validators[`validate${name}`] as validators.Validator<unknown>, input);
}

function agreement(schema: z.ZodMiniType, validate: validators.Validator<unknown>, input: unknown) {
  const zod = schema.safeParse(input);
  const ours = validate(input);
  const expected = zod.success
    ? { success: true, data: JSON.stringify(zod.data) }
    : { success: false, path: zod.error.issues[0].path, message: zod.error.issues[0].message };
  const actual = ours.success ? { success: true, data: JSON.stringify(ours.data) } : { success: false, path: ours.path, message: ours.message };
  return { expected, actual };
}

describe("compiled response validators", () => {
  it("src/api/validators.ts is current (else run `npm run generate`)", () => {
    const file = readFileSync(new URL("../../src/api/validators.ts", import.meta.url), "utf8");
    expect(file === compileValidators(RESPONSES), "src/api/validators.ts is out of date: run `npm run generate`").toBe(true);
  });

  it("exports one validator for each entry of RESPONSES", () => {
    expect(Object.keys(validators).filter((k) => k.startsWith("validate")).sort()).toEqual(Object.keys(RESPONSES).map((n) => `validate${n}`).sort());
  });

  it.each(Object.keys(samples) as Name[])("validate%s agrees with zod's safeParse on valid and broken values", (name) => {
    let cases = 0;
    let failures = 0;
    for (const sample of samples[name]) {
      const { expected, actual } = compare(name, sample);
      expect(actual, "a valid sample").toEqual(expected);
      expect(actual.success).toBe(true);
      for (const mutated of mutations(sample)) {
        const result = compare(name, mutated);
        expect(result.actual, JSON.stringify(mutated)).toEqual(result.expected);
        cases++;
        if (!result.expected.success) failures++;
      }
    }
    // The corpus exercises both outcomes, and broadly.
    expect(cases).toBeGreaterThan(name === "Anything" ? 10 : 100);
    if (name !== "Anything") expect(failures).toBeGreaterThan(cases / 4);
  });

  it("keeps zod's output: declared keys first in the schema's order, then unknown ones, defaults filled in", () => {
    const result = validators.validateEnvelope({ result_info: null, zzz: 1, success: true });
    expect(result.success && JSON.stringify(result.data)).toBe('{"success":true,"errors":[],"messages":[],"result_info":null,"zzz":1}');
  });

  it("gives a fresh default every time (no shared array between answers)", () => {
    const a = validators.validateEnvelope({ success: true });
    const b = validators.validateEnvelope({ success: true });
    expect(a.success && b.success && a.data.errors !== b.data.errors).toBe(true);
  });

  it("compiles what today's schemas do not use yet with zod's semantics: strict and strip objects, enums, lengths, bounds", async () => {
    const extra = {
      Strict: z.strictObject({
        code: z.string().check(z.minLength(2), z.maxLength(4)),
        ratio: z.optional(z.number().check(z.gt(0), z.lt(10))),
        level: z.optional(z.enum(["only"])),
      }),
      Strip: z.object({
        kind: z.enum(["a", "b", "c"]),
        flag: z.nullable(z.boolean()),
        count: z._default(z.number().check(z.int(), z.gte(1), z.lte(99)), 5),
        tags: z.optional(z.array(z.string())),
      }),
    };
    // The generated TypeScript, stripped of its types by esbuild and loaded as a module.
    const { code } = await transform(compileValidators(extra), { loader: "ts", format: "esm" });
    const dir = mkdtempSync(join(tmpdir(), "hyperdrive-validators-"));
    let compiled: Record<string, validators.Validator<unknown>>;
    try {
      writeFileSync(join(dir, "validators.mjs"), code);
      compiled = await import(pathToFileURL(join(dir, "validators.mjs")).href);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const valid = { Strict: { code: "abc", ratio: 2.5, level: "only" }, Strip: { kind: "b", flag: null, count: 7, tags: ["x"] } };
    // Each bound, on both sides.
    const edges = {
      Strict: [{ code: "ab" }, { code: "abcd" }, { code: "a" }, { code: "abcde" }, ...[0, 0.01, 9.99, 10].map((ratio) => ({ code: "ab", ratio }))],
      Strip: [0, 1, 99, 100, 1.5].map((count) => ({ kind: "c", flag: false, count })),
    };
    let failures = 0;
    for (const name of ["Strict", "Strip"] as const) {
      for (const input of [valid[name], ...edges[name], ...mutations(valid[name])]) {
        const { expected, actual } = agreement(extra[name], compiled[`validate${name}`], input);
        expect(actual, JSON.stringify(input)).toEqual(expected);
        if (!expected.success) failures++;
      }
    }
    expect(failures).toBeGreaterThan(50);
    // Strict reports unknown keys; strip drops them.
    expect(compiled.validateStrict({ code: "ab", x: 1, y: 2 })).toEqual({ success: false, path: [], message: 'Unrecognized keys: "x", "y"' });
    expect(compiled.validateStrip({ kind: "a", flag: true, extra: 1 })).toEqual({ success: true, data: { kind: "a", flag: true, count: 5 } });
  });

  it("refuses a schema it cannot compile, naming where it is", () => {
    expect(() => compileValidators({ Odd: z.object({ id: z.union([z.string(), z.number()]) }) })).toThrow(/cannot compile a union schema \(at Odd\.id\)/);
    expect(() => compileValidators({ Odd: z.object({ at: z.string().check(z.regex(/x/)) }) })).toThrow(/check on a string \(at Odd\.at\)/);
  });
});
