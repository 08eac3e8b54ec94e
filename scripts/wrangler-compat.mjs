#!/usr/bin/env node
// Runs wrangler's own `hyperdrive` and `cert` commands against the local emulator and checks their output and exit
// codes: the emulator must work, unchanged, for a client we did not write.
//
//   node scripts/wrangler-compat.mjs                 install wrangler if needed, then run the checks
//   node scripts/wrangler-compat.mjs --install-only  only install wrangler (scripts/test-tools.mjs --install wrangler)
//   node scripts/wrangler-compat.mjs --verbose       also print every wrangler output
//
// wrangler 4.164 and the Node 24 it needs come from scripts/test-tools.mjs (a cache folder outside the project's
// dependencies). The emulator is bundled from src/ with esbuild (a devDependency) into a temporary folder. wrangler
// talks to loopback only: its banner (and with it the npm update check) is hidden, metrics are off, and it runs with a
// throwaway HOME.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { findTool, installTool } from "./test-tools.mjs";

const verbose = process.argv.includes("--verbose");
const projectDir = dirname(dirname(fileURLToPath(import.meta.url)));

/** Bundles src/emulator into the cache folder and starts it. The probe stays out: origins are not tested here. */
async function startBundledEmulator() {
  const { build } = await import("esbuild");
  const outfile = join(mkdtempSync(join(tmpdir(), "wrangler-compat-emulator-")), "emulator.mjs");
  await build({
    absWorkingDir: projectDir,
    entryPoints: ["src/emulator/index.ts"],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "error",
    plugins: [
      {
        name: "leave-out-the-probe",
        setup(builder) {
          builder.onResolve({ filter: /\/probe\/index$/ }, (args) => ({ path: args.path, external: true }));
        },
      },
    ],
  });
  const { startEmulator } = await import(pathToFileURL(outfile).href);
  rmSync(dirname(outfile), { recursive: true, force: true });
  return startEmulator({ port: 0, skipOriginCheck: true, maxConfigs: 50 });
}

/** A CA, a client certificate signed by it, and a CA chain (an intermediate CA it signed, then itself), made with the openssl CLI. */
function makeCertificates(dir) {
  const openssl = (...args) => execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  openssl("req", "-x509", ...ec, "-days", "30", "-subj", "/CN=Compat CA", "-keyout", "ca.key", "-out", "ca.pem");
  openssl("req", ...ec, "-subj", "/CN=compat-client", "-keyout", "client.key", "-out", "client.csr");
  openssl(
    "x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", "4242", "-days", "30",
    "-out", "client.pem",
  );
  writeFileSync(join(dir, "intermediate.ext"), "basicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\n");
  openssl("req", ...ec, "-subj", "/CN=Compat Intermediate CA", "-keyout", "intermediate.key", "-out", "intermediate.csr");
  openssl(
    "x509", "-req", "-in", "intermediate.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", "4343", "-days", "30",
    "-extfile", "intermediate.ext", "-out", "intermediate.pem",
  );
  writeFileSync(join(dir, "chain.pem"), readFileSync(join(dir, "intermediate.pem"), "utf8") + readFileSync(join(dir, "ca.pem"), "utf8"));
}

async function runChecks(wranglerTool) {
  const emulator = await startBundledEmulator();
  const workDir = mkdtempSync(join(tmpdir(), "wrangler-compat-"));
  makeCertificates(workDir);
  const env = {
    PATH: process.env.PATH,
    HOME: workDir,
    XDG_CONFIG_HOME: join(workDir, "config"),
    WRANGLER_LOG_PATH: join(workDir, "logs"),
    CLOUDFLARE_API_BASE_URL: emulator.url,
    CLOUDFLARE_API_TOKEN: emulator.token,
    CLOUDFLARE_ACCOUNT_ID: emulator.accountId,
    WRANGLER_SEND_METRICS: "false",
    WRANGLER_HIDE_BANNER: "true",
    CI: "true",
    NO_COLOR: "1",
    FORCE_COLOR: "0",
    // Should anything still ask npm for a newer wrangler, it asks a closed loopback port.
    npm_config_registry: "http://127.0.0.1:9/",
  };
  const wrangler = (args, extraEnv = {}, cwd = workDir) =>
    new Promise((resolve, reject) => {
      // A variable set to undefined in extraEnv is removed.
      const childEnv = Object.fromEntries(Object.entries({ ...env, ...extraEnv }).filter(([, value]) => value !== undefined));
      const child = spawn(wranglerTool.node, [wranglerTool.bin, ...args], { cwd, env: childEnv });
      let output = "";
      child.stdout.on("data", (chunk) => (output += chunk));
      child.stderr.on("data", (chunk) => (output += chunk));
      const timer = setTimeout(() => child.kill(), 60_000);
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });

  let failures = 0;
  let checks = 0;
  /** Runs `wrangler args`, checks its exit code and output, and answers the output. */
  const check = async (args, { exit = 0, includes = [], excludes = [], env: extraEnv, cwd } = {}) => {
    const { code, output } = await wrangler(args, extraEnv, cwd);
    const problems = [];
    if (code !== exit) problems.push(`exit code ${code}, expected ${exit}`);
    for (const text of includes) {
      if (!(typeof text === "string" ? output.includes(text) : text.test(output))) problems.push(`output lacks ${text}`);
    }
    for (const text of excludes) if (output.includes(text)) problems.push(`output contains ${text}`);
    checks++;
    const title = `wrangler ${args.map((arg) => (arg.includes(" ") ? JSON.stringify(arg) : arg)).join(" ")}`;
    if (problems.length === 0) {
      console.log(`✓ ${title}${verbose ? `\n${output.replace(/^/gm, "      | ")}` : ""}`);
    } else {
      failures++;
      console.log(`✗ ${title}\n    ${problems.join("\n    ")}\n    output:\n${output.replace(/^/gm, "      | ")}`);
    }
    return output;
  };
  const captured = (output, pattern) => pattern.exec(output)?.[1] ?? "(missing)";

  try {
    const ca = await check(["cert", "upload", "certificate-authority", "--ca-cert", "ca.pem", "--name", "compat-ca"], {
      includes: ["Success! Uploaded CA Certificate compat-ca", /ID: [0-9a-f-]{36}/, "Issuer: CN=Compat CA"],
    });
    const caId = captured(ca, /ID: ([0-9a-f-]{36})/);
    const client = await check(
      ["cert", "upload", "mtls-certificate", "--cert", "client.pem", "--key", "client.key", "--name", "compat-client"],
      { includes: ["Success! Uploaded mTLS Certificate compat-client", "Issuer: CN=Compat CA"] },
    );
    const clientId = captured(client, /ID: ([0-9a-f-]{36})/);
    const chain = await check(["cert", "upload", "certificate-authority", "--ca-cert", "chain.pem", "--name", "compat-chain"], {
      includes: ["Success! Uploaded CA Certificate compat-chain", /ID: [0-9a-f-]{36}/, "Issuer: CN=Compat CA"],
    });
    const chainId = captured(chain, /ID: ([0-9a-f-]{36})/);
    await check(["cert", "list"], {
      includes: [`ID: ${caId}`, "Name: compat-ca", "CA: true", `ID: ${clientId}`, "Name: compat-client", `ID: ${chainId}`, "Name: compat-chain"],
      excludes: ["PRIVATE KEY"],
    });

    await check(["whoami"], { includes: ["emulator@example.com", emulator.accountId] });
    const signature = await check(["hyperdrive", "planetscale", "signature"], { includes: [`"account_id": "${emulator.accountId}"`, /"signature": "[0-9a-f]{64}"/] });
    // Only the JSON on stdout, meant for piping: the experimental notice goes to stderr.
    if (!/^\{\n {4}"account_id"/m.test(signature)) {
      failures++;
      console.log("✗ the signature is not 4-space JSON");
    }

    const connection = "postgres://app_user:s3cret-pw@db.example.com:5432/app";
    const created = await check(["hyperdrive", "create", "compat-db", "--connection-string", connection], {
      includes: [/Created new Hyperdrive PostgreSQL config: [0-9a-f]{32}/],
    });
    const id = captured(created, /config: ([0-9a-f]{32})/);
    await check(["hyperdrive", "create", "compat-db", "--connection-string", connection], {
      exit: 1,
      includes: ["A Hyperdrive config with the given name already exists [code: 2017]"],
    });
    await check(["hyperdrive", "create", "compat-mysql", "--connection-string", "mysql://u:pw@db.example.com/app"], {
      includes: [/Created new Hyperdrive MySQL config: [0-9a-f]{32}/],
    });
    await check(
      ["hyperdrive", "create", "compat-access", "--origin-host", "db.internal.example", "--access-client-id", "id.access",
        "--access-client-secret", "access-s3cret", "--database", "app", "--origin-user", "u", "--origin-password", "pw"],
      { includes: [/Created new Hyperdrive PostgreSQL config: [0-9a-f]{32}/] },
    );
    await check(["hyperdrive", "get", id], {
      includes: ['"name": "compat-db"', '"host": "db.example.com"', '"port": 5432'],
      excludes: ["s3cret-pw"],
    });

    // 25 more configs, so that `list` has to page (wrangler asks for page 2 while page*per_page < total_count).
    const seeded = Array.from({ length: 25 }, (_, index) => `seeded-${index}`);
    for (const name of seeded) {
      const response = await fetch(`${emulator.url}/accounts/${emulator.accountId}/hyperdrive/configs`, {
        method: "POST",
        headers: { authorization: `Bearer ${emulator.token}`, "content-type": "application/json" },
        body: JSON.stringify({ name, origin: { scheme: "postgres", database: "d", user: "u", password: "p", host: "h.example", port: 5432 } }),
      });
      if (!response.ok) throw new Error(`seeding ${name} failed: HTTP ${response.status}`);
    }
    await check(["hyperdrive", "list"], {
      includes: [id, "compat-db", "compat-mysql", "compat-access", ...seeded.map((name) => ` ${name} `)],
      excludes: ["s3cret", "access-s3cret"],
    });

    // Without CLOUDFLARE_ACCOUNT_ID, wrangler finds the account through /memberships. In a folder of its own: wrangler
    // remembers the account it used in its working directory, which would answer instead.
    const fresh = join(workDir, "no-account");
    mkdirSync(fresh);
    await check(["hyperdrive", "list"], { env: { CLOUDFLARE_ACCOUNT_ID: undefined }, cwd: fresh, includes: [id, "compat-db"] });

    await check(["hyperdrive", "update", id, "--origin-password", "rotated-pw", "--max-age", "30", "--swr", "5"], {
      includes: [`Updated ${id} Hyperdrive config`, '"max_age": 30', '"stale_while_revalidate": 5'],
      excludes: ["rotated-pw"],
    });
    await check(["hyperdrive", "update", id, "--caching-disabled"], { includes: ['"disabled": true'] });
    await check(
      ["hyperdrive", "update", id, "--ca-certificate-id", caId, "--mtls-certificate-id", clientId, "--sslmode", "verify-full"],
      { includes: [`"ca_certificate_id": "${caId}"`, `"mtls_certificate_id": "${clientId}"`, '"sslmode": "verify-full"'] },
    );
    await check(["hyperdrive", "update", id, "--service-id", "0199295bb3ac77608246bca40877b3e9"], {
      exit: 1,
      includes: ["mtls cannot be used with service_id. [code: 2007]"],
    });
    await check(["cert", "delete", "--id", caId], { exit: 1, includes: ["[code: 1410]"] });
    await check(["hyperdrive", "delete", id], { includes: [`Deleting Hyperdrive database config ${id}`, "Deleted"] });
    await check(["hyperdrive", "get", id], { exit: 1, includes: [`Hyperdrive config not found: ${id} [code: 10007]`] });
    await check(["cert", "delete", "--id", caId], { includes: [`Deleted certificate ${caId} (compat-ca) successfully`] });
    await check(["cert", "delete", "--name", "compat-client"], {
      includes: [`Deleted certificate ${clientId} (compat-client) successfully`],
    });
    await check(["cert", "delete", "--name", "compat-chain"], { includes: [`Deleted certificate ${chainId} (compat-chain) successfully`] });
    await check(["cert", "list"], { excludes: [caId, clientId, chainId] });
    await check(["hyperdrive", "list"], {
      exit: 1,
      env: { CLOUDFLARE_API_TOKEN: "not-the-emulator-token" },
      includes: ["Authentication error [code: 10000]"],
    });
  } finally {
    await emulator.close();
    rmSync(workDir, { recursive: true, force: true });
  }
  console.log(`\nwrangler ${wranglerTool.version} (Node ${wranglerTool.nodeVersion}) against the emulator: ${checks - failures}/${checks} checks passed`);
  return failures === 0;
}

if (!findTool("wrangler").ok && !installTool("wrangler")) process.exit(1);
if (!process.argv.includes("--install-only")) {
  const tool = findTool("wrangler");
  if (!tool.ok) {
    console.error(tool.reason);
    process.exit(1);
  }
  const passed = await runChecks(tool);
  process.exitCode = passed ? 0 : 1;
}
