import { describe, expect, it } from "vitest";
import { readWranglerOAuth, resolveCredentials, wranglerConfigDir, type AuthFiles, type CredentialRequest } from "../../src/auth/credentials";
import { resolveAccountId } from "../../src/auth/account";
import { UsageError } from "../../src/errors";

const NOW = new Date("2026-11-22T12:00:00Z");
const oauth = (expires: string) => `oauth_token = "oauth-abc"\nexpiration_time = "${expires}"\nrefresh_token = "r"\nscopes = ["account:read"]\n`;

/** A fake file system: paths to texts, plus the directories that exist. */
const fs = (texts: Record<string, string>, dirs: string[] = []): AuthFiles => ({
  readFile: (path) => texts[path],
  isDirectory: (path) => dirs.includes(path),
});
const none = fs({});
const creds = (env: Record<string, string>, files: AuthFiles = none, extra: Partial<CredentialRequest> = {}) =>
  resolveCredentials({ env, home: "/h", now: NOW, lookupDir: "/work/app", files, ...extra });

describe("resolveCredentials", () => {
  it("as wrangler: the global key with its email wins over CLOUDFLARE_API_TOKEN, with a warning", () => {
    const warnings: string[] = [];
    expect(creds({ CLOUDFLARE_API_TOKEN: "tok", CLOUDFLARE_API_KEY: " k \n", CLOUDFLARE_EMAIL: "a@b.c" }, none, { warn: (m) => warnings.push(m) })).toEqual({
      kind: "key",
      key: "k",
      email: "a@b.c",
      source: "CLOUDFLARE_API_KEY",
    });
    expect(warnings).toEqual([expect.stringMatching(/all set: using the global API key, as wrangler does/)]);
  });

  it("a key without its email falls through to the token, as wrangler does, and says so", () => {
    const warnings: string[] = [];
    expect(creds({ CLOUDFLARE_API_TOKEN: " tok \n", CLOUDFLARE_API_KEY: "k" }, none, { warn: (m) => warnings.push(m) })).toEqual({
      kind: "token",
      token: "tok",
      source: "CLOUDFLARE_API_TOKEN",
    });
    expect(warnings).toEqual(["CLOUDFLARE_API_KEY is set but CLOUDFLARE_EMAIL is not: using CLOUDFLARE_API_TOKEN, as wrangler does."]);
  });

  it("names the missing half when nothing else authenticates", () => {
    expect(creds({ CLOUDFLARE_API_KEY: "k", CLOUDFLARE_EMAIL: "a@b.c" })).toMatchObject({ kind: "key", key: "k", email: "a@b.c" });
    expect(() => creds({ CLOUDFLARE_API_KEY: "k" })).toThrow(/CLOUDFLARE_API_KEY is set but CLOUDFLARE_EMAIL is not/);
    expect(() => creds({ CLOUDFLARE_EMAIL: "e" })).toThrow(/CLOUDFLARE_EMAIL is set but CLOUDFLARE_API_KEY is not/);
  });

  it("falls back to an unexpired wrangler login session in $XDG_CONFIG_HOME/.wrangler, or ~/.wrangler when that folder exists", () => {
    const session = oauth("2026-11-22T13:00:00.000Z");
    expect(creds({ XDG_CONFIG_HOME: "/x" }, fs({ "/x/.wrangler/config/default.toml": session }))).toEqual({
      kind: "token",
      token: "oauth-abc",
      source: "wrangler login session (/x/.wrangler/config/default.toml)",
    });
    // wrangler's getGlobalConfigPath: the legacy folder wins whenever it is a directory.
    const both = fs({ "/x/.wrangler/config/default.toml": session, "/h/.wrangler/config/default.toml": oauth("2026-11-22T11:00:00Z") }, ["/h/.wrangler"]);
    expect(() => creds({ XDG_CONFIG_HOME: "/x" }, both)).toThrow(/in \/h\/.wrangler\/config\/default.toml expired on /);
    expect(wranglerConfigDir({}, "/h", none, "linux")).toBe("/h/.config/.wrangler");
    expect(wranglerConfigDir({}, "/h", none, "darwin")).toBe("/h/Library/Preferences/.wrangler");
  });

  it("WRANGLER_API_ENVIRONMENT=staging reads the default profile from staging.toml; named profiles keep their name", () => {
    const files = fs({ "/h/.config/.wrangler/config/staging.toml": oauth("2026-11-22T13:00:00Z"), "/h/.config/.wrangler/config/work.toml": oauth("2026-11-22T13:00:00Z").replace("oauth-abc", "oauth-work") });
    expect(creds({ WRANGLER_API_ENVIRONMENT: "staging" }, files)).toMatchObject({ token: "oauth-abc", source: expect.stringContaining("staging.toml") });
    expect(() => creds({}, files)).toThrow(/No Cloudflare credentials found/);
    expect(creds({ WRANGLER_API_ENVIRONMENT: "staging" }, files, { profile: "work" })).toMatchObject({ token: "oauth-work" });
  });

  it("profiles: --profile, then CLOUDFLARE_AUTH_PROFILE, then the longest directory binding, then default", () => {
    const dir = "/h/.config/.wrangler";
    const files = fs({
      [`${dir}/config/default.toml`]: oauth("2026-11-22T13:00:00Z").replace("oauth-abc", "oauth-default"),
      [`${dir}/config/work.toml`]: oauth("2026-11-22T13:00:00Z").replace("oauth-abc", "oauth-work"),
      [`${dir}/config/client-a.toml`]: oauth("2026-11-22T13:00:00Z").replace("oauth-abc", "oauth-client-a"),
      [`${dir}/profiles/directory-bindings.json`]: JSON.stringify({ "/work": "work", "/work/clients/a": "client-a", "/work/clients/ab": "default" }),
    });
    expect(creds({}, files, { lookupDir: "/elsewhere" })).toMatchObject({ token: "oauth-default" });
    expect(creds({}, files, { lookupDir: "/work/app" })).toMatchObject({ token: "oauth-work", source: "wrangler session of profile work (from the directory binding of /work) (/h/.config/.wrangler/config/work.toml)" });
    expect(creds({}, files, { lookupDir: "/work/clients/a/src" })).toMatchObject({ token: "oauth-client-a" });
    expect(creds({}, files, { lookupDir: "/work/clients/abc" })).toMatchObject({ token: "oauth-work" });
    expect(creds({ CLOUDFLARE_AUTH_PROFILE: "client-a" }, files, { lookupDir: "/elsewhere" })).toMatchObject({ token: "oauth-client-a" });
    expect(creds({ CLOUDFLARE_AUTH_PROFILE: "client-a" }, files, { profile: "default", lookupDir: "/work" })).toMatchObject({ token: "oauth-default" });
    expect(() => creds({}, files, { profile: "nobody" })).toThrow(/The profile nobody \(from --profile\) has no session: .*nobody.toml does not exist/);
    expect(() => creds({}, files, { profile: "staging" })).toThrow(/reserved profile name/);
    expect(() => creds({}, files, { profile: "a/b" })).toThrow(/only letters, digits/);
    // Credentials in the environment beat every profile.
    expect(creds({ CLOUDFLARE_API_TOKEN: "env-token" }, files, { profile: "work" })).toMatchObject({ token: "env-token" });
  });

  it("a session in the OS keyring is reported as such, with what to do; never guessed", () => {
    const dir = "/h/.config/.wrangler";
    const enc = JSON.stringify({ v: 1, alg: "AES-256-GCM", iv: "aXY=", tag: "dGFn", ciphertext: "Y2lwaGVy" });
    const files = fs({ [`${dir}/preferences.json`]: JSON.stringify({ keyring_enabled: true }), [`${dir}/config/default.toml`]: oauth("2026-11-22T13:00:00Z"), [`${dir}/config/default.enc`]: enc });
    let error: UsageError | undefined;
    try {
      creds({}, files);
    } catch (e) {
      error = e as UsageError;
    }
    expect(error?.message).toBe("The wrangler login session is encrypted with a key in the OS keyring (/h/.config/.wrangler/config/default.enc), which hyperdrive does not read.");
    expect(error?.hint).toMatch(/Set CLOUDFLARE_API_TOKEN .*CLOUDFLARE_AUTH_USE_KEYRING=false wrangler login\./);
    // CLOUDFLARE_AUTH_USE_KEYRING=false makes wrangler read the plaintext file: so do we.
    expect(creds({ CLOUDFLARE_AUTH_USE_KEYRING: "false" }, files)).toMatchObject({ token: "oauth-abc" });
    expect(() => creds({ CLOUDFLARE_AUTH_USE_KEYRING: "maybe" }, files)).toThrow(/must be "true" or "false"/);
  });

  it("ignores an expired session and says exactly what to set", () => {
    expect(readWranglerOAuth(oauth("2026-11-22T11:59:59Z"), NOW)).toBeUndefined();
    let e: unknown;
    try {
      creds({}, fs({ "/h/.config/.wrangler/config/default.toml": oauth("2026-11-22T11:00:00Z") }));
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(UsageError);
    expect((e as UsageError).message).toMatch(/expired on 2026-11-22 11:00 UTC \(1 hour ago\)/);
    expect((e as UsageError).hint).toMatch(/wrangler login.*CLOUDFLARE_API_TOKEN.*Hyperdrive · Edit.*--local/);
  });

  it("an expired session says when it expired and how to renew it, never 'no credentials found'", () => {
    const message = (text: string, extra: Partial<CredentialRequest> = {}, env: Record<string, string> = {}) => {
      try {
        creds(env, fs({ "/h/.config/.wrangler/config/default.toml": text, "/h/.config/.wrangler/config/ci.toml": text }), extra);
      } catch (err) {
        return { message: (err as UsageError).message, hint: (err as UsageError).hint, kind: (err as UsageError).kind, exit: (err as UsageError).exitCode };
      }
      throw new Error("no error");
    };
    const expired = message(oauth("2026-11-19T08:30:00.000Z"));
    expect(expired).toEqual({
      message: "The wrangler login session in /h/.config/.wrangler/config/default.toml expired on 2026-11-19 08:30 UTC (3 days ago); hyperdrive does not renew sessions.",
      hint:
        "Renew it with `wrangler login` (a wrangler command that calls the API, such as `wrangler hyperdrive list`, also renews it with its refresh token), " +
        "or set CLOUDFLARE_API_TOKEN to an API token with the Account · Hyperdrive · Edit permission (https://dash.cloudflare.com/profile/api-tokens). To try the tool without an account, add --local.",
      kind: "auth",
      exit: 2,
    });
    expect(expired.message).not.toMatch(/No Cloudflare credentials found/);
    // Minutes and hours; a TOML datetime without quotes; no refresh token: only `wrangler login` renews it.
    expect(message(oauth("2026-11-22T11:59:00Z")).message).toContain("expired on 2026-11-22 11:59 UTC (1 minute ago)");
    expect(message('oauth_token = "t"\nexpiration_time = 2026-11-22T07:00:00Z\n').message).toContain("expired on 2026-11-22 07:00 UTC (5 hours ago)");
    expect(message('oauth_token = "t"\nexpiration_time = 2026-11-22T07:00:00Z\n').hint).toMatch(/^Renew it with `wrangler login`, or set CLOUDFLARE_API_TOKEN/);
    // wrangler counts a session without an expiration time as expired.
    expect(message('oauth_token = "t"\n').message).toContain("has no expiration time, so it counts as expired (as wrangler counts it)");
    // A named profile's session: the profile is named in the renewal command.
    expect(message(oauth("2026-11-19T08:30:00Z"), { profile: "ci" }).hint).toMatch(/^Renew it with `wrangler login --profile ci` \(.*`wrangler hyperdrive list --profile ci`/);
    // A file without a session at all is not called expired.
    expect(message('scopes = ["account:read"]\n').message).toBe("The wrangler login session in /h/.config/.wrangler/config/default.toml holds no login session (no oauth_token).");
  });

  it("refuses a token that cannot be sent in a header", () => {
    expect(() => creds({ CLOUDFLARE_API_TOKEN: "tok€n" })).toThrow(/cannot be sent in an HTTP header/);
  });
});

describe("resolveAccountId", () => {
  const list = (n: number) => async () => Array.from({ length: n }, (_, i) => ({ id: String(i).repeat(32).slice(0, 32), name: `acct ${i}` }));

  it("--account-id > the wrangler config > CLOUDFLARE_ACCOUNT_ID (wrangler's order) > the only account", async () => {
    const config = { id: "c".repeat(32), file: "wrangler.toml" };
    expect(await resolveAccountId({ flag: "a".repeat(32), env: "b".repeat(32), config, listAccounts: list(2) })).toBe("a".repeat(32));
    expect(await resolveAccountId({ env: "b".repeat(32), config, listAccounts: list(2) })).toBe("c".repeat(32));
    expect(await resolveAccountId({ env: "b".repeat(32), listAccounts: list(2) })).toBe("b".repeat(32));
    expect(await resolveAccountId({ listAccounts: list(1) })).toBe("0".repeat(32));
  });

  it("several accounts: chosen on a terminal, otherwise an error listing them", async () => {
    expect(await resolveAccountId({ listAccounts: list(3), choose: async (a) => a[2] })).toBe("2".repeat(32));
    await expect(resolveAccountId({ listAccounts: list(3) })).rejects.toThrow(/can see 3 accounts[\s\S]*1{32}\s+acct 1/);
  });

  it("an account id with invalid characters names its source", async () => {
    await expect(resolveAccountId({ env: "abc def", listAccounts: list(1) })).rejects.toThrow(/Invalid account id "abc def" from CLOUDFLARE_ACCOUNT_ID/);
  });

  it("checks the flag, the variable and the config file the same way: 32 lowercase hex digits", async () => {
    const cases: Array<[Parameters<typeof resolveAccountId>[0], RegExp]> = [
      [{ flag: "nothex", listAccounts: list(1) }, /Invalid account id "nothex" from --account-id: an account id is 32 hexadecimal digits, got 6 characters that are not all 0-9 and a-f/],
      [{ env: "nothex", listAccounts: list(1) }, /Invalid account id "nothex" from CLOUDFLARE_ACCOUNT_ID: an account id is 32/],
      [{ config: { id: "nothex", file: "wrangler.toml" }, listAccounts: list(1) }, /Invalid account id "nothex" from account_id in wrangler.toml/],
      [{ flag: "A".repeat(32), listAccounts: list(1) }, /upper-case letters/],
      [{ flag: "023e105f-4ece-f8ad-9ca3-1a8372d0c353", listAccounts: list(1) }, /looks like a UUID/],
      [{ flag: "a".repeat(31), listAccounts: list(1) }, /got 31 characters\./],
    ];
    for (const [sources, message] of cases) await expect(resolveAccountId(sources)).rejects.toThrow(message);
  });
});
