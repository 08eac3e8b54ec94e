import type { Context } from "../context";
import { ApiError } from "../api/errors";
import { dryRun } from "./dry-run";
import { rememberNames } from "./remember";
import { resolveConfigId } from "./resolve";
import type { OptionsFor } from "./spec";
import type { deleteSpec } from "./specs/delete";

const CONFIG_ID = /^[0-9a-f]{32}$/i;

export async function run(ctx: Context, idOrName: string, options: OptionsFor<typeof deleteSpec>): Promise<void> {
  if (!ctx.global.dryRun) ctx.requireConfirmable("Deleting a config");
  // Until the DELETE is sent (a lookup, the y/N question): a Ctrl-C leaves the config as it was.
  await ctx.onInterrupt("Nothing was deleted: the delete request had not been sent.");
  const api = await ctx.api();
  // --missing-ok: a name no config has is "nothing to delete", not an error (several with that name still are).
  if (options.missingOk && !CONFIG_ID.test(idOrName)) {
    const named = (await api.client.listConfigs(api.accountId)).filter((c) => c.name === idOrName);
    if (named.length === 0) return nothingToDelete(ctx, idOrName);
  }
  let { id, config } = await resolveConfigId(api, idOrName);
  // Before asking about a bare id, read the config: the question names it, and a missing one is known before asking.
  if (!config && !ctx.confirmed && !ctx.global.dryRun) {
    try {
      config = await api.client.getConfig(api.accountId, id);
    } catch (error) {
      if (options.missingOk && error instanceof ApiError && error.status === 404) return nothingToDelete(ctx, idOrName);
      throw error;
    }
  }
  const path = `/accounts/${api.accountId}/hyperdrive/configs/${id}`;
  if (ctx.global.dryRun) return dryRun(ctx, api, "DELETE", path);
  const label = config ? `'${config.name}' (${id})` : id;
  await ctx.confirmOrYes(`Delete Hyperdrive config ${label}?`);
  let alreadyDeleted: boolean | undefined;
  // From here until the answer: the DELETE may have reached Cloudflare.
  await ctx.onInterrupt(
    `The delete request for ${label} was sent and no answer had come: the config may have been deleted.`,
    `Check with hyperdrive get ${id}: if it is not found, it was deleted; if it is, run the delete again.`,
  );
  const spin = await ctx.out.spin(`Deleting ${label}`);
  try {
    ({ alreadyDeleted } = await api.client.deleteConfig(api.accountId, id));
  } catch (error) {
    await ctx.onInterrupt(undefined);
    if (options.missingOk && error instanceof ApiError && error.status === 404) {
      rememberNames(ctx, api, { gone: id });
      return nothingToDelete(ctx, idOrName);
    }
    throw error;
  } finally {
    spin.stop();
  }
  await ctx.onInterrupt(undefined);
  const note = alreadyDeleted ? " (the first answer was lost; the retry found it already deleted)" : "";
  ctx.out.result(`✔ Deleted Hyperdrive config ${label}${note}`, { id, deleted: true, ...(alreadyDeleted ? { already_deleted: true } : {}) });
  rememberNames(ctx, api, { gone: id });
}

function nothingToDelete(ctx: Context, idOrName: string): void {
  const isId = CONFIG_ID.test(idOrName);
  ctx.out.result(`• No Hyperdrive config '${idOrName}' in the account: nothing to delete.`, {
    id: isId ? idOrName.toLowerCase() : null,
    name: isId ? null : idOrName,
    deleted: false,
  });
}
