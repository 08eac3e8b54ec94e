// Shell completion end to end: the scripts `hyperdrive complete bash|zsh|fish` prints, checked by the real shells
// where they are installed, driven as the shells drive them (bash's COMP_WORDS, fish's `complete -C`, zsh on a
// pseudo-terminal), calling the built CLI through a `hyperdrive` on PATH; the name cache that list/get/delete keep,
// against the emulator. No network but loopback.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator, type Emulator } from "../../src/emulator/index";
import { runCli } from "../support/cli";
import { makeCa, makeCert } from "../support/pki";

const BIN = fileURLToPath(new URL("../../bin/hyperdrive.js", import.meta.url));
const TERMINAL = fileURLToPath(new URL("../support/terminal.py", import.meta.url));
const has = (command: string) => spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
const SHELLS = { bash: has("bash"), zsh: has("zsh"), fish: has("fish") };

const SECRET = { host: "db-private-host.example.com", user: "app_user_q7", password: "pw-Q7-never-cached", database: "orders_db_q7" };

let emulator: Emulator;
let work: string;
let shim: string;
let env: Record<string, string>;
let ids: Record<string, string> = {};

/** The built CLI, as a shell runs it: a process with the test's environment, in the work directory (asynchronous: the emulator answers in this process). */
function hyperdrive(args: string[], extra: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: work, env: { ...env, ...extra }, encoding: "utf8" }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}
const offered = async (words: string[], extra: Record<string, string> = {}) =>
  (await hyperdrive(["complete", "--", ...words], extra)).stdout
    .split("\n")
    .filter((l) => l && !l.startsWith(":"))
    .map((l) => l.split("\t")[0]);

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, skipOriginCheck: true });
  work = mkdtempSync(join(tmpdir(), "hyperdrive-complete-"));
  shim = join(work, "bin");
  mkdirSync(shim);
  writeFileSync(join(shim, "hyperdrive"), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(shim, "hyperdrive"), 0o755);
  env = {
    PATH: `${shim}:${process.env.PATH ?? ""}`,
    HOME: work,
    CLOUDFLARE_API_BASE_URL: emulator.url,
    CLOUDFLARE_API_TOKEN: emulator.token,
    CLOUDFLARE_ACCOUNT_ID: emulator.accountId,
  };
  for (const name of ["orders", "orders-eu", "billing"]) {
    const url = `postgres://${SECRET.user}:${SECRET.password}@${SECRET.host}:5432/${SECRET.database}`;
    const r = await hyperdrive(["create", name, "--connection-string", url, "--no-update-config", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    ids[name] = JSON.parse(r.stdout).id;
  }
  writeFileSync(join(work, "ca.pem"), "");
  mkdirSync(join(work, "certs"));
});
afterAll(async () => {
  await emulator?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("hyperdrive complete <shell>", () => {
  it.each(["bash", "zsh", "fish"] as const)("prints the %s script, which the shell accepts (-n)", async (shell) => {
    const r = await hyperdrive(["complete", shell]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("hyperdrive complete -- ");
    expect(r.stdout).toContain(`hyperdrive complete ${shell}`);
    if (!SHELLS[shell]) return console.warn(`skipped: ${shell} is not installed, so its syntax check did not run`);
    const file = join(work, `script.${shell}`);
    writeFileSync(file, r.stdout);
    const check = spawnSync(shell, ["-n", file], { encoding: "utf8" });
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
  });

  it("without a shell, the one $SHELL names; an unknown one is a usage error naming the choices", async () => {
    expect((await hyperdrive(["complete"], { SHELL: "/usr/bin/zsh" })).stdout).toMatch(/^#compdef hyperdrive/);
    const unknown = await hyperdrive(["complete"], { SHELL: "/bin/tcsh" });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("$SHELL is /bin/tcsh, which hyperdrive has no completion script for");
    expect(unknown.stderr).toContain("bash, zsh, fish");
    const powershell = await hyperdrive(["complete", "powershell"]);
    expect(powershell.code).toBe(2);
    expect(powershell.stderr).toContain("There is no completion script for 'powershell'.");
  });

  it("--json: the script in a document", async () => {
    const doc = JSON.parse((await hyperdrive(["complete", "fish", "--json"])).stdout);
    expect(doc.shell).toBe("fish");
    expect(doc.script).toBe((await hyperdrive(["complete", "fish"])).stdout);
  });

  it("--help says how to install each script", async () => {
    const help = (await hyperdrive(["complete", "--help"])).stdout;
    expect(help).toContain("hyperdrive complete bash >> ~/.bashrc");
    expect(help).toContain('hyperdrive complete zsh > "${fpath[1]}/_hyperdrive"');
    expect(help).toContain("~/.config/fish/completions/hyperdrive.fish");
  });
});

describe("hyperdrive complete -- <words…> (each Tab)", () => {
  it("is answered by the launcher without loading the CLI (no ES module loader), as the CLI itself answers", async () => {
    const lines = [["cert", "upload", ""], ["create", "x", "--sslmode", ""], ["--local", "get", ""], ["create", "x", "--ho"], ["cert", "upload", "certificate-authority", "--ca-cert", ""], ["--cwd", ""]];
    for (const words of lines) {
      const launched = spawnSync(process.execPath, [BIN, "complete", "--", ...words], { cwd: work, env: { ...env, NODE_DEBUG: "esm" }, encoding: "utf8" });
      expect(launched.stderr).toBe("");
      const inProcess = await runCli(["complete", "--", ...words], { env, cwd: work, home: work });
      expect(launched.stdout, words.join(" ")).toBe(inProcess.stdout);
      expect(launched.stdout).toMatch(/:\d+\n$/);
    }
  });

  it("the launcher's bundle for it holds no package and no command handler", () => {
    const bundle = readFileSync(fileURLToPath(new URL("../../dist/complete.cjs", import.meta.url)), "utf8");
    expect(bundle).not.toContain("// node_modules/");
    expect(bundle).not.toContain("src/commands/list.ts");
    expect(bundle).toContain("src/commands/complete/candidates.ts");
    expect(bundle.length).toBeLessThan(40_000);
  });

  it("offers the names the last list saw (create added each); no list yet, nothing", async () => {
    expect(await offered(["get", ""])).toEqual(["orders", "orders-eu", "billing"]);
    rmSync(join(work, ".cache"), { recursive: true, force: true });
    expect(await offered(["get", ""])).toEqual([]);
    expect((await hyperdrive(["list", "--json"])).code).toBe(0);
    expect(await offered(["get", ""])).toEqual(["orders", "orders-eu", "billing"]);
    expect(await offered(["delete", "ord"])).toEqual(["orders", "orders-eu"]);
    expect(await offered(["update", ids.billing.slice(0, 6)])).toEqual([ids.billing]);
  });

  it("not another account's names, nor the API's for --local, nor another directory's", async () => {
    expect((await hyperdrive(["list", "--json"])).code).toBe(0);
    expect(await offered(["get", ""], { CLOUDFLARE_ACCOUNT_ID: "f".repeat(32) })).toEqual([]);
    expect(await offered(["--account-id", "f".repeat(32), "get", ""])).toEqual([]);
    expect(await offered(["--local", "get", ""])).toEqual([]);
    expect(await offered(["--cwd", "certs", "get", ""])).toEqual([]);
  });

  it("get by name writes the list it read; delete takes the name out", async () => {
    rmSync(join(work, ".cache"), { recursive: true, force: true });
    expect((await hyperdrive(["get", "orders-eu"])).code).toBe(0);
    expect(await offered(["get", ""])).toEqual(["orders", "orders-eu", "billing"]);
    expect((await hyperdrive(["delete", "orders-eu", "--yes"])).code).toBe(0);
    expect(await offered(["get", ""])).toEqual(["orders", "billing"]);
  });

  it("expired names are not offered (10 minutes)", async () => {
    expect((await hyperdrive(["list", "--json"])).code).toBe(0);
    const dir = join(work, ".cache", "hyperdrive", "completion");
    for (const name of readdirSync(dir)) {
      const file = JSON.parse(readFileSync(join(dir, name), "utf8"));
      const old = Date.now() - 11 * 60_000;
      writeFileSync(join(dir, name), JSON.stringify({ ...file, configs: file.configs.map((c: object) => ({ ...c, seen: old })) }));
    }
    expect(await offered(["get", ""])).toEqual([]);
  });

  it("the cache holds ids and names: no origin host, user, password or database; files 0600", async () => {
    expect((await hyperdrive(["list", "--json"])).code).toBe(0);
    expect((await hyperdrive(["get", ids.billing, "--json"])).stdout).toContain(SECRET.host);
    const dir = join(work, ".cache", "hyperdrive", "completion");
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      const text = readFileSync(join(dir, name), "utf8");
      for (const secret of Object.values(SECRET)) expect(text).not.toContain(secret);
      expect(text).toContain(ids.billing);
      expect(execFileSync("stat", ["-c", "%a", join(dir, name)], { encoding: "utf8" }).trim()).toBe("600");
    }
  });

  it("a cache that cannot be written changes nothing: same output, exit 0, nothing on stderr", async () => {
    writeFileSync(join(work, "not-a-folder"), "");
    const blocked = await hyperdrive(["list", "--json"], { XDG_CACHE_HOME: join(work, "not-a-folder") });
    expect(blocked).toEqual({ ...(await hyperdrive(["list", "--json"])), stderr: "" });
    expect(blocked.code).toBe(0);
    const off = await hyperdrive(["list", "--json"], { XDG_CACHE_HOME: join(work, "off-cache"), HYPERDRIVE_COMPLETION_CACHE: "off" });
    expect(off.code).toBe(0);
    expect(() => readdirSync(join(work, "off-cache", "hyperdrive", "completion"))).toThrow();
  });
});

/** Run the bash completion function as bash's programmable completion calls it, on the words bash would make. */
async function bashComplete(line: string, compWords: string[]): Promise<string[]> {
  const script = join(work, "script.bash");
  writeFileSync(script, (await hyperdrive(["complete", "bash"])).stdout);
  const program = [
    `source ${script}`,
    `COMP_LINE=${JSON.stringify(line)}`,
    "COMP_POINT=${#COMP_LINE}",
    `COMP_WORDS=(${compWords.map((w) => JSON.stringify(w)).join(" ")})`,
    "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))",
    "_hyperdrive_complete",
    `printf '%s\\n' "\${COMPREPLY[@]}"`,
  ].join("\n");
  const r = spawnSync("bash", ["--norc", "--noprofile", "-c", program], { cwd: work, env, encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split("\n").filter(Boolean);
}

describe.skipIf(!SHELLS.bash)("bash", () => {
  it("registers the function for hyperdrive, with file names as the fallback", async () => {
    const script = join(work, "script.bash");
    writeFileSync(script, (await hyperdrive(["complete", "bash"])).stdout);
    const r = spawnSync("bash", ["--norc", "-c", `source ${script}; complete -p hyperdrive`], { encoding: "utf8" });
    expect(r.stdout.trim()).toBe("complete -o default -F _hyperdrive_complete hyperdrive");
  });

  it("completes commands, nested subcommands, flags, aliases and values", async () => {
    expect(await bashComplete("hyperdrive cert up", ["hyperdrive", "cert", "up"])).toEqual(["upload"]);
    expect(await bashComplete("hyperdrive cert upload ", ["hyperdrive", "cert", "upload", ""])).toEqual(["certificate-authority", "mtls-certificate"]);
    expect(await bashComplete("hyperdrive create x --ho", ["hyperdrive", "create", "x", "--ho"])).toEqual(["--host"]);
    expect(await bashComplete("hyperdrive create x --origin-scheme mysql --sslmode ", ["hyperdrive", "create", "x", "--origin-scheme", "mysql", "--sslmode", ""])).toEqual(["REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"]);
  });

  it("--flag=value: bash splits the word at =, readline replaces what follows it", async () => {
    expect(await bashComplete("hyperdrive create x --sslmode=verify-", ["hyperdrive", "create", "x", "--sslmode", "=", "verify-"])).toEqual(["verify-ca", "verify-full"]);
    expect(await bashComplete("hyperdrive create x --scheme=", ["hyperdrive", "create", "x", "--scheme", "="])).toEqual(["postgres", "postgresql", "mysql"]);
    // with a space after the =, the next word stands alone: not --name's value, but a new word (the flags)
    const next = await bashComplete("hyperdrive cert upload certificate-authority --name= ", ["hyperdrive", "cert", "upload", "certificate-authority", "--name", "=", ""]);
    expect(next).toContain("--ca-cert");
  });

  it("config names from the cache", async () => {
    expect((await hyperdrive(["list", "--json"])).code).toBe(0);
    expect(await bashComplete("hyperdrive get ", ["hyperdrive", "get", ""])).toEqual(["orders", "billing"]);
    // "bi", not "b": a prefix of hex digits also offers the ids that start with it, and the emulator picks ids at random.
    expect(await bashComplete("hyperdrive restart bi", ["hyperdrive", "restart", "bi"])).toEqual(["billing"]);
  });
});

describe.skipIf(!SHELLS.fish)("fish", () => {
  const fishComplete = async (line: string) => {
    const script = join(work, "script.fish");
    writeFileSync(script, (await hyperdrive(["complete", "fish"])).stdout);
    const r = spawnSync("fish", ["--no-config", "-c", `source ${script}; complete -C${JSON.stringify(line)}`], { cwd: work, env, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.split("\n").filter(Boolean);
  };

  it("completes subcommands with their descriptions, values, files after --flag=, and config names", async () => {
    expect(await fishComplete("hyperdrive cert upload ")).toEqual([
      expect.stringMatching(/^certificate-authority\tupload the CA certificate/),
      expect.stringMatching(/^mtls-certificate\tupload a client certificate/),
    ]);
    expect(await fishComplete("hyperdrive create x --origin-scheme ")).toEqual(["mysql", "postgres", "postgresql"]);
    expect(await fishComplete("hyperdrive cert upload certificate-authority --ca-cert=c")).toEqual(expect.arrayContaining(["--ca-cert=ca.pem", "--ca-cert=certs/"]));
    expect(await fishComplete("hyperdrive --cwd c")).toEqual(["certs/"]);
    expect((await hyperdrive(["list", "--json"])).code).toBe(0);
    expect((await fishComplete("hyperdrive get ")).map((l) => l.split("\t")[0])).toEqual(["billing", "orders"]);
  });
});

describe.skipIf(!SHELLS.zsh || !has("python3"))("zsh, on a pseudo-terminal", () => {
  it("completes a nested subcommand, a flag's values and a config name at the prompt", async () => {
    const script = join(work, "script.zsh");
    writeFileSync(script, (await hyperdrive(["complete", "zsh"])).stdout);
    expect((await hyperdrive(["list", "--json"])).code).toBe(0);
    const spec = {
      argv: ["zsh", "-f", "-i"],
      cwd: work,
      env: { ...env, TERM: "dumb", PS1: "zsh> " },
      steps: [
        { expect: "zsh> ", keys: [`autoload -U compinit && compinit -u && source ${script}\r`] },
        { expect: "zsh> ", keys: ["hyperdrive cert up\t"] },
        { expect: "upload ", keys: ["\x15hyperdrive create x --origin-scheme mysql --sslmode VERIFY_I\t"] },
        { expect: "VERIFY_IDENTITY ", keys: ["\x15hyperdrive restart bil\t"] },
        { expect: "billing ", keys: ["\x15exit\r"] },
      ],
      timeout: 30,
    };
    const out = JSON.parse(execFileSync("python3", [TERMINAL, JSON.stringify(spec)], { encoding: "utf8", timeout: 60_000 }));
    const screen: string = out.output.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
    expect(screen).toContain("hyperdrive cert upload ");
    expect(screen).toContain("--sslmode VERIFY_IDENTITY ");
    expect(screen).toContain("hyperdrive restart billing ");
  });
});

describe("certificates and sslmodes, from the cache that cert list/get/upload/delete and list keep", () => {
  const cert: Record<string, string> = {};
  let pem: { ca: string; client: string; key: string };
  let clientFiles: string[];
  const cacheDir = () => join(work, ".cache", "hyperdrive", "completion");
  const upload = async (args: string[]) => {
    const r = await hyperdrive([...args, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout).id as string;
  };

  beforeAll(async () => {
    const ca = await makeCa({ cn: "Completion Test Root CA" });
    const client = await makeCert(ca, { cn: "completion-client" });
    pem = { ca: ca.certPem, client: client.certPem, key: client.keyPem };
    clientFiles = ["--cert", client.certPath, "--key", client.keyPath];
    cert.ca = await upload(["cert", "upload", "certificate-authority", "--ca-cert", ca.certPath, "--name", "e2e-ca"]);
    cert.client = await upload(["cert", "upload", "mtls-certificate", ...clientFiles, "--name", "e2e-client"]);
  });

  it("an upload adds the certificate; cert get offers names, --ca-certificate-id the CA's id, --mtls-certificate-id the client's", async () => {
    expect(await offered(["cert", "get", ""])).toEqual(["e2e-ca", "e2e-client"]);
    expect(await offered(["cert", "delete", "e2e-c"])).toEqual(["e2e-ca", "e2e-client"]);
    expect(await offered(["create", "x", "--ca-certificate-id", ""])).toEqual([cert.ca]);
    expect(await offered(["update", "orders", "--mtls-certificate-id", ""])).toEqual([cert.client]);
    const described = (await hyperdrive(["complete", "--", "update", "orders", "--ca-certificate-id", cert.ca.slice(0, 4)])).stdout;
    expect(described).toBe(`${cert.ca}\te2e-ca\n:4\n`);
    // configs and certificates side by side: a config list keeps the certificates, a cert list the configs
    expect((await hyperdrive(["list", "--json"])).code).toBe(0);
    expect(await offered(["cert", "get", ""])).toEqual(["e2e-ca", "e2e-client"]);
    expect(await offered(["get", "bi"])).toEqual(["billing"]);
  });

  it("cert list writes them all, cert get one, not another account's; cert delete takes it out", async () => {
    rmSync(join(work, ".cache"), { recursive: true, force: true });
    expect(await offered(["cert", "get", ""])).toEqual([]);
    expect((await hyperdrive(["cert", "get", "e2e-client", "--json"])).code).toBe(0);
    expect(await offered(["cert", "get", ""])).toEqual(["e2e-client"]);
    expect((await hyperdrive(["cert", "list", "--json"])).code).toBe(0);
    expect(await offered(["cert", "get", ""])).toEqual(["e2e-ca", "e2e-client"]);
    expect(await offered(["cert", "get", ""], { CLOUDFLARE_ACCOUNT_ID: "f".repeat(32) })).toEqual([]);
    expect(await offered(["--local", "cert", "get", ""])).toEqual([]);
    // the launcher answers from the cache as the CLI does
    const launchedAnswer = (words: string[]) => spawnSync(process.execPath, [BIN, "complete", "--", ...words], { cwd: work, env, encoding: "utf8" }).stdout;
    const inProcessAnswer = async (words: string[]) => (await runCli(["complete", "--", ...words], { env: { ...env, XDG_CACHE_HOME: join(work, ".cache") }, cwd: work, home: work })).stdout;
    for (const words of [["cert", "get", ""], ["create", "x", "--ca-certificate-id", ""], ["update", "billing", "--sslmode", ""]]) {
      expect(launchedAnswer(words), words.join(" ")).toBe(await inProcessAnswer(words));
    }
    const launched = { stdout: launchedAnswer(["cert", "delete", "--id", ""]) };
    expect(launched.stdout).toContain(`${cert.client}\te2e-client\n`);

    expect((await hyperdrive(["cert", "delete", "e2e-client", "--yes"])).code).toBe(0);
    expect(await offered(["cert", "get", ""])).toEqual(["e2e-ca"]);
    expect(await offered(["create", "x", "--mtls-certificate-id", ""])).toEqual([]);
    cert.client = await upload(["cert", "upload", "mtls-certificate", ...clientFiles, "--name", "e2e-client"]);
    expect(await offered(["create", "x", "--mtls-certificate-id", ""])).toEqual([cert.client]);
  });

  it("the cache holds ids, names and kinds: no certificate, key or issuer; files 0600", async () => {
    expect((await hyperdrive(["cert", "list", "--json"])).code).toBe(0);
    expect((await hyperdrive(["list", "--json"])).code).toBe(0);
    const files = readdirSync(cacheDir());
    expect(files).toHaveLength(1);
    const text = readFileSync(join(cacheDir(), files[0]), "utf8");
    const pemLines = [pem.ca, pem.client, pem.key].flatMap((p) => p.split("\n").filter((l) => l.length > 20 && !l.startsWith("-----")));
    expect(pemLines.length).toBeGreaterThan(3);
    for (const line of pemLines) expect(text).not.toContain(line);
    for (const marker of ["BEGIN", "PRIVATE", "Completion Test Root CA", "completion-client", ...Object.values(SECRET)]) expect(text).not.toContain(marker);
    const file = JSON.parse(text);
    expect(file.certificates).toEqual(expect.arrayContaining([{ id: cert.ca, name: "e2e-ca", ca: true, seen: expect.any(Number) }]));
    for (const c of file.certificates) expect(Object.keys(c).sort()).toEqual(["ca", "id", "name", "seen"]);
    for (const c of file.configs) expect(Object.keys(c).sort()).toEqual(["id", "name", "scheme", "seen"]);
    expect(execFileSync("stat", ["-c", "%a", join(cacheDir(), files[0])], { encoding: "utf8" }).trim()).toBe("600");
    expect(execFileSync("stat", ["-c", "%a", cacheDir()], { encoding: "utf8" }).trim()).toBe("700");
  });

  it("update <config> --sslmode offers the sslmodes of that config's scheme, once a list or get saw it", async () => {
    const mysql = await hyperdrive(["create", "shop-mysql", "--connection-string", `mysql://${SECRET.user}:${SECRET.password}@${SECRET.host}:3306/${SECRET.database}`, "--no-update-config", "--json"]);
    expect(mysql.code, mysql.stderr).toBe(0);
    try {
      expect(await offered(["update", "shop-mysql", "--sslmode", ""])).toEqual(["REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"]);
      expect(await offered(["update", "billing", "--sslmode", ""])).toEqual(["require", "verify-ca", "verify-full"]);
      expect(await offered(["update", "shop-mysql", "--origin-scheme", "postgres", "--sslmode", ""])).toEqual(["require", "verify-ca", "verify-full"]);
      rmSync(join(work, ".cache"), { recursive: true, force: true });
      expect(await offered(["update", "shop-mysql", "--sslmode", ""])).toEqual(["require", "verify-ca", "verify-full", "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"]);
      expect((await hyperdrive(["get", "shop-mysql", "--json"])).code).toBe(0);
      expect(await offered(["update", "shop-mysql", "--sslmode=V"])).toEqual(["--sslmode=VERIFY_CA", "--sslmode=VERIFY_IDENTITY"]);
      if (SHELLS.bash) {
        const words = ["hyperdrive", "update", "shop-mysql", "--sslmode", ""];
        expect(await bashComplete("hyperdrive update shop-mysql --sslmode ", words)).toEqual(["REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"]);
      }
    } finally {
      expect((await hyperdrive(["delete", "shop-mysql", "--yes"])).code).toBe(0);
    }
  });

  it.skipIf(!SHELLS.bash)("bash: certificate names and ids, as bash's COMP_WORDS gives the words", async () => {
    expect((await hyperdrive(["cert", "list", "--json"])).code).toBe(0);
    expect(await bashComplete("hyperdrive cert get ", ["hyperdrive", "cert", "get", ""])).toEqual(["e2e-ca", "e2e-client"]);
    expect(await bashComplete("hyperdrive create x --ca-certificate-id ", ["hyperdrive", "create", "x", "--ca-certificate-id", ""])).toEqual([cert.ca]);
    const eq = ["hyperdrive", "update", "orders", "--ca-certificate-id", "=", cert.ca.slice(0, 3)];
    expect(await bashComplete(`hyperdrive update orders --ca-certificate-id=${cert.ca.slice(0, 3)}`, eq)).toEqual([cert.ca]);
  });
});
