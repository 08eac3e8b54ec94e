// create's and update's hints name the origin by position (host, database, user from the body): the password is never
// among them, and a database named like the password is shown as the database it is, never masked by searching text.
import { describe, expect, it } from "vitest";
import { fixFor } from "../../src/api/contract";
import { hintContext } from "../../src/commands/upsert";

describe("hints after a failed create", () => {
  const body = {
    name: "orders",
    origin: { scheme: "postgres" as const, host: "db.example.com", port: 5432, database: "hunter2", user: "app", password: "hunter2" },
  };

  it("take host, database and user from their places in the origin, and no password", () => {
    const c = hintContext(body, "orders");
    expect(c).toEqual({ name: "orders", host: "db.example.com", port: 5432, database: "hunter2", user: "app", write: true });
    expect(JSON.stringify(c)).not.toMatch(/password/);
  });

  it("the 2014 hint names the database as the database, with nothing masked", () => {
    const hint = fixFor(2014, hintContext(body, "orders"))!;
    expect(hint).toContain("'hunter2'");
    expect(hint).not.toContain("********");
  });
});
