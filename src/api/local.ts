// --local: the same commands against an emulator started in this process on an ephemeral loopback port. State
// lives in .hyperdrive/local-state.json beside the Worker's wrangler config (else in the working directory);
// private and loopback origins are allowed, since the database is usually on this machine.
import { dirname, join } from "node:path";
import type { Context } from "../context";

export const LOCAL_STATE = join(".hyperdrive", "local-state.json");

export function localStatePath(ctx: Context, configPath: string | undefined): string {
  return join(configPath ? dirname(configPath) : ctx.cwd, LOCAL_STATE);
}

export async function startLocalEmulator(ctx: Context) {
  const { findWranglerConfig } = await import("../wrangler-config/locate");
  const { startEmulator } = await import("../emulator/index");
  const config = findWranglerConfig({ configPath: ctx.global.config, cwd: ctx.cwd }).config;
  const emulator = await startEmulator({
    port: 0,
    host: "127.0.0.1",
    statePath: localStatePath(ctx, config?.path),
    allowPrivateOrigins: true,
    skipOriginCheck: ctx.io.env.HYPERDRIVE_LOCAL_ORIGIN_CHECK === "off",
  });
  return emulator;
}
