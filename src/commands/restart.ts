// `hyperdrive restart <config>`: POST …/configs/{id}/restart. The API drains the pool and builds a new one (open
// connections to the origin are closed) without changing the config; the answer carries `restarted_on`.
import type { Context } from "../context";
import { configView } from "../ui/config-view";
import { dryRun } from "./dry-run";
import { resolveConfigId } from "./resolve";

export async function run(ctx: Context, idOrName: string): Promise<void> {
  if (!ctx.global.dryRun) ctx.requireConfirmable("Restarting a config's connection pool");
  const api = await ctx.api();
  const { id, config } = await resolveConfigId(api, idOrName);
  const path = `/accounts/${api.accountId}/hyperdrive/configs/${id}/restart`;
  if (ctx.global.dryRun) return dryRun(ctx, api, "POST", path);
  const label = config ? `'${config.name}' (${id})` : id;
  await ctx.confirmOrYes(`Restart the connection pool of Hyperdrive config ${label}? Its open connections to the origin are closed.`);
  const restarted = await api.client.restartConfig(api.accountId, id);
  ctx.out.result(`✔ Restarted the connection pool of Hyperdrive config ${label}\n\n${configView(restarted)}`, restarted);
}
