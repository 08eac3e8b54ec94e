import { chmod, chown, lstat, mkdir, readdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileChangedError, readTextFile, writeFileAtomic } from "../../src/wrangler-config/files";
import { useTempDirs } from "./helpers";

const tempDir = useTempDirs();

describe("writeFileAtomic", () => {
  it("replaces the file and leaves no temporary file behind", async () => {
    const dir = await tempDir();
    const path = join(dir, "wrangler.toml");
    await writeFile(path, "old\n");
    await writeFileAtomic(path, "new\n", { expectedOriginal: "old\n" });
    expect(await readFile(path, "utf8")).toBe("new\n");
    expect((await readdir(dir)).sort()).toEqual(["wrangler.toml"]);
  });

  it("keeps the file's mode, whatever the umask", async () => {
    const dir = await tempDir();
    const path = join(dir, "wrangler.jsonc");
    await writeFile(path, "{}");
    await chmod(path, 0o664);
    const umask = process.umask(0o077);
    try {
      await writeFileAtomic(path, "{ }", { expectedOriginal: "{}" });
    } finally {
      process.umask(umask);
    }
    expect((await stat(path)).mode & 0o777).toBe(0o664);
  });

  // Only root can give a file to someone else, and only root (sudo) would otherwise take a user's file over.
  it.skipIf(process.getuid?.() !== 0)("keeps the file's owner and group when run as root", async () => {
    const dir = await tempDir();
    const path = join(dir, "wrangler.toml");
    await writeFile(path, "old\n");
    await chown(path, 12345, 12346);
    await writeFileAtomic(path, "new\n", { expectedOriginal: "old\n" });
    expect(await readFile(path, "utf8")).toBe("new\n");
    expect(await stat(path)).toMatchObject({ uid: 12345, gid: 12346 });
  });

  it("creates a new file with the mode asked for", async () => {
    const dir = await tempDir();
    const path = join(dir, ".env");
    await writeFileAtomic(path, "A=1\n", { expectedOriginal: null, mode: 0o600 });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it("refuses, and changes nothing, when the file is no longer what was read", async () => {
    const dir = await tempDir();
    const path = join(dir, "wrangler.toml");
    await writeFile(path, "changed by someone else\n");
    await expect(writeFileAtomic(path, "ours\n", { expectedOriginal: "what we read\n" })).rejects.toBeInstanceOf(FileChangedError);
    expect(await readFile(path, "utf8")).toBe("changed by someone else\n");
    expect((await readdir(dir)).sort()).toEqual(["wrangler.toml"]);
  });

  it("refuses when a file appeared that was expected not to exist", async () => {
    const dir = await tempDir();
    const path = join(dir, ".env");
    await writeFile(path, "MINE=1\n");
    await expect(writeFileAtomic(path, "A=1\n", { expectedOriginal: null })).rejects.toThrow(FileChangedError);
    expect(await readFile(path, "utf8")).toBe("MINE=1\n");
  });

  it("writes through a symbolic link, which stays a link", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "shared"));
    const target = join(dir, "shared", "wrangler.toml");
    const link = join(dir, "wrangler.toml");
    await writeFile(target, "old\n");
    await symlink(target, link);
    await writeFileAtomic(link, "new\n", { expectedOriginal: "old\n" });
    expect(await readFile(target, "utf8")).toBe("new\n");
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect((await readdir(join(dir, "shared"))).sort()).toEqual(["wrangler.toml"]);
  });
});

describe("readTextFile", () => {
  it("keeps a BOM and refuses bytes that are not UTF-8", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "bom.json"), "\uFEFF{}");
    expect(await readTextFile(join(dir, "bom.json"))).toBe("\uFEFF{}");
    await writeFile(join(dir, "latin1.toml"), Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3d, 0x22, 0xe9, 0x22]));
    await expect(readTextFile(join(dir, "latin1.toml"))).rejects.toThrow(/is not UTF-8 text/);
  });
});
