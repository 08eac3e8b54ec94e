// `hyperdrive complete -- <words…>`: what the shell scripts call on each Tab, the words after the program's name with
// the one being completed last ('' for a new word). It reads the command model and, where cached names are offered
// (a <config> or <certificate> argument, a certificate flag) or decide what is (--sslmode after a <config>), the
// name cache (src/session/name-cache.ts): no network, no command handler, no wrangler config. The launcher calls it
// from dist/complete.cjs with the model of dist/completion.json; the CLI with the model of its own specs.
import { resolve } from "node:path";
import { cachedNames, NAME_CACHE_VARIABLE, nameCacheDir, scopeKey } from "../../session/name-cache";
import { complete, formatCompletion, type ParsedWords } from "./candidates";
import type { CompletionModel } from "./model";

export interface AnswerIo {
  env: Record<string, string | undefined>;
  cwd: string;
  home: string | undefined;
  now: number;
}

/** The scope of the command line being typed, as the command would compute it when run (name-cache.ts). */
export function scopeOfWords(parsed: ParsedWords, io: AnswerIo): string {
  const last = (name: string) => parsed.given.get(name)?.at(-1);
  const cwd = resolve(io.cwd, last("--cwd") ?? ".");
  return scopeKey({
    cwd,
    local: last("--local") === "true",
    accountId: last("--account-id"),
    config: last("--config"),
    envName: last("--env"),
    profile: last("--profile"),
    env: io.env,
  });
}

/** The answer's text for `words` (the last one being completed). */
export function answer(model: CompletionModel, words: readonly string[], io: AnswerIo): string {
  const current = words.length > 0 ? words[words.length - 1] : "";
  const result = complete(model, words.slice(0, -1), current, (parsed) =>
    io.env[NAME_CACHE_VARIABLE] === "off" ? { configs: [], certificates: [] } : cachedNames(nameCacheDir(io.env, io.home), scopeOfWords(parsed, io), io.now),
  );
  return formatCompletion(result);
}
