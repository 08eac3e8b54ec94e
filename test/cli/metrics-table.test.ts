// `hyperdrive metrics` (every config) with names that are wide or hold control characters: the table is laid out in
// 80 columns measured as a terminal shows them, numbers end at their column's right edge, a newline stays on its row.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../../src/emulator/index";
import { displayWidth } from "../../src/ui/table-render";
import { runCli } from "../support/cli";

const NOW = new Date("2026-12-01T12:00:00Z");
const NAMES = ["注文データベース本番東京リージョン第二系統", "two\nlines"];
const stored = (i: number, name: string) => ({
  id: String(i).repeat(32),
  name,
  origin: { scheme: "postgres", host: "db.example.com", port: 5432, database: "app", user: "app", password: "s3cret" },
  caching: { disabled: false },
  origin_connection_limit: 60,
  created_on: "2026-10-01T00:00:00.000Z",
  modified_on: "2026-10-01T00:00:00.000Z",
});

let emulator: Emulator;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "hyperdrive-metrics-table-"));
  const statePath = join(dir, "state.json");
  writeFileSync(statePath, JSON.stringify({ version: 1, configs: NAMES.map((n, i) => stored(i + 1, n)), certificates: [] }));
  emulator = await startEmulator({ port: 0, statePath, skipOriginCheck: true, now: () => NOW });
});
afterAll(async () => {
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("metrics, every config", () => {
  it("fits 80 columns by display width: the wide name cut with …, the newline written out, numbers right-aligned", async () => {
    const r = await runCli(["metrics", "--since", "7d"], {
      now: NOW,
      env: { NO_COLOR: "1", CLOUDFLARE_API_BASE_URL: emulator.url, CLOUDFLARE_API_TOKEN: emulator.token, CLOUDFLARE_ACCOUNT_ID: emulator.accountId },
    });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split("\n");
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
    const header = lines.findIndex((l) => l.startsWith("config"));
    const rows = lines.slice(header + 2, header + 4);
    expect(rows[0]).toMatch(/^注文データベース\S*…  /);
    expect(rows[1]).toMatch(/^two\\nlines +\d/);
    // "queries" ends where each row's count ends: the same display column.
    const end = (line: string, text: string) => displayWidth(line.slice(0, line.indexOf(text) + text.length));
    for (const row of rows) expect(end(row, row.split(/\s{2,}/)[1])).toBe(end(lines[header], "queries"));
  });
});
