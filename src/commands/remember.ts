// What list, get, create, update and delete tell shell completion's cache of config names (src/session/name-cache.ts),
// after their result is printed. Cheap (a few synchronous file calls) and silent: it never fails a command.
import type { Context } from "../context";
import type { Api } from "../session/connect";
import { NAME_CACHE_VARIABLE, nameCacheDir, scopeKey, updateNameCache, type NameCacheChange } from "../session/name-cache";

export function rememberNames(ctx: Context, api: Api, change: NameCacheChange): void {
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
    change,
  );
}

/** Only what the cache holds of a config: its id and name. */
export const idAndName = (c: { id: string; name: string }) => ({ id: c.id, name: c.name });
