import type { Context } from "../context";
import { configView } from "../ui/config-view";
import { configEntry, rememberNames } from "./remember";
import { resolveConfigId } from "./resolve";

export async function run(ctx: Context, idOrName: string): Promise<void> {
  const api = await ctx.api();
  const { id, config, listed } = await resolveConfigId(api, idOrName);
  const result = config ?? (await api.client.getConfig(api.accountId, id));
  ctx.out.result(configView(result), result);
  rememberNames(ctx, api, listed ? { all: listed.map(configEntry) } : { seen: [configEntry(result)] });
}
