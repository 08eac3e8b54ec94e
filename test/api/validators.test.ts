// src/api/validators.ts is generated from the zod schemas (RESPONSES in src/api/schemas.ts: zod's JSON Schema, compiled
// by ajv) so that the client never loads zod. These tests keep the file current, check that it accepts what zod accepts,
// and that a wrong answer from the API is one clear error naming where it is wrong.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { validatorsSource } from "../../scripts/validators-source";
import { ApiClient, type Transport } from "../../src/api/client";
import { ApiError } from "../../src/api/errors";
import { RESPONSES } from "../../src/api/schemas";
import * as validators from "../../src/api/validators";

type Name = keyof typeof RESPONSES;

const config = {
  id: "6f2f55fc844347ad00c540bafa7352c7",
  name: "orders-db",
  origin: { scheme: "postgres", database: "app", user: "app", host: "db.example.com", port: 5432 },
  caching: { disabled: false, max_age: 60, stale_while_revalidate: 15 },
  mtls: { ca_certificate_id: "ca-1", sslmode: "verify-full" },
  origin_connection_limit: 60,
  restarted_on: null,
};
const samples: Record<Name, unknown[]> = {
  Envelope: [{ success: false, errors: [{ code: 2013, message: "x", error_chain: [{ code: 1, message: "y" }] }], messages: [], result: null }],
  Config: [config, { id: "1", name: "vpc", origin: { service_id: "svc" }, mtls: null, extra: { kept: true } }],
  ConfigList: [[config], []],
  Certificate: [{ id: "c0ffee", name: null, ca: true, certificates: "PEM", expires_on: "2030-01-01T00:00:00Z" }],
  CertificateList: [[{ id: "2", ca: false }]],
  AccountList: [[{ id: "acc", name: "Main", type: "standard" }]],
  Anything: [null, 1, [config]],
};

const ODD: unknown[] = [undefined, null, "", 0, 1.5, 2 ** 60, true, [], {}];

/** Every variant of `value` with one change somewhere: a key removed, or a value replaced by an odd one. */
function* mutations(value: unknown): Generator<unknown> {
  yield* ODD;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) for (const m of mutations(value[i])) yield value.map((v, j) => (j === i ? m : v));
  } else if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    for (const [key, v] of entries) {
      yield Object.fromEntries(entries.filter(([k]) => k !== key));
      for (const m of mutations(v)) yield { ...value, [key]: m };
    }
  }
}

describe("generated response validators", () => {
  it("src/api/validators.ts is current (else run `npm run generate`)", () => {
    const file = readFileSync(new URL("../../src/api/validators.ts", import.meta.url), "utf8");
    expect(file === validatorsSource(RESPONSES), "src/api/validators.ts is out of date: run `npm run generate`").toBe(true);
    expect(file, "the generated code imports nothing at run time").not.toMatch(/^import (?!type)|require\(/m);
  });

  it.each(Object.keys(samples) as Name[])("validate%s accepts exactly what zod's safeParse accepts", (name) => {
    const validate = validators[`validate${name}`] as validators.Validator<unknown>;
    let refused = 0;
    for (const sample of samples[name]) {
      expect(validate(structuredClone(sample)).success).toBe(true);
      for (const mutated of mutations(sample)) {
        const zod = RESPONSES[name].safeParse(structuredClone(mutated)).success;
        expect(validate(structuredClone(mutated)).success, JSON.stringify(mutated)).toBe(zod);
        if (!zod) refused++;
      }
    }
    if (name !== "Anything") expect(refused).toBeGreaterThan(5);
  });

  it("fills in the envelope's defaults, a fresh array each time", () => {
    const a = validators.validateEnvelope({ success: true });
    const b = validators.validateEnvelope({ success: true });
    expect(a.success && a.data).toEqual({ success: true, errors: [], messages: [] });
    expect(a.success && b.success && a.data.errors !== b.data.errors).toBe(true);
  });
});

describe("a wrong answer from the API", () => {
  const answering = (result: unknown) => {
    const transport: Transport = async () => ({
      status: 200,
      header: () => undefined,
      text: JSON.stringify({ success: true, errors: [], messages: [], result, result_info: { total_count: 1 } }),
    });
    return new ApiClient({ credentials: { kind: "token", token: "t0k" }, transport, userAgent: "test", maxAttempts: 1 });
  };
  const failure = async (call: Promise<unknown>) => {
    const error = await call.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    return (error as ApiError).message;
  };

  it.each([
    ["a port that is a string", [{ ...config, origin: { ...config.origin, port: "5432" } }], "0.origin.port: Invalid input: expected integer, received string"],
    ["a config without its id", [{ name: "x", origin: {} }], "0.id: Invalid input: required, but missing"],
    ["mtls that is a list", [{ ...config, mtls: [] }], "0.mtls: Invalid input: expected object, received array"],
    ["an object instead of a list", { configs: [] }, "result: Invalid input: expected array, received object"],
  ])("%s is one 'Unexpected response' error with the path", async (_, result, where) => {
    expect(await failure(answering(result).listConfigs("acc"))).toBe(`Unexpected response from the API: ${where}`);
  });

  it("a certificate without `ca`, from get", async () => {
    expect(await failure(answering({ id: "c" }).getCertificate("acc", "c"))).toBe("Unexpected response from the API: ca: Invalid input: required, but missing");
  });
});
