// `hyperdrive bind <id|name>`: bind a config made elsewhere (another machine, the dashboard, CI) into the Worker's
// wrangler config, with the same machinery as create.
import type { Context } from "../context";
import { resolveConfigId } from "./resolve";
import { bindingStep, checkBindingFlags, printBinding, checkLocalFlag, localTarget } from "./binding-step";
import type { OptionsFor } from "./spec";
import type { bindSpec } from "./specs/bind";
import { EXIT_FAILURE, UsageError } from "../errors";

export async function run(ctx: Context, idOrName: string, options: OptionsFor<typeof bindSpec>): Promise<void> {
  await checkBindingFlags(ctx, options);
  if (options.updateConfig !== false) await requireConfigFile(ctx);
  const localConnectionString = await ctx.secretFrom(options.localConnectionString, "--local-connection-string");
  const api = await ctx.api();
  const { id, config } = await resolveConfigId(api, idOrName);
  const target = config ?? (await api.client.getConfig(api.accountId, id));
  await checkLocalFlag(ctx, localConnectionString, localTarget(target));
  if (ctx.global.dryRun) {
    // Plan only: nothing is written, not even the .env line.
    const plan = await bindingStep(ctx, target, { ...options, updateConfig: false, localConnectionString: undefined });
    const where = plan.path ?? "your Worker's wrangler config";
    ctx.out.result(`Dry run: nothing was written. The binding ${plan.binding} → ${plan.id} for ${where}:\n\n${plan.snippet.trimEnd()}`, { dry_run: true, ...plan });
    return;
  }
  const outcome = await bindingStep(ctx, target, { ...options, localConnectionString }, true);
  printBinding(ctx, [outcome], outcome);
  if (outcome.status === "failed" || outcome.localConnectionString?.status === "failed") ctx.exitCode = EXIT_FAILURE;
}

/** bind writes into the Worker's config: with none to write to, exit 2 before any request, saying where it looked. */
async function requireConfigFile(ctx: Context): Promise<void> {
  const { findWranglerConfig } = await import("../wrangler-config/locate");
  const { config } = findWranglerConfig({ configPath: ctx.global.config, cwd: ctx.cwd });
  if (config) return;
  throw new UsageError(
    `No wrangler.json, wrangler.jsonc or wrangler.toml in ${ctx.cwd} or the folders above it: bind writes the binding into the Worker's config.`,
    "Run it from the Worker's folder (or give --cwd DIR), or name the file with --config PATH; --no-update-config prints the snippet instead.",
  );
}
