import type { Context } from "../context";
import { dryRun } from "./dry-run";
import { resolveConfigId } from "./resolve";

export async function run(ctx: Context, idOrName: string): Promise<void> {
  if (!ctx.global.dryRun) ctx.requireConfirmable("Deleting a config");
  const api = await ctx.api();
  const { id, config } = await resolveConfigId(api, idOrName);
  const path = `/accounts/${api.accountId}/hyperdrive/configs/${id}`;
  if (ctx.global.dryRun) return dryRun(ctx, api, "DELETE", path);
  const label = config ? `'${config.name}' (${id})` : id;
  await ctx.confirmOrYes(`Delete Hyperdrive config ${label}?`);
  const { alreadyDeleted } = await api.client.deleteConfig(api.accountId, id);
  const note = alreadyDeleted ? " (the first answer was lost; the retry found it already deleted)" : "";
  ctx.out.result(`✔ Deleted Hyperdrive config ${label}${note}`, { id, deleted: true, ...(alreadyDeleted ? { already_deleted: true } : {}) });
}
