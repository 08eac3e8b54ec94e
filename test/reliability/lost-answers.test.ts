// Answers lost on their way back, and two writers on one config: the CLI says what happened on the server.
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../support/cli";
import { startEmulator, type Emulator } from "../../src/emulator/index";
import { parseFaultSpec } from "../../src/emulator/faults";
import { createFetchTransport } from "../support/fetch-transport";
import type { Transport } from "../../src/api/client";
import { configBody, request } from "../emulator/helpers";

const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});
async function emulatorWith(...faults: string[]): Promise<{ emulator: Emulator; env: Record<string, string> }> {
  const emulator = await startEmulator({ port: 0, skipOriginCheck: true, faults: faults.map(parseFaultSpec) });
  running.push(emulator);
  return { emulator, env: { CLOUDFLARE_API_BASE_URL: emulator.url, CLOUDFLARE_API_TOKEN: emulator.token, CLOUDFLARE_ACCOUNT_ID: emulator.accountId } };
}
const configs = (emulator: Emulator) => `/accounts/${emulator.accountId}/hyperdrive/configs`;

describe("delete whose answer is lost", () => {
  it("the retry finds it gone (404): deleted, exit 0, and it says so", async () => {
    // Request 1 creates the config, request 2 is the DELETE: carried out, its answer dropped; request 3 is the retry.
    const { emulator, env } = await emulatorWith("drop-answer:nth=2");
    const id = (await request(emulator, "POST", configs(emulator), configBody("doomed"))).body.result.id;
    const human = await runCli(["delete", id, "--yes"], { env });
    expect(human.code, human.all).toBe(0);
    expect(human.stdout).toContain(`✔ Deleted Hyperdrive config ${id} (the first answer was lost; the retry found it already deleted)`);
    expect((await request(emulator, "GET", `${configs(emulator)}/${id}`)).status).toBe(404);
  });

  it("--json: deleted with already_deleted", async () => {
    const { emulator, env } = await emulatorWith("drop-answer:nth=2");
    const id = (await request(emulator, "POST", configs(emulator), configBody("doomed"))).body.result.id;
    const json = await runCli(["delete", id, "--yes", "--json"], { env });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ id, deleted: true, already_deleted: true });
  });

  it("a config that was never there is still not found (exit 1)", async () => {
    const { env } = await emulatorWith();
    const r = await runCli(["delete", "0".repeat(32), "--yes"], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not found/i);
  });
});

describe("create whose answer is lost", () => {
  it("network error that says the config may exist, with the command to check; POST not sent twice", async () => {
    const { emulator, env } = await emulatorWith("drop-answer:nth=1");
    const r = await runCli(["create", "lost-db", "--connection-string", "postgres://u:pw-SECRET@db.example.com/app"], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the config may have been created/i);
    expect(r.stderr).toContain("hyperdrive get lost-db");
    expect(r.all).not.toContain("pw-SECRET");
    const listed = (await request(emulator, "GET", configs(emulator))).body.result;
    expect(listed.map((c: { name: string }) => c.name)).toEqual(["lost-db"]);
  });

  it("--json: the error carries the same hint", async () => {
    const { env } = await emulatorWith("drop-answer:nth=1");
    const r = await runCli(["create", "lost-db", "--connection-string", "postgres://u:pw@db.example.com/app", "--json"], { env });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(JSON.stringify(doc.errors)).toContain("hyperdrive get lost-db");
  });
});

describe("two updates of one config's caching at once", () => {
  /** A transport that holds the request after `after` answers until `release` resolves. */
  function holding(after: number, release: Promise<void>): Transport {
    const real = createFetchTransport();
    let answered = 0;
    return async (req, options) => {
      if (answered++ === after) await release;
      return real(req, options);
    };
  }

  it("update --max-age 60 and update --swr 30 by name: the config ends with both", async () => {
    const { emulator, env } = await emulatorWith();
    await request(emulator, "POST", configs(emulator), configBody("shared", { caching: { max_age: 30, stale_while_revalidate: 15 } }));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // The first update lists the configs (to find the name), then waits while the second runs from start to end.
    const first = runCli(["update", "shared", "--max-age", "60"], { env, transport: holding(1, released) });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await runCli(["update", "shared", "--swr", "30"], { env });
    expect(second.code, second.all).toBe(0);
    release();
    expect((await first).code).toBe(0);
    const [stored] = (await request(emulator, "GET", configs(emulator))).body.result;
    expect(stored.caching).toEqual({ disabled: false, max_age: 60, stale_while_revalidate: 30 });
  });
});
