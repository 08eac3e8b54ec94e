import { DEFAULT_SCHEME } from "../../api/contract";
import { CONFIG_FLAGS, originFlags } from "../../origin/flags";
import { BINDING_FLAGS } from "./binding-flags";
import { defineCommand } from "../spec";

export const createSpec = defineCommand({
  name: "create",
  description: "create a Hyperdrive config and test the connection to its origin",
  args: [{ name: "<name>", description: "a name for the new config" }],
  flags: {
    ...originFlags({ defaultScheme: DEFAULT_SCHEME }),
    ...CONFIG_FLAGS,
    ...BINDING_FLAGS,
    preflight: { description: "check the origin from here first (hyperdrive doctor) and stop before calling the API if Hyperdrive would refuse it" },
  },
  examples: `
Examples:
  $ printf %s "$DATABASE_URL" | hyperdrive create prod-db --connection-string -
  $ hyperdrive create prod-db --origin-host db.example.com --origin-port 5432 --database app --origin-user app --origin-password -
  $ hyperdrive create mysql-db --connection-string - --max-age 120 --swr 30 --json
  $ hyperdrive create tunnel-db --origin-host db.internal.example.com --database app --origin-user app \\
      --origin-password - --access-client-id abc.access --access-client-secret -   (one secret per stdin: use the prompt for the other)
  $ hyperdrive --local create demo --connection-string postgres://app:secret@127.0.0.1:5432/app`,
});
