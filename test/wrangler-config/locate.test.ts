import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors";
import { findWranglerConfig } from "../../src/wrangler-config/locate";
import { useTempDirs } from "./helpers";

const tempDir = useTempDirs();

describe("findWranglerConfig", () => {
  it("searches upward from cwd: the nearest wrangler.json, up to the root", async () => {
    const root = await tempDir();
    const deep = join(root, "apps", "api", "src");
    await mkdir(deep, { recursive: true });
    await writeFile(join(root, "apps", "api", "wrangler.json"), "{}");
    await writeFile(join(root, "wrangler.json"), "{}");
    expect(findWranglerConfig({ cwd: deep })).toEqual({
      config: { path: join(root, "apps", "api", "wrangler.json"), format: "json" },
      searched: [deep, join(root, "apps", "api")],
    });
  });

  it("as wrangler: wrangler.json upward first, then wrangler.jsonc upward, then wrangler.toml upward", async () => {
    // wrangler 4.164's findWranglerConfig runs three searches; a parent's wrangler.json beats a nearer .jsonc or .toml.
    const root = await tempDir();
    const sub = join(root, "packages", "worker");
    await mkdir(sub, { recursive: true });
    await writeFile(join(sub, "wrangler.toml"), "");
    expect(findWranglerConfig({ cwd: sub }).config).toEqual({ path: join(sub, "wrangler.toml"), format: "toml" });
    await writeFile(join(root, "wrangler.jsonc"), "{}");
    expect(findWranglerConfig({ cwd: sub }).config).toEqual({ path: join(root, "wrangler.jsonc"), format: "jsonc" });
    await writeFile(join(root, "packages", "wrangler.json"), "{}");
    expect(findWranglerConfig({ cwd: sub }).config).toEqual({ path: join(root, "packages", "wrangler.json"), format: "json" });
    // From the root itself the nearest folder holds the .jsonc: no wrangler.json above it, so it wins.
    expect(findWranglerConfig({ cwd: root }).config).toEqual({ path: join(root, "wrangler.jsonc"), format: "jsonc" });
  });

  it("prefers wrangler.json, then wrangler.jsonc, then wrangler.toml in one folder", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "wrangler.toml"), "");
    expect(findWranglerConfig({ cwd: dir }).config).toEqual({ path: join(dir, "wrangler.toml"), format: "toml" });
    await writeFile(join(dir, "wrangler.jsonc"), "{}");
    expect(findWranglerConfig({ cwd: dir }).config).toEqual({ path: join(dir, "wrangler.jsonc"), format: "jsonc" });
    await writeFile(join(dir, "wrangler.json"), "{}");
    expect(findWranglerConfig({ cwd: dir }).config).toEqual({ path: join(dir, "wrangler.json"), format: "json" });
  });

  it("ignores a folder named like a config file", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "wrangler.json"));
    await writeFile(join(dir, "wrangler.toml"), "");
    expect(findWranglerConfig({ cwd: dir }).config?.format).toBe("toml");
  });

  it("returns null and every folder it looked in, up to the root", async () => {
    const dir = await tempDir();
    const { config, searched } = findWranglerConfig({ cwd: dir });
    // The temp folder's ancestors hold no wrangler config on a test machine.
    expect(config).toBeNull();
    expect(searched[0]).toBe(dir);
    expect(searched.at(-1)).toBe("/");
  });

  it("--config wins over the search, relative to cwd", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "conf"));
    await writeFile(join(dir, "wrangler.json"), "{}");
    await writeFile(join(dir, "conf", "worker.toml"), "");
    expect(findWranglerConfig({ cwd: dir, configPath: "conf/worker.toml" })).toEqual({
      config: { path: join(dir, "conf", "worker.toml"), format: "toml" },
      searched: [],
    });
  });

  it("a missing --config file is a usage error naming it", async () => {
    const dir = await tempDir();
    expect(() => findWranglerConfig({ cwd: dir, configPath: "nope/wrangler.jsonc" })).toThrow(
      new UsageError(`--config nope/wrangler.jsonc: no such file (${join(dir, "nope", "wrangler.jsonc")}).`),
    );
  });

  it("--config with another extension is a usage error", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "wrangler.yaml"), "");
    expect(() => findWranglerConfig({ cwd: dir, configPath: "wrangler.yaml" })).toThrow(/expected a \.json, \.jsonc or \.toml file/);
  });
});
