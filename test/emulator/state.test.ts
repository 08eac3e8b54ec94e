import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index";
import { CliError } from "../../src/errors";
import { makeCa, makeCert, type Credential } from "../support/pki";
import { configBody, startTestEmulator } from "./helpers";

let dir: string;
let statePath: string;
let ca: Credential;
let client: Credential;

beforeAll(async () => {
  ca = await makeCa();
  client = await makeCert(ca, { cn: "state-client" });
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "emulator-state-"));
  statePath = join(dir, "nested", ".hyperdrive", "local-state.json");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("--state FILE", () => {
  it("persists configs and certificates, with their secrets, across a restart", async () => {
    const first = await startTestEmulator({ statePath });
    const caId = (await first.api("POST", `${first.account}/mtls_certificates`, { ca: true, certificates: ca.certPem })).body.result.id;
    const clientId = (
      await first.api("POST", `${first.account}/mtls_certificates`, {
        ca: false,
        certificates: client.certPem,
        private_key: client.keyPem,
        name: "client",
      })
    ).body.result.id;
    const config = (
      await first.api("POST", `${first.account}/hyperdrive/configs`, {
        ...configBody(),
        mtls: { ca_certificate_id: caId, mtls_certificate_id: clientId, sslmode: "verify-ca" },
      })
    ).body.result;
    const restarted = (await first.api("POST", `${first.account}/hyperdrive/configs/${config.id}/restart`)).body.result;
    const certificates = (await first.api("GET", `${first.account}/mtls_certificates`)).body.result;
    await first.emulator.close();

    const text = readFileSync(statePath, "utf8");
    expect(statSync(statePath).mode & 0o777).toBe(0o600);
    expect(text).toContain("s3cret-pw");
    expect(text).toContain(client.keyPem.split("\n")[1]);
    // The folder was created for it: a .gitignore of `*` keeps `git add -A` from staging the passwords.
    expect(readdirSync(join(dir, "nested", ".hyperdrive")).sort()).toEqual([".gitignore", "local-state.json"]);
    expect(readFileSync(join(dir, "nested", ".hyperdrive", ".gitignore"), "utf8")).toMatch(/^\*$/m);

    const second = await startTestEmulator({ statePath });
    expect((await second.api("GET", `${second.account}/hyperdrive/configs`)).body.result).toEqual([restarted]);
    expect((await second.api("GET", `${second.account}/mtls_certificates`)).body.result).toEqual(certificates);
    // The stored password and client key serve the connection test of a later change.
    await second.api("PATCH", `${second.account}/hyperdrive/configs/${config.id}`, { origin: { user: "other" } });
    expect(second.probe.mock.lastCall).toEqual([
      expect.objectContaining({ user: "other", password: "s3cret-pw" }),
      expect.objectContaining({ tls: expect.objectContaining({ clientKey: client.keyPem }) }),
    ]);
  });

  it("starts empty when the file does not exist, and writes nothing for a refused change", async () => {
    const { api, account } = await startTestEmulator({ statePath });
    expect((await api("GET", `${account}/hyperdrive/configs`)).body.result).toEqual([]);
    expect((await api("POST", `${account}/hyperdrive/configs`, { name: "no-origin" })).status).toBe(400);
    expect(existsSync(statePath)).toBe(false);
    await api("POST", `${account}/hyperdrive/configs`, configBody("kept"));
    const before = readFileSync(statePath, "utf8");
    expect((await api("POST", `${account}/hyperdrive/configs`, configBody("kept"))).status).toBe(400);
    expect(readFileSync(statePath, "utf8")).toBe(before);
  });

  it("replaces the file atomically: a reader never sees a partial write, and the mode becomes 0600", async () => {
    const { api, account } = await startTestEmulator({ statePath, maxConfigs: 100 });
    await api("POST", `${account}/hyperdrive/configs`, configBody("first"));
    chmodSync(statePath, 0o644);
    let reading = true;
    let reads = 0;
    const reader = (async () => {
      while (reading) {
        expect(() => JSON.parse(readFileSync(statePath, "utf8"))).not.toThrow();
        reads++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await Promise.all(Array.from({ length: 40 }, (_, index) => api("POST", `${account}/hyperdrive/configs`, configBody(`c${index}`))));
    reading = false;
    await reader;
    expect(reads).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(statePath, "utf8")).configs).toHaveLength(41);
    expect(statSync(statePath).mode & 0o777).toBe(0o600);
  });

  it("refuses to start on a state file that is not its own", async () => {
    writeFileSync(join(dir, "bad.json"), '{"configs": "nope"}');
    await expect(startEmulator({ port: 0, statePath: join(dir, "bad.json") })).rejects.toThrow(CliError);
    await expect(startEmulator({ port: 0, statePath: join(dir, "bad.json") })).rejects.toThrow(/is not valid/);
  });

  it("says in one line which file is broken and its first problem, never zod's JSON dump", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, '{"version": 1, "configs": "nope", "certificates": 5}');
    const e = (await startEmulator({ port: 0, statePath: bad }).then(() => undefined, (err: Error) => err))!;
    expect(e.message).toMatch(new RegExp(`^The emulator state file ${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is not valid: .+ at configs \\(and 1 more problem\\)\\.$`));
    expect(e.message).not.toMatch(/\n|"code"|\[\s*\{/);
    writeFileSync(bad, "{ not json");
    const e2 = (await startEmulator({ port: 0, statePath: bad }).then(() => undefined, (err: Error) => err))!;
    expect(e2.message).toMatch(/is not valid: .*JSON/);
    expect(e2.message).not.toMatch(/\n/);
  });
});
