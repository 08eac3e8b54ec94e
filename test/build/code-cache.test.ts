// bin/hyperdrive.js runs dist/cli.cjs from V8's code cache (docs/startup.md): one file a build, Node version and CPU
// architecture in ${XDG_CACHE_HOME:-~/.cache}/hyperdrive/code/, written after a run that needed it, never torn by
// parallel runs, never holding a secret, and never able to stop a command: a missing, refused, corrupt or unwritable
// cache only means compiling the bundle again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator, type Emulator } from "../../src/emulator";

const BIN = fileURLToPath(new URL("../../bin/hyperdrive.js", import.meta.url));
const BUILD = /^\/\/ hyperdrive build (\w+) /.exec(readFileSync(new URL("../../dist/cli.cjs", import.meta.url), "utf8"))![1];
const TOKEN = `cache-test-token-${randomBytes(12).toString("hex")}`;
let emulator: Emulator;
let work: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, skipOriginCheck: true, token: TOKEN });
  work = mkdtempSync(join(tmpdir(), "hyperdrive-code-cache-"));
});
afterAll(async () => {
  await emulator?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

let runs = 0;
/** A fresh home (or the one given) and XDG_CACHE_HOME as given; returns the cache folder too. */
function run(args: string[], env: Record<string, string> = {}, home = join(work, `home-${++runs}`)) {
  mkdirSync(home, { recursive: true });
  const fullEnv: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: home,
    CLOUDFLARE_API_BASE_URL: emulator.url,
    CLOUDFLARE_API_TOKEN: TOKEN,
    CLOUDFLARE_ACCOUNT_ID: emulator.accountId,
    ...env,
  };
  return new Promise<{ code: number; stdout: string; stderr: string; dir: string }>((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: fullEnv, cwd: home }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code) : 0, stdout, stderr, dir: join(fullEnv.XDG_CACHE_HOME ?? join(home, ".cache"), "hyperdrive", "code") }),
    );
  });
}
const cacheFile = (dir: string) => join(dir, `${BUILD}-${process.version}-${process.arch}.bin`);
const header = (file: string) => {
  const bytes = readFileSync(file);
  return JSON.parse(bytes.toString("utf8", 0, bytes.indexOf(10))) as { commands: string[] };
};

describe("the code cache of dist/cli.cjs", () => {
  it("is written after the first run, mode 0600 in a 0700 folder, listing the command; kept as it is by the next run", async () => {
    const home = join(work, "steady");
    const first = await run(["list", "--json"], {}, home);
    expect(first.code).toBe(0);
    const file = cacheFile(first.dir);
    expect(readdirSync(first.dir)).toEqual([`${BUILD}-${process.version}-${process.arch}.bin`]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(first.dir).mode & 0o777).toBe(0o700);
    expect(statSync(file).size).toBeGreaterThan(10_000);
    expect(header(file)).toEqual({ commands: ["list"] });

    // V8 accepted it (a refused cache is written again) and `list` is on its list: the file stays as it is.
    const before = statSync(file);
    const second = await run(["list", "--json"], {}, home);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(statSync(file).ino).toBe(before.ino);
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);

    // Another command adds what it compiled, once.
    const get = await run(["get", "nonexistent-name", "--json"], {}, home);
    expect(get.code).not.toBe(0);
    expect(header(file)).toEqual({ commands: ["list", "get"] });
    const after = statSync(file).ino;
    await run(["get", "nonexistent-name", "--json"], {}, home);
    // The command is the first word that names one, wherever the flags are.
    await run(["--json", "get", "nonexistent-name"], {}, home);
    expect(statSync(file).ino).toBe(after);
    await run(["--json", "--account-id", "0123456789abcdef0123456789abcdef", "cert", "list"], {}, home);
    expect(header(file)).toEqual({ commands: ["list", "get", "cert"] });
  });

  it("is replaced when it is corrupt, and the command runs as if there were none", async () => {
    const home = join(work, "corrupt");
    const dir = join(home, ".cache", "hyperdrive", "code");
    mkdirSync(dir, { recursive: true });
    writeFileSync(cacheFile(dir), `{"commands":["list"]}\n${randomBytes(50_000).toString("binary")}`);
    const reference = await run(["list", "--json"]);
    const result = await run(["list", "--json"], {}, home);
    expect(result).toMatchObject({ code: 0, stderr: "", stdout: reference.stdout });
    expect(statSync(cacheFile(dir)).size).toBeGreaterThan(10_000);
    expect(header(cacheFile(dir))).toEqual({ commands: ["list"] });

    writeFileSync(cacheFile(dir), "not even a header");
    expect(await run(["list", "--json"], {}, home)).toMatchObject({ code: 0, stderr: "", stdout: reference.stdout });
    expect(header(cacheFile(dir))).toEqual({ commands: ["list"] });
  });

  it("leaves other builds' files alone (two installs used in turn), up to 8 files: the oldest written go", async () => {
    const home = join(work, "others");
    const dir = join(home, ".cache", "hyperdrive", "code");
    mkdirSync(dir, { recursive: true });
    const others = Array.from({ length: 8 }, (_, i) => join(dir, `${String(i).repeat(16)}-${process.version}-${process.arch}.bin`));
    others.forEach((file, i) => {
      writeFileSync(file, "another build");
      utimesSync(file, 1_000_000 + i, 1_000_000 + i);
    });
    expect((await run(["list", "--json"], {}, home)).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([...others.slice(1), cacheFile(dir)].map((f) => f.slice(dir.length + 1)).sort());
  });

  it("goes to an absolute XDG_CACHE_HOME, ignores a relative one, and is off with NODE_DISABLE_COMPILE_CACHE", async () => {
    const xdg = join(work, "xdg");
    const absolute = await run(["list", "--json"], { XDG_CACHE_HOME: xdg });
    expect(absolute.code).toBe(0);
    expect(readdirSync(join(xdg, "hyperdrive", "code"))).toHaveLength(1);

    const home = join(work, "relative");
    const relative = await run(["list", "--json"], { XDG_CACHE_HOME: "cache" }, home);
    expect(relative.code).toBe(0);
    expect(readdirSync(join(home, ".cache", "hyperdrive", "code"))).toHaveLength(1);

    const off = join(work, "off");
    expect((await run(["list", "--json"], { NODE_DISABLE_COMPILE_CACHE: "1" }, off)).code).toBe(0);
    expect(existsSync(join(off, ".cache", "hyperdrive", "code"))).toBe(false);
    expect(existsSync(join(off, ".cache", "hyperdrive", "completion"))).toBe(true);
  });

  it("is neither used nor written in a folder that others can write to", async () => {
    const home = join(work, "shared-folder");
    const dir = join(home, ".cache", "hyperdrive", "code");
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o777);
    expect((await run(["list", "--json"], {}, home)).code).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it.runIf(process.getuid?.() === 0)("is not used when another user owns the file (a cache the user wrote, run under sudo)", async () => {
    const home = join(work, "foreign-file");
    const dir = join(home, ".cache", "hyperdrive", "code");
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Were it used, V8 would refuse these bytes and the run would write its own file in their place.
    writeFileSync(cacheFile(dir), `{"commands":["list"]}\n${randomBytes(50_000).toString("binary")}`, { mode: 0o600 });
    chownSync(cacheFile(dir), 65534, 65534);
    const before = statSync(cacheFile(dir)).ino;
    expect((await run(["list", "--json"], {}, home)).code).toBe(0);
    expect(statSync(cacheFile(dir))).toMatchObject({ ino: before, uid: 65534 });
  });

  it("cannot stop a command when its folder cannot be made", async () => {
    const blocker = join(work, "a-file");
    writeFileSync(blocker, "");
    const result = await run(["list", "--json"], { XDG_CACHE_HOME: blocker });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(result.stdout)).toBeInstanceOf(Array);
  });

  it("is whole after parallel first runs, with no temporary file left", async () => {
    const home = join(work, "parallel");
    const results = await Promise.all(Array.from({ length: 6 }, () => run(["list", "--json"], {}, home)));
    for (const r of results) expect(r).toMatchObject({ code: 0, stderr: "", stdout: results[0].stdout });
    expect(readdirSync(results[0].dir)).toEqual([`${BUILD}-${process.version}-${process.arch}.bin`]);
    const file = cacheFile(results[0].dir);
    const ino = statSync(file).ino;
    expect((await run(["list", "--json"], {}, home)).code).toBe(0);
    expect(statSync(file).ino).toBe(ino);
  });

  it("holds no secret: not the API token, not an origin password", async () => {
    const password = `pw-${randomBytes(12).toString("hex")}`;
    const home = join(work, "secrets");
    const created = await run(["create", "cache-secret", "--connection-string", `postgres://app:${password}@db.example.com:5432/app`, "--json"], {}, home);
    expect(created.code).toBe(0);
    expect((await run(["get", "cache-secret"], {}, home)).code).toBe(0);
    const bytes = readFileSync(cacheFile(created.dir));
    expect(header(cacheFile(created.dir))).toEqual({ commands: ["create", "get"] });
    for (const secret of [TOKEN, password]) {
      expect(bytes.includes(Buffer.from(secret, "latin1"))).toBe(false);
      expect(bytes.includes(Buffer.from(secret, "utf16le"))).toBe(false);
    }
  });
});
