// `hyperdrive emulator`: serve the local Cloudflare API until interrupted.
import type { Context } from "../context";
import { parseInteger } from "../origin/body";
import { EXIT_CANCELLED } from "../errors";
import { untilInterrupted } from "../fs/exit-cleanup";

import type { OptionsFor } from "./spec";
import type { emulatorSpec } from "./specs/emulator";

export type EmulatorFlags = OptionsFor<typeof emulatorSpec>;

export async function run(ctx: Context, flags: EmulatorFlags, waitForStop?: () => Promise<void>): Promise<void> {
  const { startEmulator, parseFaultSpec } = await import("../emulator/index");
  const { resolve } = await import("node:path");
  const emulator = await startEmulator({
    port: parseInteger("--port", flags.port, 0, 65535),
    host: flags.host,
    statePath: flags.state === undefined ? undefined : resolve(ctx.cwd, flags.state),
    stateSharing: "exclusive",
    token: flags.token,
    accountId: ctx.global.accountId,
    allowPrivateOrigins: flags.allowPrivateOrigins,
    skipOriginCheck: flags.skipOriginCheck,
    plan: flags.plan,
    maxConfigs: flags.maxConfigs === undefined ? undefined : parseInteger("--max-configs", flags.maxConfigs, 1),
    faults: flags.fault.map(parseFaultSpec),
    metricsSeed: flags.metricsSeed === undefined ? undefined : parseInteger("--metrics-seed", flags.metricsSeed, 0),
    logger: flags.quiet ? undefined : (line) => ctx.out.note(line),
  });
  ctx.onClose(() => emulator.close());
  const info = { url: emulator.url, account_id: emulator.accountId, token: emulator.token, state: flags.state ?? null };
  ctx.out.result(
    [
      `Cloudflare API emulator listening on ${emulator.url}`,
      "",
      "Point hyperdrive, wrangler or the cloudflare SDK at it:",
      `  export CLOUDFLARE_API_BASE_URL=${emulator.url}`,
      `  export CLOUDFLARE_API_TOKEN=${emulator.token}`,
      `  export CLOUDFLARE_ACCOUNT_ID=${emulator.accountId}`,
      "",
      flags.state ? `State: ${flags.state}` : "State: in memory (use --state FILE to keep it)",
      `Metrics (POST /graphql, hyperdrive metrics): synthetic query events, seed ${flags.metricsSeed ?? 1} (--metrics-seed N for others)`,
      "Press Ctrl-C to stop.",
    ].join("\n"),
    info,
  );
  if (waitForStop) return waitForStop();
  // Ctrl-C stops it as SIGTERM does: close() finishes pending writes and releases the state file; exit 130 for Ctrl-C.
  if ((await untilInterrupted()) === "SIGINT") ctx.exitCode = EXIT_CANCELLED;
}
