import { CONFIG_FLAGS, DETACH_FLAGS, RENAME_FLAG, originFlags } from "../../origin/flags";
import { defineCommand } from "../spec";

export const updateSpec = defineCommand({
  name: "update",
  description: "change only the given settings of a config (PATCH)",
  args: [{ name: "<config>", description: "config id or name" }],
  flags: {
    ...originFlags(),
    ...CONFIG_FLAGS,
    ...DETACH_FLAGS,
    ...RENAME_FLAG,
    preflight: { description: "check the resulting origin from here first; needs the password among the changes" },
    localConnectionString: {
      value: "url",
      secret: true,
      description: "connection string for wrangler dev, saved in .env (.env.<env> with --env) for each binding of this config; - reads it from stdin",
    },
  },
  examples: `
Examples:
  $ printf %s "$NEW_PASSWORD" | hyperdrive update prod-db --origin-password -     # rotate the password
  $ hyperdrive update prod-db --caching-disabled                                   # turn caching off
  $ hyperdrive update prod-db --caching-disabled false --max-age 120 --swr 30      # and on again
  $ hyperdrive update 6b7efc370ea34ded8327fa20698dfe3a --name prod-db-v2
  $ hyperdrive update prod-db --origin-password - --local-connection-string postgres://app:new@localhost:5432/app
  $ hyperdrive update prod-db --no-ca-certificate-id --sslmode require           # detach the CA (then cert delete)`,
});
