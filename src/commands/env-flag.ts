// `--env NAME` is checked against the Worker's wrangler config before any command runs: a name the file does not
// define is exit 2 listing the environments it has (a typo would otherwise write an env.<typo> section no deploy reads,
// or read another section's account_id), as wrangler refuses it. Commands with --create-env may add a new section.
import type { Context } from "../context";

/**
 * Exit 2 unless the file defines `--env` (or the command may add a section and --create-env was given). Without a
 * wrangler config there is nothing to check; a file that cannot be read or parsed is left to the step that reads it.
 */
export async function checkEnvFlag(ctx: Context, o: { canCreate: boolean; createEnv?: boolean }): Promise<void> {
  const env = ctx.global.env;
  if (env === undefined) return;
  const [{ findWranglerConfig }, { readFileSync }, { relative }] = await Promise.all([import("../wrangler-config/locate"), import("node:fs"), import("node:path")]);
  const found = findWranglerConfig({ configPath: ctx.global.config, cwd: ctx.cwd }).config;
  if (!found) return;
  let text: string;
  try {
    text = readFileSync(found.path, "utf8");
  } catch {
    return;
  }
  const { parseConfig, checkEnvSection } = await import("../wrangler-config/document");
  const parsed = parseConfig(text, found.format);
  if (parsed.ok) checkEnvSection(parsed.doc, env, relative(ctx.cwd, found.path) || found.path, o);
}
