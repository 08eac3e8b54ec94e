import { BINDING_FLAGS } from "./binding-flags";
import { defineCommand } from "../spec";

export const bindSpec = defineCommand({
  name: "bind",
  description: "add a binding for an existing config to the Worker's wrangler config",
  args: [{ name: "<config>", description: "config id or name" }],
  flags: BINDING_FLAGS,
  examples: `
Examples:
  $ hyperdrive bind prod-db                                # adds HYPERDRIVE → <id> to the nearest wrangler config
  $ hyperdrive bind prod-db --binding DB --env staging
  $ hyperdrive bind prod-db --binding HYPERDRIVE            # repoints an existing HYPERDRIVE binding (credential rotation)`,
});
