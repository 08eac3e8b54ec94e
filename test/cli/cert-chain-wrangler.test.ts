// `cert upload certificate-authority` with a CA chain sends the request wrangler 4.164 sends: both programs upload the
// same files to one loopback stand-in of the API, which records the bodies. It runs when wrangler 4.164 and Node 24 are
// in the test-tools cache (`node scripts/test-tools.mjs --install wrangler`) and skips itself, saying why, otherwise.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findTool } from "../../scripts/test-tools.mjs";
import { runCli, TEST_ACCOUNT, TEST_TOKEN } from "../support/cli";
import { makeFixtureSet, writeFixture, type FixtureSet } from "../support/pki";

const wrangler = findTool("wrangler");
if (!wrangler.ok) console.warn(`Skipping the CA chain body comparison with wrangler: ${wrangler.reason}`);

describe.skipIf(!wrangler.ok)("a CA chain upload: our request body is wrangler 4.164's", () => {
  let f: FixtureSet;
  let server: Server;
  let base: string;
  const bodies: string[] = [];
  const home = mkdtempSync(join(tmpdir(), "hd-chain-wrangler-"));

  beforeAll(async () => {
    f = await makeFixtureSet();
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        res.setHeader("content-type", "application/json");
        if (req.method !== "POST" || req.url !== `/client/v4/accounts/${TEST_ACCOUNT}/mtls_certificates`) {
          res.statusCode = 404;
          res.end(JSON.stringify({ success: false, errors: [{ code: 7003, message: `no route for ${req.method} ${req.url}` }], messages: [], result: null }));
          return;
        }
        bodies.push(body);
        const { name } = JSON.parse(body) as { name?: string };
        const result = {
          id: "2458ce5a-0c35-4c7f-82c7-8e9487d3ff60",
          ...(name ? { name } : {}),
          ca: true,
          certificates: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
          issuer: "CN=Hyperdrive Test Root CA",
          signature: "ECDSAWithSHA256",
          serial_number: "1",
          expires_on: "2030-01-01T00:00:00Z",
          uploaded_on: "2026-01-01T00:00:00Z",
          updated_at: "2026-01-01T00:00:00Z",
          type: "custom",
        };
        res.end(JSON.stringify({ success: true, errors: [], messages: [], result }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    rmSync(home, { recursive: true, force: true });
  });

  const env = () => ({ CLOUDFLARE_API_BASE_URL: base, CLOUDFLARE_API_TOKEN: TEST_TOKEN, CLOUDFLARE_ACCOUNT_ID: TEST_ACCOUNT });

  /** wrangler's body for `cert upload certificate-authority ARGS`. */
  function wranglerBody(args: string[]): Promise<unknown> {
    if (!wrangler.ok) throw new Error(wrangler.reason);
    const before = bodies.length;
    return new Promise((resolve, reject) => {
      const child = spawn(wrangler.node, [wrangler.bin, "cert", "upload", "certificate-authority", ...args], {
        cwd: home,
        env: {
          PATH: process.env.PATH,
          HOME: home,
          XDG_CONFIG_HOME: join(home, "config"),
          WRANGLER_LOG_PATH: join(home, "logs"),
          WRANGLER_SEND_METRICS: "false",
          WRANGLER_HIDE_BANNER: "true",
          CI: "true",
          NO_COLOR: "1",
          npm_config_registry: "http://127.0.0.1:9/",
          ...env(),
        },
      });
      let output = "";
      child.stdout.on("data", (chunk) => (output += chunk));
      child.stderr.on("data", (chunk) => (output += chunk));
      const timer = setTimeout(() => child.kill(), 60_000);
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        if (code !== 0 || bodies.length !== before + 1) reject(new Error(`wrangler exited with ${code}, ${bodies.length - before} uploads:\n${output}`));
        else resolve(JSON.parse(bodies[before]));
      });
    });
  }

  async function ourBody(args: string[]): Promise<unknown> {
    const before = bodies.length;
    const r = await runCli(["cert", "upload", "certificate-authority", ...args], { env: env(), cwd: home, home });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    expect(bodies).toHaveLength(before + 1);
    return JSON.parse(bodies[before]);
  }

  it("intermediate then root, root first with a blank line between, CRLF line ends, a UTF-8 byte order mark", async () => {
    const files = [
      f.caChain.path,
      writeFixture("root-first.pem", `${f.rootCa.certPem}\n${f.intermediateCa.certPem}`).path,
      writeFixture("crlf-chain.pem", f.caChain.content.replace(/\n/g, "\r\n")).path,
      writeFixture("bom-chain.pem", `\ufeff${f.caChain.content}`).path,
    ];
    for (const [i, file] of files.entries()) {
      const args = ["--ca-cert", file, ...(i % 2 === 0 ? ["--name", `chain-${i}`] : [])];
      const theirs = await wranglerBody(args);
      expect(await ourBody(args), file).toEqual(theirs);
    }
    expect(JSON.parse(bodies[0])).toEqual({ name: "chain-0", certificates: f.intermediateCa.certPem + f.rootCa.certPem, ca: true });
  }, 240_000);
});
