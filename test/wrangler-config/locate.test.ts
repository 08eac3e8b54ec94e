import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors";
import { findWranglerConfig } from "../../src/wrangler-config";
import { useTempDirs } from "./helpers";

const tempDir = useTempDirs();

describe("findWranglerConfig", () => {
  it("searches upward from cwd and takes the nearest folder's file", async () => {
    const root = await tempDir();
    const deep = join(root, "apps", "api", "src");
    await mkdir(deep, { recursive: true });
    await writeFile(join(root, "wrangler.toml"), "");
    await writeFile(join(root, "apps", "api", "wrangler.jsonc"), "{}");
    expect(findWranglerConfig({ cwd: deep })).toEqual({
      config: { path: join(root, "apps", "api", "wrangler.jsonc"), format: "jsonc" },
      searched: [deep, join(root, "apps", "api")],
    });
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
