// Which config file a command edits: `--config PATH`, else the nearest wrangler.json, wrangler.jsonc or wrangler.toml
// from the working directory upward (wrangler's order).
import { statSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import { UsageError } from "../errors";

/** How a wrangler config is written, from its file name. */
export type ConfigFormat = "json" | "jsonc" | "toml";

const CONFIG_FILE_NAMES = ["wrangler.json", "wrangler.jsonc", "wrangler.toml"] as const;

export interface WranglerConfigFile {
  path: string;
  format: ConfigFormat;
}

export interface ConfigSearch {
  config: WranglerConfigFile | null;
  /** The folders looked in, nearest first (empty with `--config`). */
  searched: string[];
}

function formatOf(path: string): ConfigFormat | undefined {
  const ext = extname(path).toLowerCase();
  return ext === ".json" ? "json" : ext === ".jsonc" ? "jsonc" : ext === ".toml" ? "toml" : undefined;
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** Throws UsageError when `--config` names a file that does not exist or is not JSON, JSONC or TOML. */
export function findWranglerConfig({ configPath, cwd }: { configPath?: string; cwd: string }): ConfigSearch {
  if (configPath !== undefined) {
    const path = resolve(cwd, configPath);
    const format = formatOf(path);
    if (!format) throw new UsageError(`--config ${configPath}: expected a .json, .jsonc or .toml file.`);
    if (!isFile(path)) throw new UsageError(`--config ${configPath}: no such file (${path}).`);
    return { config: { path, format }, searched: [] };
  }
  const searched: string[] = [];
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    searched.push(dir);
    const name = CONFIG_FILE_NAMES.find((candidate) => isFile(join(dir, candidate)));
    if (name) return { config: { path: join(dir, name), format: formatOf(name)! }, searched };
    if (dirname(dir) === dir) return { config: null, searched };
  }
}
