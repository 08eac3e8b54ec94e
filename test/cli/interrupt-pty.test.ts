// Ctrl-C in the middle of create, apply, update, bind, delete and rotate, on a real terminal (a pseudo-terminal): the
// message says what was done and what was not — no request sent, a request sent with no answer yet (held open by a
// database that never answers the connection test, or by the emulator's latency fault), a config created but not
// bound, a file another writer holds locked — and names the command that finishes the job. Exit 130.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createServer, type Server, type Socket } from "node:net";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KEY, runOnPty } from "../support/pty";
import { hyperdrive, startEmulatorProcess } from "../e2e/support";
import { acquireLock } from "../../src/fs/lock";

// A database that accepts the connection and never says a word: the emulator's connection test waits on it.
let silent: Server;
let silentPort: number;
const sockets = new Set<Socket>();
beforeAll(async () => {
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  silentPort = (silent.address() as { port: number }).port;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "hyperdrive-interrupt-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const JSONC = '{\n  "name": "worker",\n  "main": "src/index.ts"\n}\n';
const skipCheck = { HYPERDRIVE_LOCAL_ORIGIN_CHECK: "off" };

describe("create, Ctrl-C", () => {
  it("during the spinner (the create request sent, no answer yet): the config may exist, check with get", async () => {
    const r = await runOnPty(["--local", "create", "demo", "--connection-string", `postgres://app:pw@127.0.0.1:${silentPort}/app`], {
      cwd: dir,
      steps: [{ expect: "Creating 'demo'", keys: [KEY.ctrlC] }],
    });
    expect(r.status).toBe(130);
    expect(r.output).toContain("✖ Cancelled. The create request for 'demo' was sent and no answer had come: the config may exist.");
    expect(r.output).toContain("Check with hyperdrive --local get demo before creating it again");
  });

  it("at the password prompt (nothing sent): nothing was created", async () => {
    const r = await runOnPty(["--local", "create", "demo", "--origin-host", "db.example.com", "--database", "app", "--origin-user", "app"], {
      cwd: dir,
      env: skipCheck,
      steps: [{ expect: "Password for app: ", keys: [KEY.ctrlC] }],
    });
    expect(r.status).toBe(130);
    expect(r.output).toContain("✖ Cancelled. Nothing was created: the create request had not been sent.");
    const list = await hyperdrive(["--local", "list", "--json"], { cwd: dir, env: { HOME: dir } });
    expect(list.json()).toEqual([]);
  });

  it("at 'Add binding?' after the config was created: says it was created (name, id), that the binding was not written, and how to write it", async () => {
    writeFileSync(join(dir, "wrangler.jsonc"), JSONC);
    const r = await runOnPty(["--local", "create", "demo", "--connection-string", "postgres://app:pw@db.example.com:5432/app"], {
      cwd: dir,
      env: skipCheck,
      steps: [{ expect: "Add binding HYPERDRIVE", keys: [KEY.ctrlC] }],
    });
    expect(r.status).toBe(130);
    const id = /config 'demo': ([0-9a-f]{32})/.exec(r.output)![1];
    expect(r.output).toContain(`✖ Cancelled. The config 'demo' (${id}) was created; the binding was not written to wrangler.jsonc.`);
    expect(r.output).toContain("Write it with: hyperdrive --local bind demo --binding HYPERDRIVE");
    expect(readFileSync(join(dir, "wrangler.jsonc"), "utf8")).toBe(JSONC);
    // The command it names does the job.
    const bind = await hyperdrive(["--local", "bind", "demo", "--binding", "HYPERDRIVE"], { cwd: dir, env: { HOME: dir } });
    expect(bind.code).toBe(0);
    expect(readFileSync(join(dir, "wrangler.jsonc"), "utf8")).toContain(id);
  });
});

describe("create, Ctrl-C after the binding was written", () => {
  it("at wrangler dev's connection string question: bound, no string saved, and the command that saves one", async () => {
    writeFileSync(join(dir, "wrangler.jsonc"), JSONC);
    const r = await runOnPty(["--local", "create", "demo", "--connection-string", "postgres://app:pw@db.example.com:5432/app"], {
      cwd: dir,
      env: skipCheck,
      steps: [
        { expect: "Add binding HYPERDRIVE", keys: [KEY.enter] },
        { expect: "for wrangler dev", keys: [KEY.ctrlC] },
      ],
    });
    expect(r.status).toBe(130);
    const id = /config 'demo': ([0-9a-f]{32})/.exec(r.output)![1];
    expect(r.output).toContain(`✖ Cancelled. The config 'demo' (${id}) was created and bound as HYPERDRIVE; no connection string for wrangler dev was saved in .env.`);
    expect(r.output).toContain("Save one with: hyperdrive --local bind demo --binding HYPERDRIVE --local-connection-string URL");
    expect(readFileSync(join(dir, "wrangler.jsonc"), "utf8")).toContain(id);
  });
});

describe("apply, Ctrl-C", () => {
  it("at 'Add binding?' after apply created the config: the same message", async () => {
    writeFileSync(join(dir, "wrangler.jsonc"), JSONC);
    const r = await runOnPty(["--local", "apply", "demo", "--connection-string", "postgres://app:pw@db.example.com:5432/app"], {
      cwd: dir,
      env: skipCheck,
      steps: [{ expect: "Add binding HYPERDRIVE", keys: [KEY.ctrlC] }],
    });
    expect(r.status).toBe(130);
    const id = /config 'demo': ([0-9a-f]{32})/.exec(r.output)![1];
    expect(r.output).toContain(`✖ Cancelled. The config 'demo' (${id}) was created; the binding was not written to wrangler.jsonc.`);
    expect(r.output).toContain("Write it with: hyperdrive --local bind demo --binding HYPERDRIVE");
    expect(readFileSync(join(dir, "wrangler.jsonc"), "utf8")).toBe(JSONC);
  });

  it("during the create spinner: the config may exist", async () => {
    const r = await runOnPty(["--local", "apply", "demo", "--connection-string", `postgres://app:pw@127.0.0.1:${silentPort}/app`], {
      cwd: dir,
      steps: [{ expect: "Creating 'demo'", keys: [KEY.ctrlC] }],
    });
    expect(r.status).toBe(130);
    expect(r.output).toContain("✖ Cancelled. The create request for 'demo' was sent and no answer had come: the config may exist.");
  });

  it("during the update spinner: the update may or may not have been applied; apply again sends what still differs", async () => {
    const created = await hyperdrive(["--local", "apply", "demo", "--connection-string", "postgres://app:pw@db.example.com:5432/app"], { cwd: dir, env: { HOME: dir, ...skipCheck } });
    expect(created.code, created.stderr).toBe(0);
    const r = await runOnPty(["--local", "apply", "demo", "--connection-string", `postgres://app:pw@127.0.0.1:${silentPort}/app`], {
      cwd: dir,
      steps: [{ expect: "Updating 'demo'", keys: [KEY.ctrlC] }],
    });
    expect(r.status).toBe(130);
    expect(r.output).toMatch(/✖ Cancelled\. The update request for 'demo' \([0-9a-f]{32}\) was sent and no answer had come: it may or may not have been applied\./);
    expect(r.output).toContain("Check with hyperdrive --local get demo; running the same apply again sends only what still differs.");
  });
});

// The commands below all run against the --local emulator kept in `dir`; a config is made first, without a test of
// its origin. PASSWORD must never be printed.
const PASSWORD = "pw-Interrupt-7c1d";
const made = async (origin: string, extra: string[] = []) => {
  const r = await hyperdrive(["--local", "create", "demo", "--connection-string", `postgres://app:${PASSWORD}@${origin}/app`, "--no-update-config", "--json", ...extra], {
    cwd: dir,
    env: { HOME: dir, ...skipCheck },
  });
  expect(r.code, r.stderr).toBe(0);
  return r.json().id as string;
};
const bound = (id: string) => `{\n  "name": "worker",\n  "main": "src/index.ts",\n  "hyperdrive": [{ "binding": "HYPERDRIVE", "id": "${id}" }]\n}\n`;
const stored = async (name: string) => (await hyperdrive(["--local", "get", name, "--json"], { cwd: dir, env: { HOME: dir } })).json();

describe("update, Ctrl-C", () => {
  it("at the password prompt (nothing sent): nothing was changed", async () => {
    await made("db.example.com:5432");
    const r = await runOnPty(["--local", "update", "demo", "--origin-password", "-"], { cwd: dir, env: skipCheck, steps: [{ expect: "origin-password: ", keys: [KEY.ctrlC] }] });
    expect(r.status).toBe(130);
    expect(r.output).toContain("✖ Cancelled. Nothing was changed: the update request had not been sent.");
  });

  it("during the update spinner: it may or may not have been applied, get shows the stored settings; no password printed", async () => {
    const id = await made("db.example.com:5432");
    const r = await runOnPty(["--local", "update", "demo", "--connection-string", `postgres://app:${PASSWORD}@127.0.0.1:${silentPort}/app`], {
      cwd: dir,
      steps: [{ expect: "Updating 'demo'", keys: [KEY.ctrlC] }],
    });
    expect(r.status).toBe(130);
    expect(r.output).toContain(`✖ Cancelled. The update request for 'demo' (${id}) was sent and no answer had come: the update may or may not have been applied.`);
    expect(r.output).toContain("Check with hyperdrive --local get demo: it shows the stored settings (a password is never shown).");
    expect(r.raw).not.toContain(PASSWORD);
  });

  it("a rename in flight: get by id (the old name may be gone); --json: the error document, kind cancelled", async () => {
    const id = await made(`127.0.0.1:${silentPort}`);
    const r = await runOnPty(["--local", "--json", "update", "demo", "--name", "demo2", "--origin-password", PASSWORD], { cwd: dir, steps: [{ expect: "", after: 2.5, keys: [KEY.ctrlC] }] });
    expect(r.status).toBe(130);
    expect(JSON.parse(r.output.slice(r.output.indexOf("{")))).toEqual({
      success: false,
      kind: "cancelled",
      errors: [
        {
          message: `Cancelled. The update request for 'demo' (${id}) was sent and no answer had come: the update may or may not have been applied.`,
          hint: `Check with hyperdrive --local get ${id}: it shows the stored settings (a password is never shown).`,
        },
      ],
    });
    expect(r.raw).not.toContain(PASSWORD);
  });

  it("after the update, while .env is locked by another writer: updated, the string not saved, and the command that saves it", async () => {
    const id = await made("db.example.com:5432");
    writeFileSync(join(dir, "wrangler.jsonc"), bound(id));
    const lock = await acquireLock(join(dir, ".env"));
    try {
      const r = await runOnPty(["--local", "update", "demo", "--max-age", "30", "--local-connection-string", `postgres://app:${PASSWORD}@localhost:5432/app`], {
        cwd: dir,
        steps: [{ expect: "Updating 'demo'", after: 2, keys: [KEY.ctrlC] }],
      });
      expect(r.status).toBe(130);
      expect(r.output).toContain(`✖ Cancelled. The config 'demo' (${id}) was updated; the connection string for wrangler dev was not saved in .env.`);
      expect(r.output).toContain("Save it with: hyperdrive --local update demo --local-connection-string URL");
      expect(r.raw).not.toContain(PASSWORD);
    } finally {
      await lock.release();
    }
    expect((await stored("demo")).caching.max_age).toBe(30);
    expect(existsSync(join(dir, ".env"))).toBe(false);
  });
});

describe("bind, Ctrl-C", () => {
  it("at the prompt for the connection string given as -: nothing was written", async () => {
    await made("db.example.com:5432");
    writeFileSync(join(dir, "wrangler.jsonc"), JSONC);
    const r = await runOnPty(["--local", "bind", "demo", "--local-connection-string", "-"], { cwd: dir, steps: [{ expect: "local-connection-string: ", keys: [KEY.ctrlC] }] });
    expect(r.status).toBe(130);
    expect(r.output).toContain("✖ Cancelled. Nothing was written: wrangler.jsonc was not changed.");
    expect(readFileSync(join(dir, "wrangler.jsonc"), "utf8")).toBe(JSONC);
  });

  it("while wrangler.jsonc is locked by another writer: nothing was written", async () => {
    await made("db.example.com:5432");
    writeFileSync(join(dir, "wrangler.jsonc"), JSONC);
    const lock = await acquireLock(join(dir, "wrangler.jsonc"));
    try {
      const r = await runOnPty(["--local", "bind", "demo", "--binding", "DB"], { cwd: dir, steps: [{ expect: "", after: 2.5, keys: [KEY.ctrlC] }] });
      expect(r.status).toBe(130);
      expect(r.output).toContain("✖ Cancelled. Nothing was written: wrangler.jsonc was not changed.");
    } finally {
      await lock.release();
    }
    expect(readFileSync(join(dir, "wrangler.jsonc"), "utf8")).toBe(JSONC);
  });

  it("at wrangler dev's connection string question: the binding is in the file, no string saved, and the command that saves one", async () => {
    const id = await made("db.example.com:5432");
    writeFileSync(join(dir, "wrangler.jsonc"), JSONC);
    const r = await runOnPty(["--local", "bind", "demo"], { cwd: dir, steps: [{ expect: "for wrangler dev", keys: [KEY.ctrlC] }] });
    expect(r.status).toBe(130);
    expect(r.output).toContain(`✖ Cancelled. The binding HYPERDRIVE → ${id} is in wrangler.jsonc; no connection string for wrangler dev was saved in .env.`);
    expect(r.output).toContain("Save one with: hyperdrive --local bind demo --binding HYPERDRIVE --local-connection-string URL");
    expect(readFileSync(join(dir, "wrangler.jsonc"), "utf8")).toContain(id);
  });

  it("after the binding was written, while .env is locked: bound, the given string not saved yet", async () => {
    const id = await made("db.example.com:5432");
    writeFileSync(join(dir, "wrangler.jsonc"), JSONC);
    const lock = await acquireLock(join(dir, ".env"));
    try {
      const r = await runOnPty(["--local", "bind", "demo", "--binding", "HYPERDRIVE", "--local-connection-string", `postgres://app:${PASSWORD}@localhost:5432/app`], {
        cwd: dir,
        steps: [{ expect: "", after: 2.5, keys: [KEY.ctrlC] }],
      });
      expect(r.status).toBe(130);
      expect(r.output).toContain(`✖ Cancelled. The binding HYPERDRIVE → ${id} is in wrangler.jsonc; the connection string for wrangler dev was not saved in .env.`);
      expect(r.output).toContain("Save it with: hyperdrive --local bind demo --binding HYPERDRIVE --local-connection-string URL");
      expect(r.raw).not.toContain(PASSWORD);
    } finally {
      await lock.release();
    }
    expect(readFileSync(join(dir, "wrangler.jsonc"), "utf8")).toContain(id);
    expect(existsSync(join(dir, ".env"))).toBe(false);
  });
});

describe("delete, Ctrl-C", () => {
  it("at the y/N question: nothing was deleted", async () => {
    const id = await made("db.example.com:5432");
    const r = await runOnPty(["--local", "delete", "demo"], { cwd: dir, steps: [{ expect: "[y/N]", keys: [KEY.ctrlC] }] });
    expect(r.status).toBe(130);
    expect(r.output).toContain("✖ Cancelled. Nothing was deleted: the delete request had not been sent.");
    expect((await stored("demo")).id).toBe(id);
  });

  // The emulator's graceful stop waits for the held request (8 s).
  it("while the DELETE is in flight (the API holds it): it may have been deleted, and get tells", { timeout: 40_000 }, async () => {
    const emulator = await startEmulatorProcess(["--skip-origin-check", "--fault", "latency=8000:after=1"]);
    try {
      const created = await hyperdrive(["create", "demo", "--connection-string", `postgres://app:${PASSWORD}@db.example.com:5432/app`, "--json"], { cwd: dir, env: emulator.env });
      expect(created.code, created.stderr).toBe(0);
      const id = created.json().id as string;
      const r = await runOnPty(["delete", id, "--yes"], { cwd: dir, env: emulator.env, steps: [{ expect: "Deleting", keys: [KEY.ctrlC] }] });
      expect(r.status).toBe(130);
      expect(r.output).toContain(`✖ Cancelled. The delete request for ${id} was sent and no answer had come: the config may have been deleted.`);
      expect(r.output).toContain(`Check with hyperdrive get ${id}: if it is not found, it was deleted; if it is, run the delete again.`);
    } finally {
      await emulator.stop();
    }
  });
});

describe("rotate, Ctrl-C", () => {
  const today = () => new Date().toISOString().slice(0, 10).replaceAll("-", "");

  it("in place, at the new password's prompt: nothing was changed", async () => {
    const id = await made("db.example.com:5432");
    const r = await runOnPty(["--local", "rotate", "demo"], { cwd: dir, env: skipCheck, steps: [{ expect: "New password for app", keys: [KEY.ctrlC] }] });
    expect(r.status).toBe(130);
    expect(r.output).toContain(`✖ Cancelled. Nothing was changed: 'demo' (${id}) still uses its old credentials.`);
  });

  it("in place, while the PATCH is in flight: old or new credentials, and the command that makes sure (no password in it)", async () => {
    const id = await made(`127.0.0.1:${silentPort}`);
    const r = await runOnPty(["--local", "rotate", "demo", "--origin-password", "new-Secret-93", "--no-preflight", "--restart"], {
      cwd: dir,
      steps: [{ expect: "Updating the credentials of 'demo'", keys: [KEY.ctrlC] }],
    });
    expect(r.status).toBe(130);
    expect(r.output).toContain(
      `✖ Cancelled. The new credentials for 'demo' (${id}) were sent and no answer had come: Hyperdrive saves them only if its connection test passes, so the config uses either its old credentials or the new ones.`,
    );
    expect(r.output).toContain("To be sure it uses the new ones, run: hyperdrive --local rotate demo --origin-password - --restart --no-preflight");
    expect(r.raw).not.toContain("new-Secret-93");
  });

  it("blue/green, while the new config's POST is in flight: it may exist, the bindings are unchanged; bind it or delete it", async () => {
    const id = await made(`127.0.0.1:${silentPort}`);
    writeFileSync(join(dir, "wrangler.jsonc"), bound(id));
    const name = `demo-${today()}`;
    const r = await runOnPty(["--local", "rotate", "demo", "--new-config", "--origin-password", "new-Secret-93", "--no-preflight"], {
      cwd: dir,
      steps: [{ expect: `Creating '${name}'`, keys: [KEY.ctrlC] }],
    });
    expect(r.status).toBe(130);
    expect(r.output).toContain(`✖ Cancelled. The create request for '${name}' (a copy of 'demo' with the new credentials) was sent and no answer had come: it may exist. 'demo' and the bindings are unchanged.`);
    expect(r.output).toContain(
      `Check with hyperdrive --local get ${name}; if it exists, point the bindings at it (hyperdrive --local bind ${name} --binding HYPERDRIVE) or delete it (hyperdrive --local delete ${name}).`,
    );
    expect(readFileSync(join(dir, "wrangler.jsonc"), "utf8")).toBe(bound(id));
    expect(r.raw).not.toContain("new-Secret-93");
  });

  it("blue/green, created while wrangler.jsonc is locked: the new config exists, the bindings still point at the old; finish or undo", async () => {
    const id = await made("db.example.com:5432");
    writeFileSync(join(dir, "wrangler.jsonc"), bound(id));
    const name = `demo-${today()}`;
    const lock = await acquireLock(join(dir, "wrangler.jsonc"));
    let r;
    try {
      r = await runOnPty(["--local", "rotate", "demo", "--new-config", "--origin-password", "new-Secret-93", "--no-preflight"], {
        cwd: dir,
        env: skipCheck,
        steps: [{ expect: `Creating '${name}'`, after: 2.5, keys: [KEY.ctrlC] }],
      });
    } finally {
      await lock.release();
    }
    expect(r.status).toBe(130);
    const created = await stored(name);
    expect(r.output).toContain(`✖ Cancelled. '${name}' (${created.id}) was created with the new credentials; the bindings were not repointed: wrangler.jsonc still points at 'demo'.`);
    expect(r.output).toContain(`Finish with: hyperdrive --local bind ${name} --binding HYPERDRIVE; or undo with: hyperdrive --local delete ${name}`);
    expect(readFileSync(join(dir, "wrangler.jsonc"), "utf8")).toBe(bound(id));
    // The command it names finishes the job.
    const bind = await hyperdrive(["--local", "bind", name, "--binding", "HYPERDRIVE"], { cwd: dir, env: { HOME: dir } });
    expect(bind.code, bind.stderr).toBe(0);
    expect(readFileSync(join(dir, "wrangler.jsonc"), "utf8")).toBe(bound(created.id));
  });
});
