// Shared by create and update: secrets off the command line, and the origin details a hint may name.
import type { Context } from "../context";
import type { HintContext } from "../api/contract";
import type { ConfigCreate, ConfigPatch, HyperdriveConfig } from "../api/schemas";
import type { UpsertOptions } from "../origin/body";

/** Replace `-` values of the secret-bearing flags by what stdin holds (or a masked prompt on a terminal). */
export async function readSecrets(ctx: Context, o: UpsertOptions): Promise<UpsertOptions> {
  return {
    ...o,
    connectionString: await ctx.secretFrom(o.connectionString, "--connection-string"),
    originPassword: await ctx.secretFrom(o.originPassword, "--origin-password"),
    accessClientSecret: await ctx.secretFrom(o.accessClientSecret, "--access-client-secret"),
  };
}

/** What an error hint may name: the origin as sent, completed by the stored config when the command has it. */
export function hintContext(body: ConfigCreate | ConfigPatch, name?: string, current?: HyperdriveConfig): HintContext {
  const o = { ...(current?.origin ?? {}), ...(body.origin ?? {}) } as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  return {
    name: body.name ?? name,
    host: str(o.host),
    port: typeof o.port === "number" ? o.port : undefined,
    database: str(o.database),
    user: str(o.user),
    write: true,
  };
}
