import { describe, expect, it } from "vitest";
import { readWranglerOAuth, resolveCredentials, wranglerAuthFiles } from "../../src/auth/credentials";
import { resolveAccountId } from "../../src/auth/account";
import { UsageError } from "../../src/errors";

const NOW = new Date("2026-11-22T12:00:00Z");
const oauth = (expires: string) => `oauth_token = "oauth-abc"\nexpiration_time = "${expires}"\nrefresh_token = "r"\nscopes = ["account:read"]\n`;
const noFiles = () => {
  throw new Error("ENOENT");
};

describe("resolveCredentials", () => {
  it("prefers CLOUDFLARE_API_TOKEN", () => {
    expect(resolveCredentials({ CLOUDFLARE_API_TOKEN: " tok \n", CLOUDFLARE_API_KEY: "k", CLOUDFLARE_EMAIL: "e" }, "/h", NOW, noFiles)).toEqual({
      kind: "token",
      token: "tok",
      source: "CLOUDFLARE_API_TOKEN",
    });
  });

  it("uses the global key with its email, and names the missing half", () => {
    expect(resolveCredentials({ CLOUDFLARE_API_KEY: "k", CLOUDFLARE_EMAIL: "a@b.c" }, "/h", NOW, noFiles)).toMatchObject({ kind: "key", key: "k", email: "a@b.c" });
    expect(() => resolveCredentials({ CLOUDFLARE_API_KEY: "k" }, "/h", NOW, noFiles)).toThrow(/CLOUDFLARE_API_KEY is set but CLOUDFLARE_EMAIL is not/);
    expect(() => resolveCredentials({ CLOUDFLARE_EMAIL: "e" }, "/h", NOW, noFiles)).toThrow(/CLOUDFLARE_EMAIL is set but CLOUDFLARE_API_KEY is not/);
  });

  it("falls back to an unexpired wrangler login session, first in XDG_CONFIG_HOME", () => {
    const files: Record<string, string> = { "/x/.wrangler/config/default.toml": oauth("2026-11-22T13:00:00.000Z") };
    const read = (p: string) => {
      if (p in files) return files[p];
      throw new Error("ENOENT");
    };
    expect(resolveCredentials({ XDG_CONFIG_HOME: "/x" }, "/h", NOW, read)).toEqual({
      kind: "token",
      token: "oauth-abc",
      source: "wrangler login (/x/.wrangler/config/default.toml)",
    });
    expect(wranglerAuthFiles({}, "/h")).toEqual(["/h/.config/.wrangler/config/default.toml", "/h/.wrangler/config/default.toml"]);
  });

  it("ignores an expired session and says exactly what to set", () => {
    expect(readWranglerOAuth(oauth("2026-11-22T11:59:59Z"), NOW)).toBeUndefined();
    const read = () => oauth("2026-11-22T11:00:00Z");
    let e: unknown;
    try {
      resolveCredentials({}, "/h", NOW, read);
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(UsageError);
    expect((e as UsageError).hint).toMatch(/CLOUDFLARE_API_TOKEN.*Hyperdrive · Edit.*wrangler login.*--local/);
  });

  it("refuses a token that cannot be sent in a header", () => {
    expect(() => resolveCredentials({ CLOUDFLARE_API_TOKEN: "tok€n" }, "/h", NOW, noFiles)).toThrow(/cannot be sent in an HTTP header/);
  });
});

describe("resolveAccountId", () => {
  const list = (n: number) => async () => Array.from({ length: n }, (_, i) => ({ id: String(i).repeat(32).slice(0, 32), name: `acct ${i}` }));

  it("--account-id > CLOUDFLARE_ACCOUNT_ID > the wrangler config > the only account", async () => {
    const config = { id: "c".repeat(32), file: "wrangler.toml" };
    expect(await resolveAccountId({ flag: "a".repeat(32), env: "b".repeat(32), config, listAccounts: list(2) })).toBe("a".repeat(32));
    expect(await resolveAccountId({ env: "b".repeat(32), config, listAccounts: list(2) })).toBe("b".repeat(32));
    expect(await resolveAccountId({ config, listAccounts: list(2) })).toBe("c".repeat(32));
    expect(await resolveAccountId({ listAccounts: list(1) })).toBe("0".repeat(32));
  });

  it("several accounts: chosen on a terminal, otherwise an error listing them", async () => {
    expect(await resolveAccountId({ listAccounts: list(3), choose: async (a) => a[2] })).toBe("2".repeat(32));
    await expect(resolveAccountId({ listAccounts: list(3) })).rejects.toThrow(/can see 3 accounts[\s\S]*1{32}\s+acct 1/);
  });

  it("an account id with invalid characters names its source", async () => {
    await expect(resolveAccountId({ env: "abc def", listAccounts: list(1) })).rejects.toThrow(/Invalid account id 'abc def' from CLOUDFLARE_ACCOUNT_ID/);
  });
});
