// Which config file a command edits: `--config PATH`, else wrangler's `findWranglerConfig`: `wrangler.json` searched
// from the working directory up to the root, then `wrangler.jsonc` the same way, then `wrangler.toml`. So a parent's
// wrangler.json wins over a wrangler.toml in the working directory, exactly as wrangler decides which file it reads.
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
  /** The folders looked in, nearest first (empty with `--config`); every folder up to the root when none was found. */
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
  const folders: string[] = [];
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    folders.push(dir);
    if (dirname(dir) === dir) break;
  }
  for (const name of CONFIG_FILE_NAMES) {
    const index = folders.findIndex((dir) => isFile(join(dir, name)));
    if (index !== -1) {
      const searched = name === CONFIG_FILE_NAMES[0] ? folders.slice(0, index + 1) : folders;
      return { config: { path: join(folders[index], name), format: formatOf(name)! }, searched };
    }
  }
  return { config: null, searched: folders };
}
