// Files named in flags are read only when they are regular files of a sane size: no endless read, no hang.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fakeApi } from "../support/fake-api";
import { runCli } from "../support/cli";

const { server, requests } = fakeApi();
const dirs: string[] = [];
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  requests.length = 0;
});
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), "hd-input-"));
  dirs.push(dir);
  return dir;
}

describe("input files", () => {
  it("--key /dev/zero: refused at once as not a regular file (exit 2), nothing sent", async () => {
    const dir = folder();
    writeFileSync(join(dir, "cert.pem"), "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
    const r = await runCli(["cert", "upload", "mtls-certificate", "--cert", "cert.pem", "--key", "/dev/zero"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--key /dev/zero is not a regular file (a pipe, socket or device); it was not read.");
    expect(requests).toHaveLength(0);
  });

  it("a FIFO as --ca-cert: refused at once instead of waiting for a writer", async () => {
    const dir = folder();
    execFileSync("mkfifo", [join(dir, "ca.pem")]);
    const r = await runCli(["cert", "upload", "certificate-authority", "--ca-cert", "ca.pem"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--ca-cert ca.pem is not a regular file");
  }, 5_000);

  it("a file over 1 MiB: refused (exit 2), naming the flag", async () => {
    const dir = folder();
    writeFileSync(join(dir, "huge.pem"), Buffer.alloc(2 * 1024 * 1024, "A"));
    const r = await runCli(["doctor", "postgres://u:p@127.0.0.1:1/db", "--ca-cert", "huge.pem", "--sslmode", "verify-full"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--ca-cert huge.pem is larger than 1 MiB; a PEM file is a few kilobytes. It was not read.");
  });
});
