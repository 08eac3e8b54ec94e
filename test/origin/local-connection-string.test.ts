// --local-connection-string is checked as the origin is, and against what wrangler dev (miniflare) accepts.
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors";
import { checkLocalConnectionString, maskedConnectionString, originConnectionString } from "../../src/origin/local-connection-string";

function error(value: string, target = {}): UsageError {
  try {
    checkLocalConnectionString(value, target);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return e as UsageError;
  }
  throw new Error("accepted");
}

describe("checkLocalConnectionString", () => {
  it("refuses what is not a connection string, naming the flag (wrangler dev would fail later with Invalid URL)", () => {
    expect(error("not a url").message).toBe("Invalid --local-connection-string: it does not start with a scheme such as postgres:// or mysql://.");
    expect(error("postgres://u:p@localhost").message).toBe("Invalid --local-connection-string: the database name is missing.");
    expect(error("redis://u:p@localhost/0").message).toMatch(/^Invalid --local-connection-string: the scheme 'redis:\/\/' is not supported/);
  });

  it("needs a password, as wrangler dev does; never echoes one", () => {
    expect(error("postgres://dev@localhost/app").message).toBe(
      "Invalid --local-connection-string: it has no password; wrangler dev refuses a connection string without one.",
    );
    expect(error("postgres://dev:pa%zz-hunter2@localhost/app").message).not.toContain("hunter2");
  });

  it("refuses a PostgreSQL string for a MySQL config and the reverse (the Worker would time out)", () => {
    const e = error("postgres://u:p@localhost:5432/app", { name: "shop", scheme: "mysql" });
    expect(e.message).toBe(
      "--local-connection-string is a PostgreSQL string (postgres://), but 'shop' is a MySQL config: the Worker's MySQL driver would wait on a PostgreSQL server until it times out.",
    );
    expect(e.hint).toBe("Give the MySQL database wrangler dev should use, e.g. mysql://user:password@localhost:3306/database.");
    expect(error("mysql://u:p@localhost/app", { scheme: "postgresql" }).message).toMatch(/is a MySQL string \(mysql:\/\/\), but the config is a PostgreSQL config/);
    expect(checkLocalConnectionString("postgresql://u:p@localhost/app", { scheme: "postgres" }).notes).toEqual([]);
  });

  it("refuses a TLS mode wrangler dev does not know", () => {
    expect(error("postgres://u:p@localhost/app?sslmode=REQUIRED").message).toBe(
      "Invalid --local-connection-string: sslmode=REQUIRED is not a mode wrangler dev knows.",
    );
    expect(checkLocalConnectionString("postgres://u:p@localhost/app?sslmode=Require").notes).toEqual([]);
    expect(checkLocalConnectionString("mysql://u:p@localhost/app?ssl-mode=VERIFY_IDENTITY").notes).toEqual([]);
  });

  it("for a database that needs TLS, says that wrangler dev needs ?sslmode=require in the string", () => {
    expect(checkLocalConnectionString("postgres://u:p@localhost/app", { name: "prod", sslmode: "verify-full" }).notes).toEqual([
      "'prod' connects with sslmode verify-full, but wrangler dev connects without TLS unless the local connection string asks for it: " +
        "if the database needs TLS, add ?sslmode=require to it (verify-full&sslrootcert=PATH to check its certificate).",
    ]);
    expect(checkLocalConnectionString("mysql://u:p@db.example.com/app", { host: "db.example.com" }).notes).toEqual([
      "db.example.com is the origin Hyperdrive reaches over the internet, which usually requires TLS, but wrangler dev connects without TLS " +
        "unless the local connection string asks for it: if the database needs TLS, add ?ssl-mode=REQUIRED to it.",
    ]);
    expect(checkLocalConnectionString("postgres://u:p@127.0.0.1/app", { host: "127.0.0.1" }).notes).toEqual([]);
  });
});

describe("originConnectionString and maskedConnectionString", () => {
  it("percent-encodes the parts, brackets IPv6 and asks for TLS when the origin had a mode", () => {
    const origin = { scheme: "postgres", host: "::1", port: 5432, database: "my db", user: "app", password: "p@ss/word" };
    expect(originConnectionString(origin)).toBe("postgres://app:p%40ss%2Fword@[::1]:5432/my%20db");
    expect(originConnectionString({ ...origin, host: "db", sslmode: "verify-full" })).toBe("postgres://app:p%40ss%2Fword@db:5432/my%20db?sslmode=require");
    expect(originConnectionString({ ...origin, scheme: "mysql", host: "db", sslmode: "REQUIRED" })).toMatch(/\?ssl-mode=REQUIRED$/);
    expect(maskedConnectionString("postgres://app:p%40ss@db:5432/x")).toBe("postgres://app:****@db:5432/x");
  });
});
