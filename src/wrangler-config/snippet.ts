// How a Hyperdrive binding is written in each format: the snippet printed for the user, and the TOML block we insert.
// No parser here: `create` prints a snippet without loading jsonc-parser or toml when there is no config file.
import type { ConfigFormat } from "./locate";

export interface SnippetBinding {
  binding: string;
  id: string;
  env?: string;
  /** `"remote": true`: `wrangler dev` connects to the deployed config instead of a local database. */
  remote?: boolean;
}

/** Where the Hyperdrive bindings of a config live: `hyperdrive`, or `env.<env>.hyperdrive`. */
export function sectionPath(env?: string): string[] {
  return env === undefined ? ["hyperdrive"] : ["env", env, "hyperdrive"];
}

/** A TOML key: bare when it can be, else a basic string (JSON's escapes are valid TOML escapes). */
function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}

/** `[[hyperdrive]]` (or `[[env.<env>.hyperdrive]]`) with binding and id, lines joined by `eol`, no final line break. */
export function tomlBlock({ binding, id, env, remote }: SnippetBinding, eol = "\n"): string {
  const header = `[[${sectionPath(env).map(tomlKey).join(".")}]]`;
  return [header, `binding = ${JSON.stringify(binding)}`, `id = ${JSON.stringify(id)}`, ...(remote ? ["remote = true"] : [])].join(eol);
}

/**
 * What to add to the config by hand: a TOML block for wrangler.toml, else a JSON object (also when there is no
 * config file). Never carries a connection string.
 */
export function formatSnippet(format: ConfigFormat, binding: SnippetBinding): string {
  if (format === "toml") return tomlBlock(binding);
  const entry = { binding: binding.binding, id: binding.id, ...(binding.remote ? { remote: true } : {}) };
  const snippet = binding.env === undefined ? { hyperdrive: [entry] } : { env: { [binding.env]: { hyperdrive: [entry] } } };
  return JSON.stringify(snippet, null, 2);
}
