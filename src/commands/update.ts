import type { Context } from "../context";
import { ApiError } from "../api/errors";
import { UsageError } from "../errors";
import { buildPatchBody } from "../origin/body";
import { patchSummary } from "../ui/config-view";
import { dryRun } from "./dry-run";
import { resolveConfigId } from "./resolve";
import { hintContext, readSecrets } from "./upsert";
import type { OptionsFor } from "./spec";
import type { updateSpec } from "./specs/update";

export async function run(ctx: Context, idOrName: string, options: OptionsFor<typeof updateSpec>): Promise<void> {
  const o = await readSecrets(ctx, options);
  const { body, warnings } = buildPatchBody(o);
  for (const w of warnings) ctx.out.warn(w);

  const api = await ctx.api();
  const { id, config: before } = await resolveConfigId(api, idOrName);
  const path = `/accounts/${api.accountId}/hyperdrive/configs/${id}`;
  let current = before;
  const asked = body.mtls;
  // mtls and caching are sent whole, the settings not given with their stored values, so that they keep them whether the
  // API merges these objects or replaces them (--swr alone must not reset a custom max-age, nor the reverse).
  if (body.mtls) {
    current ??= await api.client.getConfig(api.accountId, id);
    // (A stored sslmode is a string the API accepted before.)
    body.mtls = { ...(stored(current.mtls, ["ca_certificate_id", "mtls_certificate_id", "sslmode"]) as typeof body.mtls), ...body.mtls };
  }
  if (body.caching && body.caching.disabled !== true) {
    current ??= await api.client.getConfig(api.accountId, id);
    if (current.caching?.disabled === true && body.caching.disabled === undefined) {
      throw new UsageError(
        `Caching is disabled on '${current.name}', so ${body.caching.max_age !== undefined ? "--max-age" : "--swr"} would not apply.`,
        "Add --caching-disabled false to enable caching with these settings.",
      );
    }
    body.caching = { ...stored(current.caching, ["max_age", "stale_while_revalidate"]), ...body.caching };
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

/** The `keys` of a stored object that have a value. */
function stored<T extends object, K extends keyof T>(object: T | null | undefined, keys: K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((key) => object?.[key] !== undefined).map((key) => [key, object![key]])) as Partial<Pick<T, K>>;
}
