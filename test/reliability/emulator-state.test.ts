// The emulator's state file under concurrency and disk failures: --local commands in parallel keep every config, a
// second emulator on one state file is refused, and a change that cannot be saved is not acknowledged.
import { afterEach, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../support/cli";
import { startEmulator } from "../../src/emulator/index";
import { writeFileAtomic } from "../../src/fs/atomic";
import { UsageError } from "../../src/errors";
import { configBody, startTestEmulator } from "../emulator/helpers";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), "hd-state-"));
  dirs.push(dir);
  return dir;
}
const WRITERS = 20;
const local = { HYPERDRIVE_LOCAL_ORIGIN_CHECK: "off", CLOUDFLARE_API_TOKEN: undefined, CLOUDFLARE_ACCOUNT_ID: undefined };

describe(`${WRITERS} parallel --local create in one project`, () => {
  for (let round = 1; round <= 5; round++) {
    it(`round ${round}: ${WRITERS} ids printed, ${WRITERS} configs kept`, async () => {
      const dir = folder();
      writeFileSync(join(dir, "wrangler.jsonc"), '{ "name": "worker" }\n');
      const runs = await Promise.all(
        Array.from({ length: WRITERS }, (_, i) =>
          runCli(["--local", "create", `local-${i}`, "--connection-string", "postgres://u:pw@127.0.0.1:5432/app", "--no-update-config", "--json"], {
            cwd: dir,
            env: local,
          }),
        ),
      );
      const ids = runs.map((run) => {
        expect(run.code, run.all).toBe(0);
        return JSON.parse(run.stdout).id as string;
      });
      const listed = await runCli(["--local", "list", "--json"], { cwd: dir, env: local });
      expect(JSON.parse(listed.stdout).map((c: { id: string }) => c.id).sort()).toEqual([...ids].sort());
      const state = join(dir, ".hyperdrive");
      expect(JSON.parse(readFileSync(join(state, "local-state.json"), "utf8")).configs).toHaveLength(WRITERS);
      expect(readdirSync(state).sort()).toEqual([".gitignore", "local-ids", "local-state.json"]);
      // Each id is also recorded as made by the local emulator, one file each (session/local-ids).
      expect(readdirSync(join(state, "local-ids")).sort()).toEqual([...ids].sort().map((id) => `${id}.json`));
    });
  }
});

describe("one state file, one emulator", () => {
  it("a second emulator on the same --state is refused, naming the pid that holds it; free again after close", async () => {
    const statePath = join(folder(), "state.json");
    const first = await startEmulator({ port: 0, statePath, stateSharing: "exclusive" });
    const error = await startEmulator({ port: 0, statePath, stateSharing: "exclusive" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(new RegExp(`^The emulator state file .*state\\.json is in use by process ${process.pid} \\(since `));
    await first.close();
    await (await startEmulator({ port: 0, statePath, stateSharing: "exclusive" })).close();
  });
});

describe("a state file that cannot be written", () => {
  it("the change answers 500 and is not kept: not listed, a retry creates it, a restart agrees; no temporary file", async () => {
    const dir = folder();
    const statePath = join(dir, "state.json");
    let full = true;
    const writeStateFile = async (path: string, text: string) => {
      if (full) throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      await writeFileAtomic(path, text, { forceMode: 0o600 });
    };
    const { api, account, emulator } = await startTestEmulator({ statePath, writeStateFile });
    const failed = await api("POST", `${account}/hyperdrive/configs`, configBody("kept"));
    expect(failed.status).toBe(500);
    expect(failed.body.errors[0].message).toBe(`Cannot save the local emulator's state: could not write ${statePath} (no space left on the device).`);
    expect((await api("GET", `${account}/hyperdrive/configs`)).body.result).toEqual([]);
    full = false;
    const retried = await api("POST", `${account}/hyperdrive/configs`, configBody("kept"));
    expect(retried.status).toBe(200);
    full = true;
    const id = retried.body.result.id;
    expect((await api("DELETE", `${account}/hyperdrive/configs/${id}`)).status).toBe(500);
    expect((await api("GET", `${account}/hyperdrive/configs/${id}`)).status).toBe(200);
    expect((await api("POST", `${account}/hyperdrive/configs/${id}/restart`)).status).toBe(500);
    expect((await api("GET", `${account}/hyperdrive/configs/${id}`)).body.result.restarted_on).toBeUndefined();
    await emulator.close();
    const again = await startTestEmulator({ statePath });
    expect((await again.api("GET", `${again.account}/hyperdrive/configs`)).body.result.map((c: { id: string }) => c.id)).toEqual([id]);
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    expect(existsSync(statePath)).toBe(true);
  });
});
