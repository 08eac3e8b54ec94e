import type { Context } from "../context";
import { configsTable } from "../ui/config-view";
import { configEntry, rememberNames } from "./remember";

export async function run(ctx: Context): Promise<void> {
  const api = await ctx.api();
  const spin = await ctx.out.spin("Listing Hyperdrive configs");
  const configs = await api.client.listConfigs(api.accountId).finally(() => spin.stop());
  await ctx.out.table(() => configsTable(configs), configs);
  rememberNames(ctx, api, { all: configs.map(configEntry) });
}
