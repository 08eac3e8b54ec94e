// The pure part of `hyperdrive check`: which sections and bindings a config has (JSONC and TOML alike), which ids
// are placeholders, and the verdict given the account's configs and certificates.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/wrangler-config/document";
import { checkBindings, originText, placeholderReason, readSections, type CheckInput, type Section } from "../../src/wrangler-config/binding-check";

const ID = "6b7efc370ea34ded8327fa20698dfe3a";
const doc = (text: string, format: "toml" | "jsonc") => {
  const parsed = parseConfig(text, format);
  if (!parsed.ok) throw new Error("does not parse");
  return parsed.doc;
};

describe("readSections", () => {
  const TOML = `name = "w"
account_id = "aaaa"

[[hyperdrive]]
binding = "HYPERDRIVE"
id = "${ID}"

[env.staging]
account_id = "bbbb"
vars = { DB = "x" }

[[env.staging.hyperdrive]]
binding = "DB"
id = "<STAGING>"
remote = true

[env.empty]
`;
  it("TOML: the top level, then each env in file order, each with its own bindings, account and other names", () => {
    const sections = readSections(doc(TOML, "toml"))!;
    expect(sections.map((s) => [s.env, s.accountId, s.bindings.map((b) => `${b.binding}=${b.id}${b.remote ? " (remote)" : ""}`)])).toEqual([
      [undefined, "aaaa", [`HYPERDRIVE=${ID}`]],
      ["staging", "bbbb", ["DB=<STAGING> (remote)"]],
      ["empty", "aaaa", []],
    ]);
    expect(sections[1].otherNames.get("DB")).toBe("vars");
  });

  it("--env: only that env (the top level's bindings do not reach it); an env the config lacks is undefined", () => {
    expect(readSections(doc(TOML, "toml"), "staging")!.map((s) => s.env)).toEqual(["staging"]);
    expect(readSections(doc(TOML, "toml"), "prod")).toBeUndefined();
  });

  it("JSONC: an entry that is not a table, or has no string binding, is kept (to be reported), a localConnectionString noted without its value", () => {
    const sections = readSections(doc(`{ "hyperdrive": [ 3, { "id": "${ID}" }, { "binding": "A", "id": "${ID}", "localConnectionString": "postgres://u:pw@localhost/db" } ] }`, "jsonc"))!;
    expect(sections[0].bindings).toEqual([
      { binding: undefined, id: undefined, index: 0, remote: false },
      { binding: undefined, id: ID, index: 1, remote: false },
      { binding: "A", id: ID, index: 2, remote: false, localConnectionString: { hasPassword: true } },
    ]);
  });
});

describe("placeholderReason", () => {
  it.each([
    ["<YOUR_HYPERDRIVE_ID>", "has the placeholder id '<YOUR_HYPERDRIVE_ID>'"],
    ["0000", "has the all-zeros id '0000'"],
    ["", "has an empty id"],
    ["  ", "has an empty id"],
    [undefined, "has no id"],
    ["$HYPERDRIVE_ID", "has the id '$HYPERDRIVE_ID', which wrangler does not expand (it is not a variable)"],
  ])("%j", (id, reason) => expect(placeholderReason(id)).toBe(reason));

  it.each([ID, "not-hex-but-not-a-placeholder", "0000000000000000000000000000000a"])("%j is looked up, not a placeholder", (id) => expect(placeholderReason(id)).toBeUndefined());
});

describe("originText", () => {
  it("host:port/database, an Access origin without a port, a VPC service", () => {
    expect(originText({ host: "db.example.com", port: 5432, database: "app" })).toBe("db.example.com:5432/app");
    expect(originText({ host: "db.internal", access_client_id: "x.access", database: "app" })).toBe("db.internal/app (Access)");
    expect(originText({ service_id: "0123", database: "app" })).toBe("vpc service 0123/app");
  });
});

describe("checkBindings", () => {
  const base = (sections: Section[], over: Partial<CheckInput> = {}): CheckInput => ({
    sections,
    accountFor: () => "acct",
    configs: new Map([["acct", [{ id: ID, name: "db", origin: { scheme: "postgres", host: "h", port: 5432, database: "d" } }]]]),
    certificates: new Map(),
    localIds: new Map(),
    local: false,
    localString: () => ({ kind: "own" }),
    localStringPlace: () => ({ variable: "V", file: ".env" }),
    bindCommand: (_s, binding, config = "<config>") => `hyperdrive bind ${config} --binding ${binding}`,
    now: new Date("2026-12-01T00:00:00Z"),
    ...over,
  });
  const section = (bindings: Section["bindings"]): Section => ({ env: undefined, bindings, otherNames: new Map() });

  it("an id that both the account and the local record have is the account's (ok); --local accepts the record's ids", () => {
    const s = section([{ binding: "A", id: ID, index: 0, remote: true }]);
    expect(checkBindings(base([s], { localIds: new Map([[ID, { name: "db" }]]) })).bindings[0].status).toBe("ok");
    const local = checkBindings(base([s], { configs: new Map([["acct", []]]), localIds: new Map([[ID, { name: "db" }]]), local: true })).bindings[0];
    expect(local.problems).toEqual([expect.objectContaining({ code: "unknown-id", message: `no config with id ${ID} in the local emulator` })]);
  });

  it("a certificate expiring in exactly 30 days is fine, in 29 a warning, at this second expired", () => {
    const cert = (expires: string) => new Map([["acct", [{ id: "c1", ca: true, certificates: "", expires_on: expires }]]]);
    const configs = new Map([["acct", [{ id: ID, name: "db", origin: { host: "h" }, mtls: { ca_certificate_id: "c1" } }]]]);
    const s = [section([{ binding: "A", id: ID, index: 0, remote: true }])];
    const verdict = (expires: string) => checkBindings(base(s, { configs, certificates: cert(expires) })).bindings[0];
    expect(verdict("2026-12-31T00:00:00Z")).toMatchObject({ status: "ok", target: { certificates: [{ id: "c1", kind: "ca", days_left: 30 }] } });
    expect(verdict("2026-12-30T00:00:00Z")).toMatchObject({ status: "warning", warnings: [{ code: "certificate-expiring", days_left: 29 }] });
    expect(verdict("2026-12-01T00:00:00Z")).toMatchObject({ status: "problem", problems: [{ code: "certificate-expired" }] });
  });
});
