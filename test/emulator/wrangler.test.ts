// wrangler's own `hyperdrive` and `cert` commands against the emulator, through scripts/wrangler-compat.mjs. It runs
// when wrangler 4.164 and Node 24 are in the test-tools cache (`node scripts/test-tools.mjs --install` puts them there;
// .ci/run does so), and skips itself, saying why, otherwise, so that `npm test` never needs the npm registry.
import { execFile } from "node:child_process";
import { describe, expect, it } from "vitest";
import { findTool } from "../../scripts/test-tools.mjs";

const wrangler = findTool("wrangler");
if (!wrangler.ok) console.warn(`Skipping the wrangler compatibility test: ${wrangler.reason}`);

describe.skipIf(!wrangler.ok)("wrangler 4.164 against the emulator", () => {
  it("creates, lists, gets, updates and deletes configs and uploads, lists and deletes certificates", async () => {
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      execFile(
        process.execPath,
        ["scripts/wrangler-compat.mjs"],
        { timeout: 290_000 },
        (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, output: stdout + stderr }),
      );
    });
    expect(code, output).toBe(0);
    expect(output).toMatch(/wrangler 4\.164\.\d+ \(Node v24\.\d+\.\d+\) against the emulator: (\d+)\/\1 checks passed/);
    expect(output).not.toContain("✗");
  }, 300_000);
});
