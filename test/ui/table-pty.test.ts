// `hyperdrive list` on a real terminal 80 columns wide (a pseudo-terminal): every row fits on one line, CJK and emoji
// names keep the columns aligned, a name with a tab and a newline stays on its row; piped, every column is shown.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runOnPty } from "../support/pty";
import { hyperdrive } from "../e2e/support";
import { displayWidth } from "../../src/ui/table-render";

let dir: string;
const NAMES = ["orders-primary", "注文データベース", "🐘 analytics 👩‍💻", "tab\there\nnewline"];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "hyperdrive-table-pty-"));
  const env = { HOME: dir, HYPERDRIVE_LOCAL_ORIGIN_CHECK: "off" };
  const hosts = ["orders-primary.cluster-c9akciq32.us-east-1.rds.amazonaws.com", "db.example.com", "db.example.com", "db.example.com"];
  for (const [i, host] of hosts.entries()) {
    const r = await hyperdrive(["--local", "create", `config-${i}`, "--connection-string", `postgres://app:pw@${host}:5432/orders`, "--max-age", "120"], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
  }
  // Names as another client may have set them (create refuses control characters): straight into the emulator's state.
  const statePath = join(dir, ".hyperdrive", "local-state.json");
  const state = JSON.parse(readFileSync(statePath, "utf8"));
  state.configs.forEach((c: { name: string }, i: number) => (c.name = NAMES[i]));
  writeFileSync(statePath, JSON.stringify(state, null, 2));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The lines the terminal shows at the end: the spinner (on stderr, the same terminal) draws on a line and erases it
 * by moving to its start (CSI G, or a carriage return) and clearing it (CSI 2K), so what follows overwrites it.
 */
function screenLines(raw: string): string[] {
  return raw
    .replace(/\r\n/g, "\n")
    .split("\n")
    .map((line) => line.replace(/^.*(?:\x1b\[\d*G|\x1b\[2K|\r)/s, "").replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ""))
    .filter((line) => line !== "");
}

describe("list on an 80-column terminal", () => {
  it("fits every line in 80 columns, one line per config, columns aligned", async () => {
    const r = await runOnPty(["--local", "list"], { cwd: dir, steps: [], columns: 80 });
    expect(r.status).toBe(0);
    const lines = screenLines(r.raw);
    expect(lines).toHaveLength(2 + NAMES.length);
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
    expect(lines[0].split(/\s{2,}/)).toEqual(["id", "name", "host", "database"]);
    expect(r.output).toContain("注文データベース");
    expect(r.output).toContain("🐘 analytics 👩‍💻");
    expect(r.output).toContain("tab\\there\\nnewline");
    expect(r.output).toMatch(/  orders-primary\.\S*…  orders/);
    // The database column starts at the same terminal column on every line.
    const at = (line: string) => displayWidth(line.slice(0, line.lastIndexOf("  ") + 2));
    for (const line of lines.slice(2)) expect(at(line), line).toBe(displayWidth(lines[0].slice(0, lines[0].indexOf("database"))));
  });

  it("--json on the same terminal keeps every value whole", async () => {
    const r = await runOnPty(["--local", "list", "--json"], { cwd: dir, steps: [], columns: 80 });
    expect(r.status).toBe(0);
    const configs = JSON.parse(r.output) as Array<{ name: string; origin: { host: string } }>;
    expect(configs.map((c) => c.name).sort()).toEqual([...NAMES].sort());
    expect(configs.map((c) => c.origin.host)).toContain("orders-primary.cluster-c9akciq32.us-east-1.rds.amazonaws.com");
  });

  it("piped (no terminal), every column in full", async () => {
    const r = await hyperdrive(["--local", "list"], { cwd: dir, env: { HOME: dir } });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2 + NAMES.length);
    expect(lines[0].split(/\s{2,}/)).toEqual(["id", "name", "user", "host", "port", "scheme", "database", "caching", "mtls", "connection limit"]);
    expect(r.stdout).toContain("orders-primary.cluster-c9akciq32.us-east-1.rds.amazonaws.com");
  });
});
