// hyperdrive check (the pre-deploy gate), in-process against the msw stand-in (configs and certificates) and the
// in-process emulator for --local: the verdict per binding, the exit code, the JSON document, the table, and how many
// requests it takes (one config list, one certificate list, never one per binding).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { http } from "msw";
import { BASE, fail, fakeApi, makeConfig, ok } from "../support/fake-api";
import { makeCertificate, type FakeCertificate } from "../support/cert-api";
import { runCli, TEST_ACCOUNT } from "../support/cli";
import { makeCa, makeCert } from "../support/pki";

const certificates: FakeCertificate[] = [];
const OTHER_ACCOUNT = "fedcba9876543210fedcba9876543210";
const otherConfigs: ReturnType<typeof makeConfig>[] = [];
const { server, requests, configs } = fakeApi([
  http.get(`${BASE}/accounts/${TEST_ACCOUNT}/mtls_certificates`, ({ request }) => {
    const q = new URL(request.url).searchParams;
    const page = Number(q.get("page") ?? 1);
    const per = Number(q.get("per_page") ?? 50);
    const slice = certificates.slice((page - 1) * per, page * per);
    return ok(slice, { result_info: { page, per_page: per, count: slice.length, total_count: certificates.length } });
  }),
  http.get(`${BASE}/accounts/${OTHER_ACCOUNT}/hyperdrive/configs`, () =>
    ok(otherConfigs, { result_info: { page: 1, per_page: 100, count: otherConfigs.length, total_count: otherConfigs.length } }),
  ),
]);
let dir: string;
beforeAll(() => server.listen({ onUnhandledRequest: "bypass" }));
afterAll(() => server.close());
beforeEach(() => {
  requests.length = 0;
  configs.length = 0;
  certificates.length = 0;
  otherConfigs.length = 0;
  dir = mkdtempSync(join(tmpdir(), "hd-check-"));
  return () => rmSync(dir, { recursive: true, force: true });
});
afterEach(() => server.resetHandlers());

const NOW = new Date("2026-12-01T12:00:00Z");
const id = (i: number) => makeConfig(i).id;
const check = (args: string[] = [], o: { env?: Record<string, string> } = {}) => runCli(["check", ...args], { cwd: dir, now: NOW, ...o });
const doc = (r: { stdout: string }) => JSON.parse(r.stdout);
const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
const jsonc = (value: unknown) => write("wrangler.jsonc", `// the Worker\n${JSON.stringify(value, null, 2)}\n`);
const listRequests = () => requests.filter((r) => r.method === "GET" && r.path.endsWith("/hyperdrive/configs"));
const VAR = "CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_";
/** .env and .env.<env> lines so that wrangler dev finds a local string for every binding. */
const localStrings = (entries: Array<[file: string, binding: string]>) => {
  const byFile = new Map<string, string[]>();
  for (const [file, binding] of entries) byFile.set(file, [...(byFile.get(file) ?? []), `${VAR}${binding}=postgres://dev:dev@localhost:5432/app`]);
  for (const [file, lines] of byFile) write(file, `${lines.join("\n")}\n`);
};

describe("every binding found: exit 0, one list request", () => {
  it("the top level and each env: the table, the target of each, and one GET of the config list", async () => {
    configs.push(makeConfig(1, { name: "shop-db" }), makeConfig(2, { name: "shop-staging", origin: { scheme: "mysql", host: "staging.example.com", port: 3306, database: "shop", user: "u" } }), makeConfig(3));
    jsonc({
      name: "shop",
      hyperdrive: [{ binding: "HYPERDRIVE", id: id(1) }],
      env: { staging: { hyperdrive: [{ binding: "HYPERDRIVE", id: id(2) }, { binding: "CACHE_DB", id: id(1), remote: true }] }, production: {} },
    });
    localStrings([[".env", "HYPERDRIVE"], [".env.staging", "HYPERDRIVE"]]);
    const r = await check();
    expect(r.code, r.all).toBe(0);
    expect(r.stdout).toMatchInlineSnapshot(`
      "Hyperdrive bindings in wrangler.jsonc:

      env          binding     id                                status  config        origin                         scheme
      ───────────  ──────────  ────────────────────────────────  ──────  ────────────  ─────────────────────────────  ──────────
      (top level)  HYPERDRIVE  00000000000000000000000000000001  ✔ ok    shop-db       db1.example.com:5432/app       PostgreSQL
      staging      HYPERDRIVE  00000000000000000000000000000002  ✔ ok    shop-staging  staging.example.com:3306/shop  MySQL
      staging      CACHE_DB    00000000000000000000000000000001  ✔ ok    shop-db       db1.example.com:5432/app       PostgreSQL

      ✔ All 3 bindings are ready to deploy.
      "
    `);
    expect(r.stderr).toBe("");
    expect(requests).toHaveLength(1);
    expect(listRequests()).toHaveLength(1);
  });

  it("--json: one document with each binding (env, binding, id, status, target, problems, warnings) and a summary", async () => {
    configs.push(makeConfig(1, { name: "shop-db" }));
    jsonc({ hyperdrive: [{ binding: "HYPERDRIVE", id: id(1) }] });
    const r = await check(["--json"]);
    expect(r.code).toBe(0);
    expect(doc(r)).toEqual({
      config: join(dir, "wrangler.jsonc"),
      env: null,
      local: false,
      bindings: [
        {
          env: null,
          binding: "HYPERDRIVE",
          id: id(1),
          account_id: TEST_ACCOUNT,
          remote: false,
          status: "warning",
          target: { id: id(1), name: "shop-db", scheme: "postgres", host: "db1.example.com", port: 5432, database: "app", origin: "db1.example.com:5432/app", certificates: [] },
          problems: [],
          warnings: [
            {
              code: "no-local-connection-string",
              message: `wrangler dev will not start: no local connection string (${VAR}HYPERDRIVE in .env, or localConnectionString)`,
              fix: "hyperdrive bind shop-db --binding HYPERDRIVE --local-connection-string postgres://USER:PASSWORD@localhost:5432/DATABASE",
            },
          ],
        },
      ],
      summary: { bindings: 1, ok: 0, warning: 1, problem: 0, deployable: true },
    });
  });

  it("pages through the config list as list does (150 configs: 2 pages), still no request per binding", async () => {
    for (let i = 1; i <= 150; i++) configs.push(makeConfig(i));
    jsonc({ hyperdrive: [{ binding: "A", id: id(1) }, { binding: "B", id: id(150) }], env: { x: { hyperdrive: [{ binding: "C", id: id(120) }] } } });
    const r = await check(["--json"]);
    expect(r.code, r.all).toBe(0);
    expect(doc(r).bindings.map((b: { target: { name: string } }) => b.target.name)).toEqual(["config-1", "config-150", "config-120"]);
    expect(requests.map((q) => `${q.method} ${q.path} ${q.query.page}`)).toEqual([
      `GET /accounts/${TEST_ACCOUNT}/hyperdrive/configs 1`,
      `GET /accounts/${TEST_ACCOUNT}/hyperdrive/configs 2`,
    ]);
  });

  it("TOML, found as wrangler finds it (a parent's wrangler.toml from a subfolder)", async () => {
    configs.push(makeConfig(1, { name: "shop-db" }));
    write("wrangler.toml", `name = "shop"\n\n[[hyperdrive]]\nbinding = "HYPERDRIVE"\nid = "${id(1)}"\nlocalConnectionString = "postgres://dev:dev-SECRET@localhost/app"\n`);
    mkdirSync(join(dir, "src"));
    const r = await runCli(["check"], { cwd: join(dir, "src"), now: NOW });
    expect(r.code, r.all).toBe(0);
    expect(r.stdout).toContain("Hyperdrive bindings in ../wrangler.toml:");
    expect(r.stdout).toMatch(/\(top level\)\s+HYPERDRIVE\s+0+1\s+✔ ok\s+shop-db/);
    expect(r.all).not.toContain("dev-SECRET");
  });

  it("a config without Hyperdrive bindings: exit 0 and no request", async () => {
    jsonc({ name: "shop", env: { staging: {} } });
    const r = await check();
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("No Hyperdrive bindings in wrangler.jsonc (the top level and env staging): nothing to check.\n");
    expect(requests).toHaveLength(0);
  });
});

describe("problems: exit 1", () => {
  it("an id the account does not have, with the command that binds one that exists", async () => {
    configs.push(makeConfig(1));
    jsonc({ hyperdrive: [{ binding: "HYPERDRIVE", id: id(9) }] });
    localStrings([[".env", "HYPERDRIVE"]]);
    const r = await check();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`(top level)  HYPERDRIVE  ${id(9)}  ✖ problem`);
    expect(r.stdout).toContain(`Problems (wrangler deploy would fail):\n  ✖ HYPERDRIVE: no config with id ${id(9)} in account ${TEST_ACCOUNT}.\n      Bind a config that exists: hyperdrive bind <config> --binding HYPERDRIVE (hyperdrive list shows them)`);
    expect(r.stdout).toContain("✖ 1 of 1 binding has a problem: wrangler deploy would fail.");
    expect(doc(await check(["--json"])).bindings[0]).toMatchObject({ status: "problem", target: null, problems: [{ code: "unknown-id" }] });
  });

  it.each([
    ["<YOUR_HYPERDRIVE_ID>", "has the placeholder id '<YOUR_HYPERDRIVE_ID>'"],
    ["00000000000000000000000000000000", "has the all-zeros id '00000000000000000000000000000000'"],
    ["00000000-0000-0000-0000-000000000000", "has the all-zeros id '00000000-0000-0000-0000-000000000000'"],
    ["", "has an empty id"],
    [undefined, "has no id"],
    ["${HYPERDRIVE_ID}", "has the id '${HYPERDRIVE_ID}', which wrangler does not expand (it is not a variable)"],
    [42, "has the id 42, which is not a string"],
  ])("a placeholder id %j is a problem, and is not looked up", async (value, said) => {
    jsonc({ env: { preview: { hyperdrive: [{ binding: "HYPERDRIVE", ...(value === undefined ? {} : { id: value }), remote: true }] } } });
    const r = await check(["--json"]);
    expect(r.code).toBe(1);
    expect(doc(r).bindings[0]).toMatchObject({
      env: "preview",
      status: "problem",
      problems: [{ code: "placeholder-id", message: `it ${said}`, fix: "Bind a config of the account: hyperdrive bind <config> --binding HYPERDRIVE --env preview" }],
      warnings: [],
    });
    expect(requests).toHaveLength(0);
  });

  it("a binding name used twice in one env (or also by another kind of binding) is a problem; the same name in two envs is not", async () => {
    configs.push(makeConfig(1), makeConfig(2));
    jsonc({
      hyperdrive: [{ binding: "DB", id: id(1), remote: true }],
      env: {
        staging: { hyperdrive: [{ binding: "DB", id: id(1), remote: true }, { binding: "DB", id: id(2), remote: true }] },
        qa: { kv_namespaces: [{ binding: "CACHE", id: "k" }], hyperdrive: [{ binding: "CACHE", id: id(2), remote: true }] },
      },
    });
    const r = await check();
    expect(r.code).toBe(1);
    const problems = r.stdout.slice(r.stdout.indexOf("Problems"));
    expect(problems).toContain("  ✖ env staging · DB: the name DB is bound 2 times in env staging: wrangler refuses duplicate binding names.\n      Rename or remove all but one.\n");
    expect(problems.split("bound 2 times")).toHaveLength(2); // said once, though both entries carry it
    expect(problems).toContain("  ✖ env qa · CACHE: the name CACHE is also a binding of kv_namespaces in env qa: wrangler refuses duplicate binding names.");
    expect(problems).not.toMatch(/✖ DB/);
    const json = doc(await check(["--json"]));
    expect(json.bindings.map((b: { env: string; status: string }) => `${b.env}:${b.status}`)).toEqual(["null:ok", "staging:problem", "staging:problem", "qa:problem"]);
    expect(json.summary).toEqual({ bindings: 4, ok: 1, warning: 0, problem: 3, deployable: false });
  });

  it("an id the local emulator made (recorded by --local) is a problem, with the command to bind a real config", async () => {
    const localId = "a3f1c2d4e5f60718293a4b5c6d7e8f90";
    mkdirSync(join(dir, ".hyperdrive", "local-ids"), { recursive: true });
    writeFileSync(join(dir, ".hyperdrive", "local-ids", `${localId}.json`), JSON.stringify({ id: localId, name: "orders-db", created_on: "2026-11-30T00:00:00Z" }));
    configs.push(makeConfig(1));
    jsonc({ hyperdrive: [{ binding: "HYPERDRIVE", id: localId, remote: true }] });
    const r = await check();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `  ✖ HYPERDRIVE: ${localId} is a config of the local emulator ('orders-db', made with --local), not of account ${TEST_ACCOUNT}.\n` +
        "      Create 'orders-db' without --local and bind it: hyperdrive bind orders-db --binding HYPERDRIVE",
    );
    expect(doc(await check(["--json"])).bindings[0].problems).toEqual([expect.objectContaining({ code: "local-emulator-id" })]);
  });

  it("an entry without a binding name", async () => {
    jsonc({ hyperdrive: [{ id: id(1) }] });
    const r = await check(["--json"]);
    expect(r.code).toBe(1);
    expect(doc(r).bindings[0]).toMatchObject({ binding: null, problems: [{ code: "no-binding-name", message: `entry 1 of the top level's hyperdrive bindings has no "binding" name` }] });
  });
});

describe("certificates of the target config: one certificate list, each read once", () => {
  const caExpired = makeCertificate(2, { name: "old-ca", ca: true, expires_on: "2026-11-20T00:00:00Z" });
  const clientSoon = makeCertificate(3, { name: "client", ca: false, expires_on: "2026-12-11T12:00:00Z" });
  const caFine = makeCertificate(4, { name: "good-ca", ca: true, expires_on: "2027-06-01T00:00:00Z" });

  it("an expired CA is a problem; a client certificate expiring in 10 days a warning with the days left; one list request for both", async () => {
    certificates.push(caExpired, clientSoon, caFine);
    configs.push(
      makeConfig(1, { name: "tls-db", mtls: { sslmode: "verify-full", ca_certificate_id: caExpired.id, mtls_certificate_id: clientSoon.id } }),
      makeConfig(2, { name: "mtls-db", mtls: { sslmode: "verify-full", ca_certificate_id: caFine.id, mtls_certificate_id: clientSoon.id } }),
    );
    jsonc({ hyperdrive: [{ binding: "A", id: id(1), remote: true }, { binding: "B", id: id(2), remote: true }], env: { staging: { hyperdrive: [{ binding: "A", id: id(2), remote: true }] } } });
    const r = await check();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`  ✖ A: its CA certificate 'old-ca' (${caExpired.id}) expired on 2026-11-20T00:00:00Z.`);
    expect(r.stdout).toContain(`Warnings:\n  ⚠ A: its client certificate 'client' (${clientSoon.id}) expires on 2026-12-11T12:00:00Z (in 10 days).`);
    expect(requests.map((q) => `${q.method} ${q.path}`)).toEqual([`GET /accounts/${TEST_ACCOUNT}/hyperdrive/configs`, `GET /accounts/${TEST_ACCOUNT}/mtls_certificates`]);

    const json = doc(await check(["--json"]));
    expect(json.bindings[0].problems).toEqual([expect.objectContaining({ code: "certificate-expired" })]);
    expect(json.bindings[0].warnings).toEqual([expect.objectContaining({ code: "certificate-expiring", days_left: 10 })]);
    expect(json.bindings[1]).toMatchObject({
      status: "warning",
      target: { name: "mtls-db", certificates: [{ id: caFine.id, kind: "ca", name: "good-ca", days_left: 181 }, { id: clientSoon.id, kind: "client", days_left: 10 }] },
      warnings: [{ code: "certificate-expiring", days_left: 10 }],
    });
  });

  it("a CA chain whose intermediate has expired is a problem, though the API's expires_on (its root's) is in date", async () => {
    const root = await makeCa({ cn: "Chain Root CA", notBefore: new Date(NOW.getTime() - 400 * 86_400_000), notAfter: new Date(NOW.getTime() + 3650 * 86_400_000) });
    const intermediate = await makeCert(root, { cn: "Chain Intermediate CA", ca: true, notBefore: new Date(NOW.getTime() - 400 * 86_400_000), notAfter: new Date("2026-11-25T00:00:00Z") });
    const chain = makeCertificate(5, { name: "chain-ca", ca: true, certificates: (root.certPem + intermediate.certPem).trimEnd(), expires_on: new Date(NOW.getTime() + 3650 * 86_400_000).toISOString() });
    certificates.push(chain);
    configs.push(makeConfig(1, { name: "tls-db", mtls: { sslmode: "verify-full", ca_certificate_id: chain.id } }));
    jsonc({ hyperdrive: [{ binding: "A", id: id(1), remote: true }] });
    const r = await check();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`  ✖ A: its CA certificate 'chain-ca' (${chain.id}) expired on 2026-11-25T00:00:00Z.`);
    expect(doc(await check(["--json"])).bindings[0].target.certificates).toEqual([{ id: chain.id, kind: "ca", name: "chain-ca", expires_on: "2026-11-25T00:00:00Z", days_left: -7 }]);
  });

  it("expiring only: exit 0 (warnings do not stop a deploy)", async () => {
    certificates.push(clientSoon);
    configs.push(makeConfig(1, { mtls: { mtls_certificate_id: clientSoon.id } }));
    jsonc({ hyperdrive: [{ binding: "A", id: id(1), remote: true }] });
    const r = await check();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("✔ The binding is ready to deploy (1 with warnings).");
  });

  it("credentials that may not list certificates (a Hyperdrive-only token): the bindings are still checked, the expiry is a warning that says it was not", async () => {
    let listed = 0;
    server.use(http.get(`${BASE}/accounts/${TEST_ACCOUNT}/mtls_certificates`, () => (listed++, fail(403, [{ code: 10000, message: "Authentication error" }]))));
    configs.push(makeConfig(1, { name: "tls-db", mtls: { sslmode: "verify-full", ca_certificate_id: caExpired.id } }));
    jsonc({ hyperdrive: [{ binding: "A", id: id(1), remote: true }, { binding: "B", id: "<B>", remote: true }] });
    const r = await check();
    expect(r.code).toBe(1); // B's placeholder
    expect(r.stdout).toContain(
      "Warnings:\n  ⚠ A: the expiry of its certificate was not checked: listing the account's certificates was refused (HTTP 403: Authentication error).\n" +
        "      Give the API token the Account · SSL and Certificates · Read permission.\n",
    );
    expect(r.stdout).toMatch(/^\(top level\)\s+A\s+0+1\s+⚠ warning\s+tls-db/m);
    expect(listed).toBe(1); // an auth refusal is not retried
  });

  it("a certificate the list does not have is a problem; configs without certificates need no certificate list", async () => {
    configs.push(makeConfig(1, { mtls: { sslmode: "verify-ca", ca_certificate_id: caFine.id } }));
    jsonc({ hyperdrive: [{ binding: "A", id: id(1), remote: true }] });
    const r = await check(["--json"]);
    expect(r.code).toBe(1);
    expect(doc(r).bindings[0].problems).toEqual([expect.objectContaining({ code: "certificate-not-found", message: `its CA certificate ${caFine.id} is not among the account's certificates` })]);

    requests.length = 0;
    configs[0] = makeConfig(1);
    expect((await check()).code).toBe(0);
    expect(requests.map((q) => q.path)).toEqual([`/accounts/${TEST_ACCOUNT}/hyperdrive/configs`]);
  });
});

describe("wrangler dev's local connection string: a warning, apart from the deploy's problems", () => {
  it("found in .env / .env.<env> / the shell / localConnectionString, or not needed with remote: true; missing is a warning; an env with only the top level's string is flagged", async () => {
    configs.push(makeConfig(1, { name: "top" }), makeConfig(2, { name: "stage" }), makeConfig(3, { name: "my", origin: { scheme: "mysql", host: "m.example.com", port: 3306, database: "d", user: "u" } }));
    jsonc({
      hyperdrive: [
        { binding: "FROM_FILE", id: id(1) },
        { binding: "FROM_SHELL", id: id(1) },
        { binding: "FROM_CONFIG", id: id(1), localConnectionString: "postgres://dev:cfg-SECRET@localhost/app" },
        { binding: "REMOTE", id: id(1), remote: true },
        { binding: "MISSING", id: id(3) },
      ],
      env: { staging: { hyperdrive: [{ binding: "FROM_FILE", id: id(2) }, { binding: "OWN", id: id(2) }] } },
    });
    localStrings([[".env", "FROM_FILE"], [".env.staging", "OWN"]]);
    const r = await check([], { env: { [`${VAR}FROM_SHELL`]: "postgres://dev:shell-SECRET@localhost/app" } });
    expect(r.code, r.all).toBe(0);
    expect(r.stdout).toContain(
      "wrangler dev (local development, not a deploy problem):\n" +
        `  ⚠ MISSING: wrangler dev will not start: no local connection string (${VAR}MISSING in .env, or localConnectionString).\n` +
        "      hyperdrive bind my --binding MISSING --local-connection-string mysql://USER:PASSWORD@localhost:3306/DATABASE\n" +
        "  ⚠ env staging · FROM_FILE: wrangler dev --env staging would query the top level's database: its only local connection string is the top level's, in .env.\n" +
        "      hyperdrive bind stage --binding FROM_FILE --env staging --local-connection-string postgres://USER:PASSWORD@localhost:5432/DATABASE\n",
    );
    expect(r.stdout).not.toContain("Problems");
    expect(r.stdout).toContain("✔ All 7 bindings are ready to deploy (2 with warnings).");
    expect(r.all).not.toMatch(/SECRET/);
    const json = doc(await check(["--json"], { env: { [`${VAR}FROM_SHELL`]: "postgres://dev:shell-SECRET@localhost/app" } }));
    expect(json.bindings.map((b: { binding: string; warnings: Array<{ code: string }> }) => [b.binding, b.warnings.map((w) => w.code)])).toEqual([
      ["FROM_FILE", []],
      ["FROM_SHELL", []],
      ["FROM_CONFIG", []],
      ["REMOTE", []],
      ["MISSING", ["no-local-connection-string"]],
      ["FROM_FILE", ["top-level-string"]],
      ["OWN", []],
    ]);
  });
});

describe("the human output of a failing check", () => {
  it("the table, problems, warnings and wrangler dev's needs apart, each with its fix, and the verdict", async () => {
    const ca = makeCertificate(2, { name: "staging-ca", ca: true, expires_on: "2026-12-13T00:00:00Z" });
    certificates.push(ca);
    configs.push(makeConfig(1, { name: "shop-db" }), makeConfig(2, { name: "shop-staging", mtls: { sslmode: "verify-full", ca_certificate_id: ca.id } }));
    jsonc({
      hyperdrive: [{ binding: "HYPERDRIVE", id: id(1) }],
      env: {
        staging: { hyperdrive: [{ binding: "HYPERDRIVE", id: id(2) }] },
        preview: { hyperdrive: [{ binding: "HYPERDRIVE", id: "<PREVIEW_HYPERDRIVE_ID>", remote: true }, { binding: "HYPERDRIVE", id: id(9), remote: true }] },
      },
    });
    localStrings([[".env", "HYPERDRIVE"]]);
    const r = await check();
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatchInlineSnapshot(`
      "Hyperdrive bindings in wrangler.jsonc:

      env          binding     id                                status     config        origin                    scheme
      ───────────  ──────────  ────────────────────────────────  ─────────  ────────────  ────────────────────────  ──────────
      (top level)  HYPERDRIVE  00000000000000000000000000000001  ✔ ok       shop-db       db1.example.com:5432/app  PostgreSQL
      staging      HYPERDRIVE  00000000000000000000000000000002  ⚠ warning  shop-staging  db2.example.com:5432/app  PostgreSQL
      preview      HYPERDRIVE  <PREVIEW_HYPERDRIVE_ID>           ✖ problem
      preview      HYPERDRIVE  00000000000000000000000000000009  ✖ problem

      Problems (wrangler deploy would fail):
        ✖ env preview · HYPERDRIVE: the name HYPERDRIVE is bound 2 times in env preview: wrangler refuses duplicate binding names.
            Rename or remove all but one.
        ✖ env preview · HYPERDRIVE: it has the placeholder id '<PREVIEW_HYPERDRIVE_ID>'.
            Bind a config of the account: hyperdrive bind <config> --binding HYPERDRIVE --env preview
        ✖ env preview · HYPERDRIVE: no config with id 00000000000000000000000000000009 in account 023e105f4ecef8ad9ca31a8372d0c353.
            Bind a config that exists: hyperdrive bind <config> --binding HYPERDRIVE --env preview (hyperdrive list shows them)

      Warnings:
        ⚠ env staging · HYPERDRIVE: its CA certificate 'staging-ca' (00000000-0000-4000-8000-000000000002) expires on 2026-12-13T00:00:00Z (in 11 days).
            Upload a current one (hyperdrive cert upload certificate-authority --ca-cert ca.pem) and point the config to it (hyperdrive update shop-staging --ca-certificate-id <new id>).

      wrangler dev (local development, not a deploy problem):
        ⚠ env staging · HYPERDRIVE: wrangler dev --env staging would query the top level's database: its only local connection string is the top level's, in .env.
            hyperdrive bind shop-staging --binding HYPERDRIVE --env staging --local-connection-string postgres://USER:PASSWORD@localhost:5432/DATABASE

      ✖ 2 of 4 bindings have problems: wrangler deploy would fail.
      "
    `);
  });
});

describe("--env, accounts, usage errors", () => {
  it("--env X checks env X only (the top level's bindings do not reach it)", async () => {
    configs.push(makeConfig(1), makeConfig(2, { name: "stage" }));
    jsonc({ hyperdrive: [{ binding: "HYPERDRIVE", id: "<TOP>" }], env: { staging: { hyperdrive: [{ binding: "HYPERDRIVE", id: id(2), remote: true }] } } });
    const r = await check(["--env", "staging", "--json"]);
    expect(r.code).toBe(0);
    expect(doc(r)).toMatchObject({ env: "staging", bindings: [{ env: "staging", target: { name: "stage" } }], summary: { bindings: 1, deployable: true } });
    expect((await check()).code).toBe(1); // the top level's placeholder
  });

  it("--env with an env the config does not have: exit 2 naming the envs it has", async () => {
    jsonc({ env: { staging: {}, production: {} } });
    const r = await check(["--env", "prod"]);
    expect(r.code).toBe(2);
    // Refused before check runs, as for every command (src/commands/env-flag.ts).
    expect(r.stderr).toContain('✖ --env prod: wrangler.jsonc has no environment "prod" (it has "staging", "production").\n  Did you mean --env production? ');
    expect(requests).toHaveLength(0);
  });

  it("an env with its own account_id is looked up in that account: one list per account", async () => {
    configs.push(makeConfig(1));
    otherConfigs.push(makeConfig(7, { name: "other-db" }));
    jsonc({ hyperdrive: [{ binding: "A", id: id(1), remote: true }], env: { eu: { account_id: OTHER_ACCOUNT, hyperdrive: [{ binding: "A", id: id(7), remote: true }, { binding: "B", id: id(1), remote: true }] } } });
    const r = await check(["--json"]);
    expect(r.code, r.all).toBe(1);
    const json = doc(r);
    expect(json.bindings.map((b: { account_id: string; status: string }) => `${b.account_id === TEST_ACCOUNT ? "main" : "other"}:${b.status}`)).toEqual(["main:ok", "other:ok", "other:problem"]);
    expect(json.bindings[2].problems[0].message).toBe(`no config with id ${id(1)} in account ${OTHER_ACCOUNT}`);
    expect(requests.map((q) => q.path).sort()).toEqual([`/accounts/${TEST_ACCOUNT}/hyperdrive/configs`, `/accounts/${OTHER_ACCOUNT}/hyperdrive/configs`]);
  });

  it("no wrangler config: exit 2, naming the folder searched", async () => {
    const r = await check();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`✖ No wrangler.json, wrangler.jsonc or wrangler.toml in ${dir} or any folder above it: nothing to check.`);
    expect(r.stderr).toContain("--config path/to/wrangler.jsonc");
    const json = await check(["--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ success: false, kind: "usage" });
  });

  it("a config that does not parse: exit 2 with the place", async () => {
    write("wrangler.jsonc", '{ "hyperdrive": [ { "binding": "A", } \n');
    const r = await check();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/✖ wrangler\.jsonc does not parse: .* at line \d+, column \d+\./);
  });

  it("the API failing is exit 1 (kind api), not a verdict", async () => {
    server.use(http.get(`${BASE}/accounts/${TEST_ACCOUNT}/hyperdrive/configs`, () => ok(null, { success: false, errors: [{ code: 10000, message: "Authentication error" }] })));
    jsonc({ hyperdrive: [{ binding: "A", id: id(1) }] });
    const r = await check(["--json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ success: false });
  });
});

describe("--local: the emulator's ids are the right ones there", () => {
  it("check --local passes where check (the account) finds emulator ids; one list request (the trace)", async () => {
    jsonc({ name: "w", env: { staging: {} } });
    const env = { HYPERDRIVE_LOCAL_ORIGIN_CHECK: "off" };
    const created = await runCli(["--local", "create", "orders-db", "--connection-string", "postgres://app:pw-SECRET@db.example.com:5432/app", "--binding", "HYPERDRIVE", "--local-connection-string", "postgres://app:pw@localhost:5432/app"], { cwd: dir, env });
    expect(created.code, created.all).toBe(0);
    const localId = JSON.parse((await runCli(["--local", "list", "--json"], { cwd: dir, env })).stdout)[0].id;

    const local = await runCli(["--local", "--verbose", "check"], { cwd: dir, env, now: NOW });
    expect(local.code, local.all).toBe(0);
    expect(local.stdout).toMatch(/\(top level\)\s+HYPERDRIVE\s+[0-9a-f]{32}\s+✔ ok\s+orders-db\s+db\.example\.com:5432\/app\s+PostgreSQL/);
    expect(local.stdout).toContain("✔ The binding points to configs of the local emulator; a deploy needs configs of your account (run hyperdrive check without --local).");
    expect(local.stderr.match(/\] GET \S+ →/g)).toEqual([expect.stringMatching(/GET \/client\/v4\/accounts\/[0-9a-f]{32}\/hyperdrive\/configs\?page=1&per_page=100 →/)]);

    const account = await check(["--json"]);
    expect(account.code).toBe(1);
    expect(doc(account).bindings[0]).toMatchObject({ id: localId, problems: [{ code: "local-emulator-id" }] });
  });
});
