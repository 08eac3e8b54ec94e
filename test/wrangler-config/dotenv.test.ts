import { execFileSync } from "node:child_process";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isGitIgnored, setLocalConnectionString } from "../../src/wrangler-config/dotenv";
import { DotenvValueError, findDotenvShadows, quoteDotenvValue, setDotenvValue } from "../../src/wrangler-config/dotenv";
import { useTempDirs } from "./helpers";

const tempDir = useTempDirs();
const KEY = "CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE";
const URL = "postgres://dev:s3cret@localhost:5432/orders";

describe("quoteDotenvValue", () => {
  it("single quotes by default, and escapes $ against dotenv-expand", () => {
    expect(quoteDotenvValue(URL)).toBe(`'${URL}'`);
    expect(quoteDotenvValue("postgres://u:pa$$word@h/db")).toBe("'postgres://u:pa\\$\\$word@h/db'");
  });

  it("picks a quote the value does not contain", () => {
    expect(quoteDotenvValue("postgres://u:it's@h/db")).toBe("`postgres://u:it's@h/db`");
    expect(quoteDotenvValue("postgres://u:'`@h/db")).toBe(`"postgres://u:'\`@h/db"`);
  });

  it("refuses what .env cannot carry, without echoing the value", () => {
    expect(() => quoteDotenvValue("postgres://u:a'`\"b@h/db")).toThrow(/percent-encode one of them/);
    expect(() => quoteDotenvValue("postgres://u:a\\b@h/db")).toThrow(/backslash/);
    let error: unknown;
    try {
      quoteDotenvValue("postgres://u:hunter2\n@h/db");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DotenvValueError);
    expect((error as Error).message).not.toContain("hunter2");
  });
});

describe("setDotenvValue", () => {
  it("appends to a file, adding the missing final line break", () => {
    expect(setDotenvValue("", KEY, URL)).toBe(`${KEY}='${URL}'\n`);
    expect(setDotenvValue("A=1", KEY, URL)).toBe(`A=1\n${KEY}='${URL}'\n`);
    expect(setDotenvValue("A=1\r\n", KEY, URL)).toBe(`A=1\r\n${KEY}='${URL}'\r\n`);
  });

  it("replaces only the line that defines the key, keeping everything else byte for byte", () => {
    const before = `# local secrets\r\nA=1\r\nexport ${KEY}="postgres://old"  # old\r\n${KEY}_REPLICA='x'\r\n\r\nB=2`;
    const after = `# local secrets\r\nA=1\r\nexport ${KEY}='${URL}'\r\n${KEY}_REPLICA='x'\r\n\r\nB=2`;
    expect(setDotenvValue(before, KEY, URL)).toBe(after);
  });
});

describe("setDotenvValue reads variables as dotenv does", () => {
  it("a line inside another variable's multi-line quoted value is that value, not a definition: left alone", () => {
    const before = `CERT="-----BEGIN-----\n${KEY}=inside-the-cert\n-----END-----"\nA=1\n`;
    expect(setDotenvValue(before, KEY, URL)).toBe(`${before}${KEY}='${URL}'\n`);
  });

  it("the real definition after such a value is replaced, the value before it kept", () => {
    const before = `NOTE='multi\n${KEY}=not-this\nline'\n${KEY}=old # was\nB=2\n`;
    expect(setDotenvValue(before, KEY, URL)).toBe(`NOTE='multi\n${KEY}=not-this\nline'\n${KEY}='${URL}'\nB=2\n`);
  });
});

describe("setLocalConnectionString", () => {
  it("creates .env with mode 0600", async () => {
    const dir = await tempDir();
    const result = await setLocalConnectionString({ dir, binding: "HYPERDRIVE", connectionString: URL });
    expect(result).toEqual({ path: join(dir, ".env"), variable: KEY, changed: true, firstInFile: true });
    expect(await readFile(join(dir, ".env"), "utf8")).toBe(`${KEY}='${URL}'\n`);
    expect((await stat(join(dir, ".env"))).mode & 0o777).toBe(0o600);
  });

  it("replaces the line in an existing .env, keeps the rest and the file's mode", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, ".env"), `API_KEY=abc\n${KEY}='postgres://old'\n# end\n`, { mode: 0o644 });
    await setLocalConnectionString({ dir, binding: "HYPERDRIVE", connectionString: URL });
    expect(await readFile(join(dir, ".env"), "utf8")).toBe(`API_KEY=abc\n${KEY}='${URL}'\n# end\n`);
    expect((await stat(join(dir, ".env"))).mode & 0o777).toBe(0o644);
  });

  it("reports no change when the value is already there", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, ".env"), `${KEY}='${URL}'\n`);
    expect((await setLocalConnectionString({ dir, binding: "HYPERDRIVE", connectionString: URL })).changed).toBe(false);
  });

  it("refuses a binding name that a .env key cannot hold", async () => {
    const dir = await tempDir();
    await expect(setLocalConnectionString({ dir, binding: "$DB", connectionString: URL })).rejects.toThrow(/not a name \.env files can define/);
  });
});

describe("findDotenvShadows", () => {
  const define = `export ${KEY}='postgres://other:elsewhere@localhost/db'\n`;

  it("without --env only .env.local wins over .env; .env.<name> files do not apply", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, ".env.staging"), define);
    await writeFile(join(dir, ".env.staging.local"), define);
    expect(await findDotenvShadows({ dir, variable: KEY })).toEqual({ environment: false, files: [] });
    await writeFile(join(dir, ".env.local"), `A=1\n${define}`);
    expect(await findDotenvShadows({ dir, variable: KEY })).toEqual({ environment: false, files: [join(dir, ".env.local")] });
  });

  it("with --env (the value is in .env.<name>): only .env.<name>.local wins over it; .env, .env.local and other environments' files do not", async () => {
    const dir = await tempDir();
    for (const name of [".env", ".env.local", ".env.staging.local", ".env.production", ".env.production.local"]) {
      await writeFile(join(dir, name), define);
    }
    expect(await findDotenvShadows({ dir, variable: KEY, env: "staging" })).toEqual({
      environment: false,
      files: [join(dir, ".env.staging.local")],
    });
  });

  it("counts only a line that defines the variable, not a comment or a longer name", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, ".env.local"), `# ${KEY}='x'\n${KEY}_REPLICA='x'\nOTHER=${KEY}\n`);
    expect((await findDotenvShadows({ dir, variable: KEY })).files).toEqual([]);
  });

  it("skips a file it cannot read instead of failing", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, ".env.staging.local"));
    expect(await findDotenvShadows({ dir, variable: KEY, env: "staging" })).toEqual({ environment: false, files: [] });
    await writeFile(join(dir, ".env.local"), Buffer.from([0xe9, 0x0a]));
    expect(await findDotenvShadows({ dir, variable: KEY })).toEqual({ environment: false, files: [] });
  });

  it("a non-empty shell value wins over every file; an empty one does not (dotenv-expand keeps the file's value)", async () => {
    const dir = await tempDir();
    expect((await findDotenvShadows({ dir, variable: KEY, processEnv: { [KEY]: "postgres://x" } })).environment).toBe(true);
    expect((await findDotenvShadows({ dir, variable: KEY, processEnv: { [KEY]: "" } })).environment).toBe(false);
    expect((await findDotenvShadows({ dir, variable: KEY, processEnv: { OTHER: "1", [KEY]: undefined } })).environment).toBe(false);
  });
});

describe("isGitIgnored", () => {
  const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, stdio: "ignore" });

  it("ignored / not-ignored inside a repository, unknown outside one", async () => {
    const repo = await tempDir();
    git(repo, "init", "-q");
    expect(await isGitIgnored(join(repo, ".env"))).toBe("not-ignored");
    await writeFile(join(repo, ".gitignore"), ".env\n");
    expect(await isGitIgnored(join(repo, ".env"))).toBe("ignored");
    const outside = await tempDir();
    expect(await isGitIgnored(join(outside, ".env"))).toBe("unknown");
  });

  it("a tracked .env is not ignored, even when listed in .gitignore", async () => {
    const repo = await tempDir();
    git(repo, "init", "-q");
    await writeFile(join(repo, ".env"), "A=1\n");
    git(repo, "add", ".env");
    await writeFile(join(repo, ".gitignore"), ".env\n");
    expect(await isGitIgnored(join(repo, ".env"))).toBe("not-ignored");
  });
});
