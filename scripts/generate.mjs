// `npm run generate`: rewrites src/api/validators.ts from the response schemas (scripts/validators-source.ts).
// The TypeScript sources are bundled with esbuild into a scratch file and run, as the build does for the help texts.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const scratch = mkdtempSync(join(tmpdir(), "hyperdrive-generate-"));
try {
  const entry = join(scratch, "entry.ts");
  writeFileSync(
    entry,
    `import { validatorsSource } from ${JSON.stringify(fileURLToPath(new URL("validators-source.ts", import.meta.url)))};
import { RESPONSES } from ${JSON.stringify(fileURLToPath(new URL("../src/api/schemas.ts", import.meta.url)))};
process.stdout.write(validatorsSource(RESPONSES));`,
  );
  await build({ entryPoints: [entry], outfile: join(scratch, "entry.mjs"), bundle: true, format: "esm", platform: "node", logLevel: "warning" });
  const text = execFileSync(process.execPath, [join(scratch, "entry.mjs")], { encoding: "utf8" });
  writeFileSync(new URL("../src/api/validators.ts", import.meta.url), text);
  console.log("wrote src/api/validators.ts");
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
