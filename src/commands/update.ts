import type { Context } from "../context";
import { ApiError } from "../api/errors";
import { buildPatchBody, completePatch, patchNeedsStored } from "../origin/body";
import { patchSummary } from "../ui/config-view";
import { dryRun } from "./dry-run";
import { resolveConfigId } from "./resolve";
import { hintContext, readSecrets } from "./upsert";
import type { OptionsFor } from "./spec";
import type { updateSpec } from "./specs/update";

export async function run(ctx: Context, idOrName: string, options: OptionsFor<typeof updateSpec>): Promise<void> {
  const o = await readSecrets(ctx, options);
  const { body: patch, warnings } = buildPatchBody(o);
  for (const w of warnings) ctx.out.warn(w);

  const api = await ctx.api();
  const { id, config: before } = await resolveConfigId(api, idOrName);
  const path = `/accounts/${api.accountId}/hyperdrive/configs/${id}`;
  let current = before;
  const asked = patch.mtls;
  if (patchNeedsStored(patch)) current ??= await api.client.getConfig(api.accountId, id);
  const body = current ? completePatch(patch, current) : patch;
  if (body.mtls) await (await import("../certs/refs")).checkCertificateRefs(api, body.mtls);
  if (options.preflight) {
    // The stored origin completes what the update changes; the password must be among the changes (it is never returned).
    current ??= await api.client.getConfig(api.accountId, id);
    const sslmode = body.mtls?.sslmode ?? current.mtls?.sslmode;
    await (await import("./doctor")).preflight(ctx, { ...current.origin, ...body.origin }, sslmode);
  }
  if (ctx.global.dryRun) return dryRun(ctx, api, "PATCH", path, body);

  const spin = await ctx.out.spin(`Updating '${before?.name ?? id}'`);
  let config;
  try {
    config = await api.client.patchConfig(api.accountId, id, body);
  } catch (err) {
    if (err instanceof ApiError) err.context = hintContext(body, current?.name ?? idOrName, current);
    throw err;
  } finally {
    spin.stop();
  }
  const changes = patchSummary({ ...body, mtls: asked }, config).map((l) => `  ${l}`).join("\n");
  ctx.out.result(`✔ Updated Hyperdrive config '${config.name}' (${config.id})\n${changes}`, config);
}

