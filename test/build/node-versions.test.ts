// The built CLI on the other Node lines it supports: the suite itself runs on the machine's Node (20), and this file runs
// the main job — apply twice into a Worker's wrangler.jsonc, list, check, delete, on the local emulator — on Node 22
// and Node 24 from the test-tools cache (`node scripts/test-tools.mjs --install` puts them there; .ci/run does so). A
// missing Node skips its block and says why.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findTool, type FoundTool } from "../../scripts/test-tools.mjs";

const BIN = fileURLToPath(new URL("../../bin/hyperdrive.js", import.meta.url));
const VERSION = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version as string;

const nodes: Array<{ major: number; tool: FoundTool }> = [
  { major: 22, tool: findTool("node22") },
  // Node 24 is the one installed beside wrangler (and alchemy).
  { major: 24, tool: findTool("wrangler").ok ? findTool("wrangler") : findTool("alchemy") },
];

for (const { major, tool } of nodes) {
  if (!tool.ok) console.warn(`Skipping the CLI on Node ${major}: ${tool.reason}`);
  const node = tool.ok ? tool.node : "";

  describe.skipIf(!tool.ok)(`the CLI on Node ${major}`, () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), `hd-node${major}-`));
      writeFileSync(join(dir, "wrangler.jsonc"), '{\n  // the Worker\n  "name": "w",\n  "main": "src/index.js"\n}\n');
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const run = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
        const env = { PATH: process.env.PATH ?? "", HOME: dir, HYPERDRIVE_LOCAL_ORIGIN_CHECK: "off", NO_COLOR: "1" };
        execFile(node, [BIN, ...args], { cwd: dir, env, timeout: 60_000 }, (error, stdout, stderr) =>
          done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });

    it(`runs on Node ${major}: --version, then apply twice (created, unchanged), list, check and delete`, async () => {
      expect((await run(["--version"])).stdout.trim()).toBe(VERSION);
      const apply = ["--local", "apply", "demo", "--connection-string", "postgres://app:secret@db.example.com:5432/app", "--update-config", "--keep-secrets", "--json"];
      const first = await run(apply);
      expect(first.code, first.stderr).toBe(0);
      expect(JSON.parse(first.stdout)).toMatchObject({ action: "created", config: { name: "demo", origin: { host: "db.example.com" } } });
      const second = await run(apply);
      expect(second.code, second.stderr).toBe(0);
      expect(JSON.parse(second.stdout)).toMatchObject({ action: "unchanged", changes: [] });
      const wrangler = readFileSync(join(dir, "wrangler.jsonc"), "utf8");
      expect(wrangler).toContain("// the Worker");
      expect(wrangler).toMatch(/"hyperdrive"/);

      const list = await run(["--local", "list", "--json"]);
      expect(list.code, list.stderr).toBe(0);
      expect(JSON.parse(list.stdout).map((c: { name: string }) => c.name)).toEqual(["demo"]);
      const check = await run(["--local", "check", "--json"]);
      expect(check.code, check.stdout + check.stderr).toBe(0);
      expect(JSON.parse(check.stdout)).toMatchObject({ summary: { deployable: true } });
      const del = await run(["--local", "delete", "demo", "--yes"]);
      expect(del.code, del.stderr).toBe(0);
      expect(JSON.parse((await run(["--local", "list", "--json"])).stdout)).toEqual([]);
      expect(first.stdout + second.stdout + list.stdout + check.stdout).not.toContain("secret");
    }, 90_000);
  });
}
