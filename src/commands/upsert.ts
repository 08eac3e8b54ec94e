// Shared by create, update and doctor: secrets off the command line, a missing password asked for, and the origin
// details a hint may name.
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

/**
 * create and doctor: without a connection string or --origin-password, but with the user, a terminal asks for the
 * password (masked). Elsewhere (no terminal, CI) the options stay as they are and the body says the flag is missing.
 */
export async function askMissingPassword(ctx: Context, o: UpsertOptions): Promise<UpsertOptions> {
  if (o.connectionString !== undefined || o.originPassword !== undefined || !o.originUser || !ctx.prompter) return o;
  return { ...o, originPassword: await ctx.prompter.secret(`Password for ${o.originUser}: `) };
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
