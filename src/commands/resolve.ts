// `get`, `update`, `delete` and `bind` take a config id or its name.
import type { Api } from "../session/connect";
import type { HyperdriveConfig } from "../api/schemas";
import { UsageError } from "../errors";

export const CONFIG_ID = /^[0-9a-f]{32}$/i;

/** The id for an id, or the one config with that name (listed); none or several → an error listing candidates. */
export async function resolveConfigId({ client, accountId }: Api, idOrName: string): Promise<{ id: string; config?: HyperdriveConfig }> {
  if (CONFIG_ID.test(idOrName)) return { id: idOrName.toLowerCase() };
  const configs = await client.listConfigs(accountId);
  const matches = configs.filter((c) => c.name === idOrName);
  if (matches.length === 1) return { id: matches[0].id, config: matches[0] };
  if (matches.length > 1) {
    throw new UsageError(
      `${matches.length} configs are named '${idOrName}'; give the id instead:\n${matches.map((c) => `  ${c.id}  ${c.name}`).join("\n")}`,
    );
  }
  const lower = idOrName.toLowerCase();
  const near = configs.filter((c) => c.name.toLowerCase().includes(lower) || lower.includes(c.name.toLowerCase())).slice(0, 5);
  const listed = (near.length ? near : configs.slice(0, 10)).map((c) => `  ${c.id}  ${c.name}`).join("\n");
  throw new UsageError(
    `No Hyperdrive config named '${idOrName}' in account ${accountId}.`,
    configs.length === 0 ? "The account has no configs yet." : `${near.length ? "Did you mean" : "Configs in the account"}:\n${listed}`,
  );
}
