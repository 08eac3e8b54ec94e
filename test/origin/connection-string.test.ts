import { describe, expect, it } from "vitest";
import { parseConnectionString } from "../../src/origin/connection-string";
import { UsageError } from "../../src/errors";

type Ok = Partial<ReturnType<typeof parseConnectionString>>;

const valid: Array<[string, Ok]> = [
  ["postgres://u:p@h.example.com:5432/db", { scheme: "postgres", host: "h.example.com", port: 5432, database: "db", user: "u", password: "p" }],
  ["postgresql://u:p@h/db", { scheme: "postgresql", port: 5432 }],
  ["mysql://u:p@h/db", { scheme: "mysql", port: 3306 }],
  ["POSTGRES://u:p@h/db", { scheme: "postgres" }],
  ["MySQL://u:p@h:3307/db", { scheme: "mysql", port: 3307 }],
  ["postgres://u:p@h:1/db", { port: 1 }],
  ["postgres://u:p@h:65535/db", { port: 65535 }],
  ["postgres://user%3Aname:p@h/db", { user: "user:name" }],
  ["postgres://u:p%40ss@h/db", { password: "p@ss" }],
  ["postgres://u:p%3Ass@h/db", { password: "p:ss" }],
  // WHATWG URL parsing, as wrangler uses it: the last '@' ends the user information, the first ':' the user.
  ["postgres://app:p@ss@db.example.com/app", { user: "app", password: "p@ss", host: "db.example.com", database: "app" }],
  ["postgres://app:p@ss@w@rd@db.example.com:6543/app", { password: "p@ss@w@rd", port: 6543 }],
  ["postgres://app:p:ss@h/db", { password: "p:ss" }],
  ["postgres://app:@@h/db", { password: "@" }],
  ["postgres://admin@server:p@ss@db.example.com/db", { user: "admin@server", password: "p@ss" }],
  ["postgres://u:p%2Fss%3F%23%25@h/db", { password: "p/ss?#%" }],
  ["postgres://u:p%C3%A9@h/db", { password: "pé" }],
  ["postgres://u:pé@h/db", { password: "pé" }],
  ["postgres://u:p@h/my%20db", { database: "my db" }],
  ["postgres://u:p@h/db%2Fx", { database: "db/x" }],
  ["postgres://u:p@[::1]:5433/db", { host: "::1", port: 5433 }],
  ["postgres://u:p@[2001:db8::1]/db", { host: "2001:db8::1", port: 5432 }],
  ["postgres://u:p@192.0.2.10:6543/db", { host: "192.0.2.10", port: 6543 }],
  ["postgres://u:p@h/db?sslmode=verify-full", { sslmode: "verify-full", ignoredParams: [] }],
  ["postgres://u:p@h/db?sslmode=require&application_name=x&connect_timeout=5", { sslmode: "require", ignoredParams: ["application_name", "connect_timeout"] }],
  ["mysql://u:p@h/db?ssl-mode=VERIFY_IDENTITY", { sslmode: "VERIFY_IDENTITY" }],
  ["mysql://u:p@h/db?sslmode=required", { sslmode: "required" }],
  ["postgres://u:p@h/db?", { ignoredParams: [] }],
  ["  postgres://u:p@h/db  ", { host: "h" }],
  ["postgres://u@h/db", { user: "u", password: undefined }],
  ["postgres://u:@h/db", { password: undefined }],
  ["postgres://neondb_owner:npg_abc123@ep-cool-darkness-123456.us-east-2.aws.neon.tech/neondb?sslmode=require", { host: "ep-cool-darkness-123456.us-east-2.aws.neon.tech", database: "neondb", sslmode: "require" }],
  ["postgresql://postgres.abcdefghijklmnop:pw@aws-0-us-east-1.pooler.supabase.com:6543/postgres", { user: "postgres.abcdefghijklmnop", port: 6543 }],
];

const invalid: Array<[string, RegExp]> = [
  ["", /does not start with a scheme/],
  ["u:p@h/db", /does not start with a scheme/],
  ["postgresx://u:p@h/db", /scheme 'postgresx:\/\/' is not supported/],
  ["mongodb://u:p@h/db", /scheme 'mongodb:\/\/' is not supported/],
  ["mysqlx://u:p@h/db", /not supported/],
  ["http://u:p@h/db", /not supported/],
  ["postgres://h/db", /no user and password/],
  ["postgres://:p@h/db", /user is missing/],
  ["postgres://u:p@/db", /host is missing/],
  ["postgres://u:p@:5432/db", /host is missing/],
  ["postgres://u:p@h", /database name is missing/],
  ["postgres://u:p@h/", /database name is missing/],
  ["postgres://u:p@h:5432/", /database name is missing/],
  ["postgres://u:p@h:abc/db", /port 'abc' is not a number/],
  ["postgres://u:p@h:0/db", /port 0 is out of range/],
  ["postgres://u:p@h:65536/db", /port 65536 is out of range/],
  ["postgres://u:p@h:/db", /port after ':' is missing/],
  ["postgres://u:p@db1.example.com@db2.example.com/db", /password contains an unencoded '@' followed by what looks like a host/],
  ["postgres://u:p@10.0.0.1@h/db", /password contains an unencoded '@' followed by what looks like a host/],
  ["postgres://u:p@h:5432@h/db", /password contains an unencoded '@' followed by what looks like a host/],
  ["postgres://u@db.example.com:p@h/db", /user contains an unencoded '@' followed by what looks like a host/],
  ["postgres://u:?pw@h:5432/db", /password contains an unencoded '\?'/],
  ["postgres://u:p#w@h/db", /password contains an unencoded '#'/],
  ["postgres://u:p/w@h/db", /password contains an unencoded '\/'/],
  ["postgres://u:p%ss@h/db", /password contains a '%' that is not followed by two hex digits/],
  ["postgres://u:p%zz@h/db", /'%' that is not followed/],
  ["postgres://u:%C3@h/db", /percent-encoding that is not valid UTF-8/],
  ["postgres://u#1:p@h/db", /user contains an unencoded '#'/],
  ["postgres://u:p@h1,h2/db", /several hosts/],
  ["postgres://u:p@[::1/db", /no closing '\]'/],
  ["postgres://u:p@[zz]/db", /is not an IPv6 address/],
  ["postgres://u:p@%2Fvar%2Frun/db", /percent-encoded/],
  ["postgres://u:p@h#frag/db", /unexpected '#'/],
  ["postgres://u:p@h/db%2", /database name contains a .%. that is not followed/],
];

describe("parseConnectionString", () => {
  it.each(valid)("parses %s", (input, expected) => {
    expect(parseConnectionString(input)).toMatchObject(expected);
  });

  it.each(invalid)("rejects %s", (input, message) => {
    let error: unknown;
    try {
      parseConnectionString(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(message);
    expect((error as UsageError).message).toMatch(/^Invalid --connection-string: /);
  });

  it("names the percent-encoding of the offending character, never the password", () => {
    const secret = "hunter#2";
    const e = (() => {
      try {
        parseConnectionString(`postgres://u:${secret}@h/db`);
      } catch (err) {
        return err as UsageError;
      }
    })()!;
    expect(e.hint).toContain("%23");
    expect(`${e.message} ${e.hint}`).not.toContain(secret);
    expect(`${e.message} ${e.hint}`).not.toContain("hunter");
  });

  it("keeps a database with a slash an error", () => {
    expect(() => parseConnectionString("postgres://u:p@h/a/b")).toThrow(/database name contains '\/'/);
  });

  it("has at least 40 cases", () => {
    expect(valid.length + invalid.length).toBeGreaterThanOrEqual(40);
  });
});
