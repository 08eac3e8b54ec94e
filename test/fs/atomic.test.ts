// Writing over special files: links stay links, a dangling symbolic link gets its target, the emulator's --state
// link is written through, and nothing is written while it holds the password with wider permissions.
import { linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../src/fs/atomic";
import { configBody, startTestEmulator } from "../emulator/helpers";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), "hd-atomic-"));
  dirs.push(dir);
  return dir;
}

describe("writeFileAtomic over special files", () => {
  it("a hard-linked file stays one file: both names see the new text", async () => {
    const dir = folder();
    writeFileSync(join(dir, "wrangler.toml"), "old\n");
    linkSync(join(dir, "wrangler.toml"), join(dir, "backup.toml"));
    await writeFileAtomic(join(dir, "wrangler.toml"), "new\n", { expectedOriginal: "old\n" });
    expect(readFileSync(join(dir, "backup.toml"), "utf8")).toBe("new\n");
    expect(statSync(join(dir, "wrangler.toml")).nlink).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(["backup.toml", "wrangler.toml"]);
  });

  it("a dangling .env symlink: its target is created, the link stays a link", async () => {
    const dir = folder();
    mkdirSync(join(dir, "secrets"));
    symlinkSync(join("secrets", "dev.env"), join(dir, ".env"));
    await writeFileAtomic(join(dir, ".env"), "A=1\n", { expectedOriginal: null, mode: 0o600 });
    expect(lstatSync(join(dir, ".env")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, ".env"))).toBe(join("secrets", "dev.env"));
    expect(readFileSync(join(dir, "secrets", "dev.env"), "utf8")).toBe("A=1\n");
    expect(statSync(join(dir, "secrets", "dev.env")).mode & 0o777).toBe(0o600);
  });

  it("a read-only file is refused, and left as it was", async () => {
    const dir = folder();
    writeFileSync(join(dir, "wrangler.json"), "{}", { mode: 0o444 });
    await expect(writeFileAtomic(join(dir, "wrangler.json"), "{ }", { expectedOriginal: "{}" })).rejects.toThrow(/is read-only \(mode 0444\)/);
    expect(readFileSync(join(dir, "wrangler.json"), "utf8")).toBe("{}");
  });

  it("the emulator's --state symlink: the target is updated, the link kept", async () => {
    const dir = folder();
    mkdirSync(join(dir, "real"));
    writeFileSync(join(dir, "real", "state.json"), JSON.stringify({ version: 1, configs: [], certificates: [] }));
    symlinkSync(join(dir, "real", "state.json"), join(dir, "state.json"));
    const { api, account, emulator } = await startTestEmulator({ statePath: join(dir, "state.json"), stateSharing: "exclusive" });
    await api("POST", `${account}/hyperdrive/configs`, configBody("linked"));
    await emulator.close();
    expect(lstatSync(join(dir, "state.json")).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, "real", "state.json"), "utf8")).configs.map((c: { name: string }) => c.name)).toEqual(["linked"]);
  });
});
