// Freeing a certificate: update --no-ca-certificate-id / --no-mtls-certificate-id send the mtls object without the id,
// a combination that would leave verify-* without a CA is refused naming the fix, and cert delete's 1410 hint gives
// the exact command for each config that uses the certificate. In-process, against the emulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../../src/emulator/index";
import type { HttpRequest, Transport } from "../../src/api/client";
import { createFetchTransport } from "../support/fetch-transport";
import { runCli } from "../support/cli";
import { makeFixtureSet, type FixtureSet } from "../support/pki";

let emulator: Emulator;
let dir: string;
let f: FixtureSet;
const sent: HttpRequest[] = [];
const recording: Transport = (req, o) => (sent.push(req), createFetchTransport()(req, o));

beforeAll(async () => {
  f = await makeFixtureSet();
  dir = mkdtempSync(join(tmpdir(), "hyperdrive-detach-"));
  emulator = await startEmulator({ port: 0, statePath: join(dir, "state.json"), skipOriginCheck: true });
});
afterAll(async () => {
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => void (sent.length = 0));

const cli = (args: string[]) =>
  runCli(args, {
    transport: recording,
    stdin: "pw",
    env: { CLOUDFLARE_API_BASE_URL: emulator.url, CLOUDFLARE_API_TOKEN: emulator.token, CLOUDFLARE_ACCOUNT_ID: emulator.accountId },
  });
const patches = () => sent.filter((r) => r.method === "PATCH").map((r) => JSON.parse(r.body!));

async function uploadCa(name: string): Promise<string> {
  const r = await cli(["cert", "upload", "certificate-authority", "--ca-cert", f.rootCa.certPath, "--name", name, "--json"]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).id;
}
async function uploadClient(name: string): Promise<string> {
  const r = await cli(["cert", "upload", "mtls-certificate", "--cert", f.client.certPath, "--key", f.client.keyPath, "--name", name, "--json"]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).id;
}
async function create(name: string, ...extra: string[]): Promise<void> {
  const base = ["create", name, "--origin-host", "db.example.com", "--origin-port", "5432", "--database", "d", "--origin-user", "u", "--origin-password", "-"];
  const r = await cli([...base, ...extra, "--json"]);
  expect(r.code, r.stderr).toBe(0);
}
const mtlsOf = async (name: string) => JSON.parse((await cli(["get", name, "--json"])).stdout).mtls ?? {};

describe("update --no-ca-certificate-id / --no-mtls-certificate-id", () => {
  it("sends the mtls object without the CA id, keeping the client certificate and a mode that needs no CA", async () => {
    const ca = await uploadCa("ca-a");
    const client = await uploadClient("client-a");
    await create("keep-client", "--ca-certificate-id", ca, "--mtls-certificate-id", client, "--sslmode", "require");
    const r = await cli(["update", "keep-client", "--no-ca-certificate-id"]);
    expect(r.code, r.stderr).toBe(0);
    expect(patches()).toEqual([{ mtls: { mtls_certificate_id: client, sslmode: "require" } }]);
    expect(r.stdout).toContain("ca certificate id → detached");
    expect(await mtlsOf("keep-client")).toEqual({ mtls_certificate_id: client, sslmode: "require" });
  });

  it("--no-mtls-certificate-id drops only the client certificate", async () => {
    const ca = await uploadCa("ca-b");
    const client = await uploadClient("client-b");
    await create("drop-client", "--ca-certificate-id", ca, "--mtls-certificate-id", client, "--sslmode", "verify-full");
    const r = await cli(["update", "drop-client", "--no-mtls-certificate-id"]);
    expect(r.code, r.stderr).toBe(0);
    expect(patches()).toEqual([{ mtls: { ca_certificate_id: ca, sslmode: "verify-full" } }]);
  });

  it("refuses to leave verify-full without its CA (exit 2, nothing sent) and names the command that works", async () => {
    const ca = await uploadCa("ca-c");
    await create("strict", "--ca-certificate-id", ca, "--sslmode", "verify-full");
    const r = await cli(["update", "strict", "--no-ca-certificate-id"]);
    expect(r.code).toBe(2);
    expect(patches()).toEqual([]);
    expect(r.stderr).toContain("--no-ca-certificate-id would leave 'strict' with sslmode verify-full");
    expect(r.stderr).toContain("hyperdrive update strict --no-ca-certificate-id --sslmode require");
    const fixed = await cli(["update", "strict", "--no-ca-certificate-id", "--sslmode", "require"]);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(patches()).toEqual([{ mtls: { sslmode: "require" } }]);
    expect(await mtlsOf("strict")).toEqual({ sslmode: "require" });
  });

  it("refuses --sslmode verify-ca on a config with no CA, naming --ca-certificate-id", async () => {
    await create("plain");
    const r = await cli(["update", "plain", "--sslmode", "verify-ca"]);
    expect(r.code).toBe(2);
    expect(patches()).toEqual([]);
    expect(r.stderr).toContain("sslmode verify-ca needs a CA certificate, and 'plain' has none.");
    expect(r.stderr).toContain("--ca-certificate-id <id>");
  });

  it("warns when there is nothing to detach", async () => {
    await create("bare");
    const r = await cli(["update", "bare", "--no-mtls-certificate-id"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("--no-mtls-certificate-id: 'bare' has no client certificate; nothing to detach.");
  });

  it("is in update's help", async () => {
    const r = await cli(["update", "--help"]);
    expect(r.stdout).toMatch(/--no-ca-certificate-id\s+detach the CA certificate/);
    expect(r.stdout).toMatch(/--no-mtls-certificate-id\s+detach the client certificate/);
  });
});

describe("cert delete of a certificate in use (1410)", () => {
  it("the hint gives the exact command for each config using it; after them the delete succeeds", async () => {
    const ca = await uploadCa("shared-ca");
    await create("uses-a", "--ca-certificate-id", ca, "--sslmode", "verify-ca");
    await create("uses b", "--ca-certificate-id", ca);
    await create("unrelated");
    const r = await cli(["cert", "delete", "shared-ca", "--yes"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Detach it from the 2 configs that use it, then delete it again:");
    expect(r.stderr).toContain("hyperdrive update uses-a --no-ca-certificate-id --sslmode require\n");
    expect(r.stderr).toContain("hyperdrive update 'uses b' --no-ca-certificate-id\n");
    expect(r.stderr).not.toContain("unrelated");
    expect((await cli(["update", "uses-a", "--no-ca-certificate-id", "--sslmode", "require"])).code).toBe(0);
    expect((await cli(["update", "uses b", "--no-ca-certificate-id"])).code).toBe(0);
    const again = await cli(["cert", "delete", "shared-ca", "--yes"]);
    expect(again.code, again.stderr).toBe(0);
  });
});
