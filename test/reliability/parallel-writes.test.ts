// Parallel writers on one project: every binding a command reports as written is in the file afterwards, and every
// .env line too. 20 writers, several rounds, in one process: one event loop interleaves them at every await, the
// lock files are the same ones separate processes use (test/e2e/reliability.test.ts runs them as processes).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../support/cli";
import { startEmulator, type Emulator } from "../../src/emulator/index";

const WRITERS = 20;
const ROUNDS = 5;
let emulator: Emulator;
const dirs: string[] = [];
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, skipOriginCheck: true, maxConfigs: 10_000 });
});
afterAll(() => emulator.close());
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(file: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "hd-parallel-"));
  dirs.push(dir);
  writeFileSync(join(dir, file), text);
  return dir;
}

const env = () => ({ CLOUDFLARE_API_BASE_URL: emulator.url, CLOUDFLARE_API_TOKEN: emulator.token, CLOUDFLARE_ACCOUNT_ID: emulator.accountId });

describe.each([
  ["wrangler.jsonc", '{\n  // the worker\n  "name": "worker",\n}\n', ROUNDS],
  ["wrangler.toml", 'name = "worker"\n', 2],
])("%s: 20 parallel create --binding --update-config", (file, initial, rounds) => {
  for (let round = 1; round <= rounds; round++) {
    it(`round ${round}: ${WRITERS} writers → ${WRITERS} bindings, each reported written`, async () => {
      const dir = project(file, initial);
      const runs = await Promise.all(
        Array.from({ length: WRITERS }, (_, i) =>
          runCli(["create", `db-${round}-${i}-${file}`, "--connection-string", "postgres://u:pw@db.example.com/app", "--binding", `B_${i}`, "--update-config", "--json"], {
            cwd: dir,
            env: env(),
          }),
        ),
      );
      const text = readFileSync(join(dir, file), "utf8");
      for (const [i, run] of runs.entries()) {
        const doc = JSON.parse(run.stdout);
        expect({ code: run.code, status: doc.binding.status }, run.all).toEqual({ code: 0, status: "written" });
        expect(text, `B_${i} → ${doc.id}`).toMatch(new RegExp(`binding"?\\s*[:=]\\s*"B_${i}"[,\\s]*"?id"?\\s*[:=]\\s*"${doc.id}"`));
      }
      expect(readdirSync(dir).sort()).toEqual([file]);
    });
  }
});

describe(`.env: ${WRITERS} parallel bind --local-connection-string`, () => {
  for (let round = 1; round <= ROUNDS; round++) {
    it(`round ${round}: ${WRITERS} variables saved`, async () => {
      const dir = project("wrangler.jsonc", '{ "name": "worker" }\n');
      const created = await runCli(["create", `env-db-${round}`, "--connection-string", "postgres://u:pw@db.example.com/app", "--no-update-config", "--json"], {
        cwd: dir,
        env: env(),
      });
      const { id } = JSON.parse(created.stdout);
      const runs = await Promise.all(
        Array.from({ length: WRITERS }, (_, i) =>
          runCli(["bind", id, "--binding", `E_${i}`, "--local-connection-string", `postgres://dev:pw${i}@localhost/app`, "--json"], { cwd: dir, env: env() }),
        ),
      );
      for (const run of runs) expect(run.code, run.all).toBe(0);
      const dotenv = readFileSync(join(dir, ".env"), "utf8");
      for (let i = 0; i < WRITERS; i++) {
        expect(dotenv).toContain(`CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_E_${i}='postgres://dev:pw${i}@localhost/app'`);
      }
      const config = readFileSync(join(dir, "wrangler.jsonc"), "utf8");
      for (let i = 0; i < WRITERS; i++) expect(config).toContain(`"E_${i}"`);
    });
  }
});
