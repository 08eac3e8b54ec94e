import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readUserFile } from "../../src/certs/read";
import { UsageError } from "../../src/errors";

describe("readUserFile: a file named in a flag, relative to the working directory", () => {
  const dir = mkdtempSync(join(tmpdir(), "hd-read-"));
  const bytes = Buffer.from("\ufeff-----BEGIN CERTIFICATE-----\r\nMIIB\r\n-----END CERTIFICATE-----\r\n");
  writeFileSync(join(dir, "ca.pem"), bytes);
  mkdirSync(join(dir, "certs"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("returns the bytes as they are, with the flag and the path as the user wrote it", async () => {
    const file = await readUserFile(dir, "--ca-cert", "ca.pem");
    expect(file).toMatchObject({ flag: "--ca-cert", path: "ca.pem" });
    expect(Buffer.compare(file.bytes, bytes)).toBe(0);
    expect((await readUserFile("/", "--cert", join(dir, "ca.pem"))).bytes.length).toBe(bytes.length);
  });

  it("a missing file or a directory is a usage error naming the flag and the path", async () => {
    const missing = await readUserFile(dir, "--client-key", "nope.pem").catch((e) => e);
    expect(missing).toBeInstanceOf(UsageError);
    expect(missing.message).toBe("--client-key nope.pem: no such file.");
    const folder = await readUserFile(dir, "--key", "certs").catch((e) => e);
    expect(folder.message).toBe("--key certs is a directory.");
  });
});
