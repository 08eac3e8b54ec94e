import type { Context } from "../context";
import type { Api } from "../session/connect";
import { redactSecrets } from "../origin/body";

/** --dry-run: show the request that would be sent, every secret replaced by <redacted>; send nothing. */
export function dryRun(ctx: Context, api: Api, method: string, path: string, body?: unknown): void {
  const url = api.client.url(path);
  const safe = body === undefined ? undefined : redactSecrets(body);
  ctx.out.result(
    `Dry run: nothing was sent.\n${method} ${url}${safe === undefined ? "" : `\n${JSON.stringify(safe, null, 2)}`}`,
    { dry_run: true, method, url, ...(safe === undefined ? {} : { body: safe }) },
  );
}
