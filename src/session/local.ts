// --local: the same commands against an emulator started in this process on an ephemeral loopback port. State
// lives in .hyperdrive/local-state.json beside the Worker's wrangler config (else in the working directory);
// private and loopback origins are allowed, since the database is usually on this machine.
import { dirname, join } from "node:path";

export const LOCAL_STATE = join(".hyperdrive", "local-state.json");

function localStatePath(cwd: string, configPath: string | undefined): string {
  return join(configPath ? dirname(configPath) : cwd, LOCAL_STATE);
}

/** `config` is the --config flag; `env` the process environment. */
export async function startLocalEmulator(where: { cwd: string; config?: string; env: Record<string, string | undefined> }) {
  const { findWranglerConfig } = await import("../wrangler-config/locate");
  const { startEmulator } = await import("../emulator/index");
  const config = findWranglerConfig({ configPath: where.config, cwd: where.cwd }).config;
  const emulator = await startEmulator({
    port: 0,
    host: "127.0.0.1",
    statePath: localStatePath(where.cwd, config?.path),
    allowPrivateOrigins: true,
    skipOriginCheck: where.env.HYPERDRIVE_LOCAL_ORIGIN_CHECK === "off",
  });
  return emulator;
}
