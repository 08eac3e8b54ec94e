// apply (create, PATCH what differs, or nothing) and delete --missing-ok, in-process against the msw stand-in.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fakeApi, makeConfig } from "../support/fake-api";
import { runCli, scriptedPrompter, TEST_ACCOUNT } from "../support/cli";

const { server, requests, configs } = fakeApi();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
beforeEach(() => {
  requests.length = 0;
  configs.length = 0;
});
afterEach(() => server.resetHandlers());

const SECRET = "pr-Pa55word-xyz";
const mutations = () => requests.filter((r) => r.method !== "GET");
const FLAGS = ["--origin-host", "db.example.com", "--origin-port", "5432", "--database", "app", "--origin-user", "app", "--max-age", "120"];

describe("apply", () => {
  it("absent: creates it (POST with the password); present and equal: sends nothing", async () => {
    const first = await runCli(["apply", "pr-7", ...FLAGS, "--origin-password", "-", "--json"], { stdin: SECRET });
    expect(first.code).toBe(0);
    expect(mutations()).toHaveLength(1);
    expect(mutations()[0]).toMatchObject({
      method: "POST",
      path: `/accounts/${TEST_ACCOUNT}/hyperdrive/configs`,
      body: { name: "pr-7", origin: { host: "db.example.com", port: 5432, password: SECRET }, caching: { max_age: 120 } },
    });
    const doc = JSON.parse(first.stdout);
    expect(doc).toMatchObject({ action: "created", config: { name: "pr-7" } });
    expect(first.all).not.toContain(SECRET);

    requests.length = 0;
    const second = await runCli(["apply", "pr-7", ...FLAGS]);
    expect(second.code).toBe(0);
    expect(mutations()).toHaveLength(0);
    expect(second.stdout).toMatch(/'pr-7' \([0-9a-f]{32}\) already matches: nothing was sent/);
    const json = JSON.parse((await runCli(["apply", "pr-7", ...FLAGS, "--json"])).stdout);
    expect(json).toMatchObject({ action: "unchanged", changes: [] });
  });

  it("present and different: PATCHes only the differing fields and prints the diff", async () => {
    configs.push(makeConfig(1, { name: "pr-8", caching: { disabled: false, max_age: 60, stale_while_revalidate: 15 } }));
    const r = await runCli(["apply", "pr-8", "--origin-host", "db1.example.com", "--origin-port", "6543", "--database", "app", "--max-age", "120", "--origin-connection-limit", "60"]);
    expect(r.code).toBe(0);
    expect(mutations()).toEqual([
      expect.objectContaining({
        method: "PATCH",
        path: `/accounts/${TEST_ACCOUNT}/hyperdrive/configs/${makeConfig(1).id}`,
        body: { origin: { host: "db1.example.com", port: 6543 }, caching: { max_age: 120, stale_while_revalidate: 15 } },
      }),
    ]);
    expect(r.stdout).toContain("✔ Updated Hyperdrive config 'pr-8'");
    expect(r.stdout).toContain("  origin.port: 5432 → 6543");
    expect(r.stdout).toContain("  caching.max_age: 60 → 120");
    expect(r.stdout).not.toContain("origin.host");
  });

  it("a given password is always sent, reported as sent (write-only), never printed", async () => {
    configs.push(makeConfig(2, { name: "pr-9" }));
    const r = await runCli(["apply", "pr-9", "--connection-string", "-", "--json"], { stdin: `postgres://app:${SECRET}@db2.example.com:5432/app` });
    expect(r.code).toBe(0);
    expect(mutations()).toHaveLength(1);
    expect(mutations()[0].body).toEqual({ origin: { password: SECRET } });
    expect(JSON.parse(r.stdout)).toMatchObject({ action: "updated", changes: [{ field: "origin.password", sent: "write-only" }] });
    expect(r.all).not.toContain(SECRET);
    const text = await runCli(["apply", "pr-9", "--origin-password", "-"], { stdin: SECRET });
    expect(text.stdout).toContain("  origin.password: sent (write-only)");
    expect(text.all).not.toContain(SECRET);
  });

  it("--keep-secrets: the connection string's password is sent on create, kept (and said so) when nothing else of the origin differs, sent with an origin change", async () => {
    const url = (host: string) => `postgres://app:${SECRET}@${host}:5432/app`;
    const first = await runCli(["apply", "pr-ks", "--connection-string", "-", "--keep-secrets", "--json"], { stdin: url("db.example.com") });
    expect(first.code, first.all).toBe(0);
    expect(mutations()).toEqual([expect.objectContaining({ method: "POST", body: expect.objectContaining({ origin: expect.objectContaining({ password: SECRET }) }) })]);
    expect(JSON.parse(first.stdout)).toMatchObject({ action: "created", kept: [] });

    requests.length = 0;
    const again = await runCli(["apply", "pr-ks", "--connection-string", "-", "--keep-secrets"], { stdin: url("db.example.com") });
    expect(again.code, again.all).toBe(0);
    expect(mutations()).toHaveLength(0);
    expect(again.stdout).toContain("already matches: nothing was sent\n  origin.password: not sent (write-only; --keep-secrets, and no other origin field differs)");
    const json = await runCli(["apply", "pr-ks", "--connection-string", "-", "--keep-secrets", "--max-age", "30", "--json"], { stdin: url("db.example.com") });
    expect(JSON.parse(json.stdout)).toMatchObject({ action: "updated", changes: [{ field: "caching.max_age", old: 60, new: 30 }], kept: ["origin.password"] });
    expect(mutations()).toEqual([expect.objectContaining({ method: "PATCH", body: { caching: { max_age: 30 } } })]);

    requests.length = 0;
    const moved = await runCli(["apply", "pr-ks", "--connection-string", "-", "--keep-secrets", "--json"], { stdin: url("db2.example.com") });
    expect(moved.code).toBe(0);
    expect(mutations()).toEqual([expect.objectContaining({ method: "PATCH", body: { origin: { host: "db2.example.com", port: 5432, password: SECRET } } })]);
    expect(JSON.parse(moved.stdout)).toMatchObject({ action: "updated", kept: [] });
    expect(first.all + again.all + json.all + moved.all).not.toContain(SECRET);
  });

  it("--dry-run prints the plan with secrets redacted and sends nothing (absent and present)", async () => {
    const absent = await runCli(["--dry-run", "apply", "pr-10", ...FLAGS, "--origin-password", "-"], { stdin: SECRET });
    expect(absent.code).toBe(0);
    expect(absent.stdout).toContain("'pr-10' does not exist and would be created.");
    expect(absent.stdout).toContain('"password": "<redacted>"');
    configs.push(makeConfig(3, { name: "pr-10" }));
    const present = await runCli(["apply", "pr-10", "--origin-connection-limit", "30", "--origin-password", "-", "--dry-run", "--json"], { stdin: SECRET });
    expect(present.code).toBe(0);
    const doc = JSON.parse(present.stdout);
    expect(doc).toMatchObject({
      dry_run: true,
      action: "updated",
      changes: [{ field: "origin.password", sent: "write-only" }, { field: "origin_connection_limit", old: 60, new: 30 }],
      request: { method: "PATCH", body: { origin: { password: "<redacted>" }, origin_connection_limit: 30 } },
    });
    expect(mutations()).toHaveLength(0);
    expect(absent.all + present.all).not.toContain(SECRET);
  });

  it("absent without a password is a usage error naming the flag, nothing sent", async () => {
    const r = await runCli(["apply", "pr-11", ...FLAGS]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--origin-password is missing/);
    expect(mutations()).toHaveLength(0);
  });

  it("two configs with the name: exit 2 naming both ids, nothing sent", async () => {
    configs.push(makeConfig(4, { name: "dup" }), makeConfig(5, { name: "dup" }));
    const r = await runCli(["apply", "dup", "--max-age", "5"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(makeConfig(4).id);
    expect(r.stderr).toContain(makeConfig(5).id);
    expect(mutations()).toHaveLength(0);
  });

  it("binding flags work as on create, and a second run leaves the file as it is", async () => {
    const dir = mkdtempSync(join(tmpdir(), "apply-"));
    try {
      const jsonc = `{\n  "name": "w",\n  "hyperdrive": [{ "binding": "HYPERDRIVE", "id": "<YOUR_HYPERDRIVE_ID>" }]\n}\n`;
      writeFileSync(join(dir, "wrangler.jsonc"), jsonc);
      const args = ["apply", "pr-12", ...FLAGS, "--binding", "HYPERDRIVE", "--update-config", "--local-connection-string", "postgres://u:p@127.0.0.1:5432/app"];
      const r = await runCli([...args, "--origin-password", "-"], { cwd: dir, stdin: SECRET });
      expect(r.code).toBe(0);
      const id = configs[0].id;
      expect(readFileSync(join(dir, "wrangler.jsonc"), "utf8")).toBe(jsonc.replace("<YOUR_HYPERDRIVE_ID>", id));
      requests.length = 0;
      const again = await runCli(args, { cwd: dir });
      expect(again.code).toBe(0);
      expect(mutations()).toHaveLength(0);
      expect(readFileSync(join(dir, "wrangler.jsonc"), "utf8")).toBe(jsonc.replace("<YOUR_HYPERDRIVE_ID>", id));
      expect(again.stdout).toContain("already matches");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("delete --missing-ok", () => {
  it("a name no config has: exit 0, nothing sent; without the flag it stays an error", async () => {
    const r = await runCli(["delete", "pr-gone", "--yes", "--missing-ok"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("No Hyperdrive config 'pr-gone' in the account: nothing to delete.");
    expect(mutations()).toHaveLength(0);
    expect((await runCli(["delete", "pr-gone", "--yes"])).code).not.toBe(0);
    const json = await runCli(["delete", "pr-gone", "--yes", "--missing-ok", "--json"]);
    expect(JSON.parse(json.stdout)).toEqual({ id: null, name: "pr-gone", deleted: false });
  });

  it("an id the API does not know (404): exit 0", async () => {
    const r = await runCli(["delete", "f".repeat(32), "--yes", "--missing-ok"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("nothing to delete");
    expect(mutations()).toEqual([expect.objectContaining({ method: "DELETE" })]);
  });

  it("an unknown id on a terminal: nothing is asked, exit 0; a known id is asked about by its name", async () => {
    const none = scriptedPrompter([]);
    const r = await runCli(["delete", "f".repeat(32), "--missing-ok"], { prompter: none });
    expect(r.code, r.all).toBe(0);
    expect(r.stdout).toContain("nothing to delete");
    expect(none.asked).toEqual([]);
    expect(mutations()).toHaveLength(0);

    configs.push(makeConfig(7, { name: "pr-14" }));
    const yes = scriptedPrompter([true]);
    const known = await runCli(["delete", makeConfig(7).id, "--missing-ok"], { prompter: yes });
    expect(known.code, known.all).toBe(0);
    expect(yes.asked).toEqual([`Delete Hyperdrive config 'pr-14' (${makeConfig(7).id})?`]);
    expect(mutations()).toEqual([expect.objectContaining({ method: "DELETE" })]);
  });

  it("present: deletes it; run twice, the second exits 0", async () => {
    configs.push(makeConfig(6, { name: "pr-13" }));
    const first = await runCli(["delete", "pr-13", "--yes", "--missing-ok"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`✔ Deleted Hyperdrive config 'pr-13' (${makeConfig(6).id})`);
    const second = await runCli(["delete", "pr-13", "--yes", "--missing-ok"]);
    expect(second.code).toBe(0);
    expect(mutations().filter((m) => m.method === "DELETE")).toHaveLength(1);
  });
});
