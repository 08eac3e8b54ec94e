import { DEFAULT_SCHEME } from "../../api/contract";
import { CONFIG_FLAGS, originFlags } from "../../origin/flags";
import { BINDING_FLAGS } from "./binding-flags";
import { defineCommand } from "../spec";

export const applySpec = defineCommand({
  name: "apply",
  description: "make the named config match the flags: create it, PATCH only what differs, or send nothing (for CI)",
  args: [{ name: "<name>", description: "the config's name (created when the account has none by that name)", complete: "configs" }],
  flags: {
    ...originFlags({ defaultScheme: DEFAULT_SCHEME }),
    ...CONFIG_FLAGS,
    ...BINDING_FLAGS,
    keepSecrets: {
      description: "on an existing config, send the password / Access secret only when another origin field differs (a rerun then sends nothing)",
    },
  },
  examples: `
Examples:
  $ printf %s "$DATABASE_URL" | hyperdrive apply pr-42-db --connection-string - --binding HYPERDRIVE --update-config
  $ hyperdrive apply prod-db --max-age 120 --swr 30            # only caching is compared (and PATCHed if it differs)
  $ hyperdrive apply prod-db --origin-connection-limit 20 --dry-run --json
Settings not given are left as they are. A password or Access secret cannot be read back: when given, it is always
sent — unless --keep-secrets is given and nothing else of the origin differs (CI reruns: the stored one is kept).`,
});
