import { defineCommand } from "../spec";

export const deleteSpec = defineCommand({
  name: "delete",
  description: "delete a config (asks first; --yes in scripts)",
  args: [{ name: "<config>", description: "config id or name" }],
  flags: {
    missingOk: { description: "exit 0 when there is no such config (teardown scripts that may run twice)" },
  },
  examples: `
Examples:
  $ hyperdrive delete prod-db            # asks first on a terminal
  $ hyperdrive delete prod-db --yes      # in scripts and CI
  $ hyperdrive delete pr-42-db --yes --missing-ok   # PR teardown: already gone is fine`,
});
