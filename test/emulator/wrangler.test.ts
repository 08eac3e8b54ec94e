// wrangler's own `hyperdrive` and `cert` commands against the emulator, through scripts/wrangler-compat.mjs. It runs
// when wrangler 4.85 is in the cache folder (`node scripts/wrangler-compat.mjs --install-only` puts it there; .ci/run
// does so), and is skipped otherwise, so that `npm test` never needs the npm registry.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const cacheDir = process.env.HYPERDRIVE_WRANGLER_CACHE ?? join(homedir(), ".cache", "hyperdrive-wrangler");
const packageJson = join(cacheDir, "node_modules", "wrangler", "package.json");
const installed = existsSync(packageJson) && JSON.parse(readFileSync(packageJson, "utf8")).version.startsWith("4.85.");

describe.skipIf(!installed)("wrangler 4.85 against the emulator", () => {
  it("creates, lists, gets, updates and deletes configs and uploads, lists and deletes certificates", async () => {
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      execFile(
        process.execPath,
        ["scripts/wrangler-compat.mjs"],
        { timeout: 230_000, env: { ...process.env, HYPERDRIVE_WRANGLER_CACHE: cacheDir } },
        (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, output: stdout + stderr }),
      );
    });
    expect(code, output).toBe(0);
    expect(output).toMatch(/wrangler 4\.85\.\d+ against the emulator: (\d+)\/\1 checks passed/);
    expect(output).not.toContain("✗");
  }, 240_000);
});
