import type { Context } from "../context";
import { ApiError } from "../api/errors";
import { UsageError } from "../errors";
import { buildPatchBody, type UpsertOptions } from "../origin/body";
import { patchSummary } from "../ui/config-view";
import { dryRun } from "./dry-run";
import { resolveConfigId } from "./resolve";
import { hintContext, readSecrets } from "./upsert";

export async function run(ctx: Context, idOrName: string, options: UpsertOptions & { preflight?: boolean }): Promise<void> {
  const o = await readSecrets(ctx, options);
  const { body, warnings } = buildPatchBody(o);
  for (const w of warnings) ctx.out.warn(w);

  const api = await ctx.api();
  const { id, config: before } = await resolveConfigId(api, idOrName);
  const path = `/accounts/${api.accountId}/hyperdrive/configs/${id}`;
  let current = before;
  const asked = body.mtls;
  if (body.mtls) {
    // Send the whole mtls object: the settings not given keep their stored values whether the API merges or replaces.
    current ??= await api.client.getConfig(api.accountId, id);
    const { ca_certificate_id, mtls_certificate_id, sslmode } = current.mtls ?? {};
    const stored = Object.fromEntries(Object.entries({ ca_certificate_id, mtls_certificate_id, sslmode }).filter(([, v]) => v !== undefined));
    body.mtls = { ...stored, ...body.mtls };
  }
  if (body.caching && body.caching.disabled !== true) {
    // Likewise the whole caching object: --swr alone must not reset a custom max-age to its default, nor the reverse.
    current ??= await api.client.getConfig(api.accountId, id);
    const stored = current.caching ?? {};
    if (stored.disabled === true && body.caching.disabled === undefined) {
      throw new UsageError(
        `Caching is disabled on '${current.name}', so ${body.caching.max_age !== undefined ? "--max-age" : "--swr"} would not apply.`,
        "Add --caching-disabled false to enable caching with these settings.",
      );
    }
    const { max_age, stale_while_revalidate } = stored;
    const kept = Object.fromEntries(Object.entries({ max_age, stale_while_revalidate }).filter(([, v]) => v !== undefined));
    body.caching = { ...kept, ...body.caching };
  }
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
