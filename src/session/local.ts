// --local: the same commands against an emulator started in this process on an ephemeral loopback port. State
// lives in .hyperdrive/local-state.json beside the Worker's wrangler config (else in the working directory);
// private and loopback origins are allowed, since the database is usually on this machine.
import { dirname, join } from "node:path";

export const LOCAL_STATE = join(".hyperdrive", "local-state.json");

function localStatePath(cwd: string, configPath: string | undefined): string {
  return join(configPath ? dirname(configPath) : cwd, LOCAL_STATE);
}

/**
 * `config` is the --config flag; `env` the process environment. `takeStateError` hands over (once) the error of a
 * state file that could not be read or saved during the last request, which the caller reports instead of the HTTP
 * 500 the client received: it is this machine's folder that failed, not Cloudflare's API.
 */
export async function startLocalEmulator(where: { cwd: string; config?: string; env: Record<string, string | undefined> }) {
  const { findWranglerConfig } = await import("../wrangler-config/locate");
  const { startEmulator } = await import("../emulator/index");
  const config = findWranglerConfig({ configPath: where.config, cwd: where.cwd }).config;
  let stateError: Error | undefined;
  const emulator = await startEmulator({
    port: 0,
    host: "127.0.0.1",
    statePath: localStatePath(where.cwd, config?.path),
    allowPrivateOrigins: true,
    skipOriginCheck: where.env.HYPERDRIVE_LOCAL_ORIGIN_CHECK === "off",
    onStateError: (error) => {
      stateError = error;
    },
  });
  const takeStateError = (): Error | undefined => {
    const error = stateError;
    stateError = undefined;
    return error;
  };
  return Object.assign(emulator, { statePath: localStatePath(where.cwd, config?.path), takeStateError });
}

/**
 * A warning when git would commit the local state (it holds origin passwords in plain text): the state exists, its
 * folder has no `.gitignore` of its own (hyperdrive writes one when it creates the folder), and git does not ignore
 * it. Said the same way as for `.env`.
 */
export async function unignoredStateWarning(statePath: string, cwd: string): Promise<string | undefined> {
  const { existsSync, readFileSync } = await import("node:fs");
  if (!existsSync(statePath)) return undefined;
  try {
    if (/^\*$/m.test(readFileSync(join(dirname(statePath), ".gitignore"), "utf8"))) return undefined;
  } catch {
    // no .gitignore in the folder: ask git
  }
  const { isGitIgnored } = await import("../wrangler-config/dotenv");
  if ((await isGitIgnored(statePath)) !== "not-ignored") return undefined;
  const { relative } = await import("node:path");
  const folder = relative(cwd, dirname(statePath)) || ".";
  return `git does not ignore ${relative(cwd, statePath)}, which holds origin passwords; add ${folder}/ to .gitignore so they are not committed.`;
}
