// Which account the command works on: --account-id, then wrangler 4.164's order (getActiveAccountId): account_id in
// the wrangler config (the --env section's first) > CLOUDFLARE_ACCOUNT_ID > the only account the credentials can see
// (several: choose on a TTY, otherwise an error listing them).
import { UsageError } from "../errors";
import type { Account } from "../api/schemas";
import { accountIdProblem } from "../api/contract";

export function checkAccountId(id: string, source: string): string {
  const v = id.trim();
  const problem = accountIdProblem(v);
  if (problem !== undefined) {
    const shown = JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v);
    throw new UsageError(`Invalid account id ${shown} from ${source}: ${problem}.`, "Copy it from the dashboard's URL, dash.cloudflare.com/<account id>, or run hyperdrive list without it to use the only account.");
  }
  return v;
}

export interface AccountSources {
  flag?: string;
  env?: string;
  config?: { id: string; file: string };
  listAccounts: () => Promise<Account[]>;
  /** Present only when the user can be asked (a TTY, not CI). */
  choose?: (accounts: Account[]) => Promise<Account>;
}

export async function resolveAccountId(s: AccountSources): Promise<string> {
  if (s.flag) return checkAccountId(s.flag, "--account-id");
  if (s.config) return checkAccountId(s.config.id, `account_id in ${s.config.file}`);
  if (s.env) return checkAccountId(s.env, "CLOUDFLARE_ACCOUNT_ID");
  const accounts = await s.listAccounts();
  if (accounts.length === 1) return accounts[0].id;
  if (accounts.length === 0) {
    throw new UsageError("These credentials can see no account.", "Check that the API token is scoped to an account, or pass --account-id.");
  }
  if (s.choose) return (await s.choose(accounts)).id;
  throw new UsageError(
    `These credentials can see ${accounts.length} accounts; say which one with --account-id or CLOUDFLARE_ACCOUNT_ID:\n` +
      accounts.map((a) => `  ${a.id}  ${a.name}`).join("\n"),
  );
}
