// What list, get, create, update and delete (configs) and cert list, get, upload and delete (certificates) tell shell
// completion's name cache (src/session/name-cache.ts), after their result is printed. Cheap (a few synchronous file
// calls) and silent: it never fails a command.
import { isScheme } from "../api/contract";
import type { Certificate, HyperdriveConfig } from "../api/schemas";
import type { Context } from "../context";
import type { Api } from "../session/connect";
import { NAME_CACHE_VARIABLE, nameCacheDir, scopeKey, updateNameCache, type NameCacheChange, type NameCacheEntry, type NameCacheKind } from "../session/name-cache";

function remember<K extends NameCacheKind>(ctx: Context, api: Api, kind: K, change: NameCacheChange<K>): void {
  const env = ctx.io.env;
  if (env[NAME_CACHE_VARIABLE] === "off" || ctx.global.dryRun) return;
  const g = ctx.global;
  updateNameCache(
    {
      dir: nameCacheDir(env, ctx.io.home),
      scope: scopeKey({ cwd: ctx.cwd, local: g.local, accountId: g.accountId, config: g.config, envName: g.env, profile: g.profile, env }),
      account: api.accountId,
      where: api.where ?? "",
      now: (ctx.io.now?.() ?? new Date()).getTime(),
    },
    kind,
    change,
  );
}

export const rememberNames = (ctx: Context, api: Api, change: NameCacheChange<"configs">): void => remember(ctx, api, "configs", change);
export const rememberCertificates = (ctx: Context, api: Api, change: NameCacheChange<"certificates">): void => remember(ctx, api, "certificates", change);

/** Only what the cache holds of a config: its id, name and scheme. */
export const configEntry = (c: Pick<HyperdriveConfig, "id" | "name" | "origin">): NameCacheEntry<"configs"> => {
  const scheme = c.origin?.scheme;
  return { id: c.id, name: c.name, ...(scheme !== undefined && isScheme(scheme) ? { scheme } : {}) };
};

/** Only what the cache holds of a certificate: its id, name and kind (never the PEM). */
export const certificateEntry = (c: Pick<Certificate, "id" | "name" | "ca">): NameCacheEntry<"certificates"> => ({
  id: c.id,
  ...(c.name ? { name: c.name } : {}),
  ca: c.ca,
});
