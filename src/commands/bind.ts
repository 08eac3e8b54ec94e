// `hyperdrive bind <id|name>`: bind a config made elsewhere (another machine, the dashboard, CI) into the Worker's
// wrangler config, with the same machinery as create.
import type { Context } from "../context";
import { resolveConfigId } from "./resolve";
import { bindingStep, checkBindingFlags, printBinding, checkLocalFlag, localTarget } from "./binding-step";
import type { OptionsFor } from "./spec";
import type { bindSpec } from "./specs/bind";
import { EXIT_FAILURE } from "../errors";

export async function run(ctx: Context, idOrName: string, options: OptionsFor<typeof bindSpec>): Promise<void> {
  await checkBindingFlags(ctx, options, "bind");
  const file = await configFileName(ctx);
  // Until the write: a Ctrl-C (at a question, during the lookup) leaves every file as it was.
  await ctx.onInterrupt(file ? `Nothing was written: ${file} was not changed.` : "Nothing was written.");
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
  const outcome = await bindingStep(ctx, target, { ...options, localConnectionString }, true, { explain: true });
  await ctx.onInterrupt(undefined);
  printBinding(ctx, [outcome], outcome);
  if (outcome.status === "failed" || outcome.localConnectionString?.status === "failed") ctx.exitCode = EXIT_FAILURE;
}

/** The Worker's config, as a name relative to --cwd (undefined when there is none: --no-update-config). */
async function configFileName(ctx: Context): Promise<string | undefined> {
  const [{ findWranglerConfig }, { relative }] = await Promise.all([import("../wrangler-config/locate"), import("node:path")]);
  const { config } = findWranglerConfig({ configPath: ctx.global.config, cwd: ctx.cwd });
  return config ? relative(ctx.cwd, config.path) || config.path : undefined;
}
