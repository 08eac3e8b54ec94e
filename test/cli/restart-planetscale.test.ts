// restart and planetscale signature, in-process against the emulator (which serves both routes).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/index";
import { runCli, scriptedPrompter } from "../support/cli";

let emulator: Emulator;
let env: Record<string, string | undefined>;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, skipOriginCheck: true });
  env = { CLOUDFLARE_API_BASE_URL: emulator.url, CLOUDFLARE_API_TOKEN: emulator.token, CLOUDFLARE_ACCOUNT_ID: emulator.accountId };
  const created = await runCli(["create", "orders", "--connection-string", "postgres://u:pw@db.example.com/app", "--no-update-config"], { env });
  expect(created.code).toBe(0);
});
afterAll(() => emulator.close());

describe("restart", () => {
  it("POSTs …/configs/{id}/restart by name with --yes and shows restarted_on; the config is unchanged", async () => {
    const before = JSON.parse((await runCli(["get", "orders", "--json"], { env })).stdout);
    const r = await runCli(["restart", "orders", "--yes", "--json"], { env });
    expect(r.code).toBe(0);
    const after = JSON.parse(r.stdout);
    expect(after.restarted_on).toEqual(expect.any(String));
    const { restarted_on: _restarted, ...rest } = after;
    expect(rest).toEqual({ ...before, modified_on: rest.modified_on });
  });

  it("without a terminal needs --yes or --force, naming the command line; on a terminal it asks", async () => {
    const refused = await runCli(["restart", "orders"], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("To confirm, run: hyperdrive restart orders --yes");
    expect((await runCli(["restart", "orders", "--force"], { env })).code).toBe(0);
    const prompter = scriptedPrompter([false]);
    const declined = await runCli(["restart", "orders"], { env, prompter, tty: true });
    expect(declined.code).toBe(130);
    expect(prompter.asked[0]).toMatch(/^Restart the connection pool of Hyperdrive config 'orders' \([0-9a-f]{32}\)\?/);
  });

  it("--dry-run shows the POST and sends nothing", async () => {
    const r = await runCli(["restart", "orders", "--dry-run"], { env });
    expect(r.code).toBe(0);
    expect(r.all).toMatch(/POST .*\/hyperdrive\/configs\/[0-9a-f]{32}\/restart/);
  });
});

describe("planetscale signature", () => {
  it("prints only {account_id, timestamp, signature} as 4-space JSON on stdout, as wrangler 4.164; the notice on stderr", async () => {
    const r = await runCli(["planetscale", "signature"], { env });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(["account_id", "timestamp", "signature"]);
    expect(doc.account_id).toBe(emulator.accountId);
    expect(r.stdout).toBe(`${JSON.stringify(doc, null, 4)}\n`);
    expect(r.stderr).toMatch(/experimental command/);
    const quiet = await runCli(["planetscale", "signature"], { env: { ...env, WRANGLER_HIDE_BANNER: "true" } });
    expect(quiet.stderr).toBe("");
  });
});
