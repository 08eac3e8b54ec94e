// `get`, `update`, `delete` and `bind` take a config id or its name.
import type { Api } from "../session/connect";
import type { HyperdriveConfig } from "../api/schemas";
import { findByName } from "../find-by-name";

const CONFIG_ID = /^[0-9a-f]{32}$/i;

/**
 * The id for an id, or the one config with that name (listed, unless the caller has the list; `listed` is then the
 * list); none or several → an error listing candidates.
 */
export async function resolveConfigId(
  { client, accountId }: Api,
  idOrName: string,
  listed?: HyperdriveConfig[],
): Promise<{ id: string; config?: HyperdriveConfig; listed?: HyperdriveConfig[] }> {
  if (CONFIG_ID.test(idOrName)) return { id: idOrName.toLowerCase() };
  const configs = listed ?? (await client.listConfigs(accountId));
  const config = await findByName(idOrName, configs, {
    nameOf: (c) => c.name,
    line: (c) => `  ${c.id}  ${c.name}`,
    plural: "configs",
    notFound: `No Hyperdrive config named '${idOrName}' in account ${accountId}.`,
    none: "The account has no configs yet.",
    heading: "Configs in the account",
  });
  return { id: config.id, config, ...(listed === undefined ? { listed: configs } : {}) };
}
