import type { Context } from "../context";
import { ApiError } from "../api/errors";
import { buildPatchBody, type UpsertOptions } from "../origin/body";
import { patchSummary } from "../ui/config-view";
import { dryRun } from "./dry-run";
import { resolveConfigId } from "./resolve";
import { hintContext, readSecrets } from "./upsert";

export async function run(ctx: Context, idOrName: string, options: UpsertOptions): Promise<void> {
  const o = await readSecrets(ctx, options);
  const { body, warnings } = buildPatchBody(o);
  for (const w of warnings) ctx.out.warn(w);

  const api = await ctx.api();
  const { id, config: before } = await resolveConfigId(api, idOrName);
  const path = `/accounts/${api.accountId}/hyperdrive/configs/${id}`;
  if (ctx.global.dryRun) return dryRun(ctx, api, "PATCH", path, body);

  const spin = await ctx.out.spin(`Updating '${before?.name ?? id}'`);
  let config;
  try {
    config = await api.client.patchConfig(api.accountId, id, body);
  } catch (err) {
    if (err instanceof ApiError) err.context = hintContext(body, before?.name ?? idOrName, before);
    throw err;
  } finally {
    spin.stop();
  }
  const changes = patchSummary(body, config).map((l) => `  ${l}`).join("\n");
  ctx.out.result(`✔ Updated Hyperdrive config '${config.name}' (${config.id})\n${changes}`, config);
}
