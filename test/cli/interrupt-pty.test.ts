// Ctrl-C in the middle of create and apply, on a real terminal (a pseudo-terminal): the message says what was done
// and what was not — no request sent, a create request sent with no answer yet, a config created but not bound — and
// names the command that finishes the job. Exit 130.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createServer, type Server, type Socket } from "node:net";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KEY, runOnPty } from "../support/pty";
import { hyperdrive } from "../e2e/support";

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
