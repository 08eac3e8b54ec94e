// Which addresses Hyperdrive treats as not public, and the step timeout.
import { describe, expect, test, vi } from "vitest";
import { nonPublicKind } from "../../src/probe/network";
import { withTimeout } from "../../src/probe/network";

describe("nonPublicKind", () => {
  test.each([
    ["10.1.5.0", "private (RFC 1918)"],
    ["172.16.0.1", "private (RFC 1918)"],
    ["172.31.255.255", "private (RFC 1918)"],
    ["192.168.2.1", "private (RFC 1918)"],
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["::1", "loopback"],
    ["169.254.169.254", "link-local"],
    ["fe80::1", "link-local"],
    ["100.64.0.1", "carrier-grade NAT (100.64.0.0/10)"],
    ["100.127.255.254", "carrier-grade NAT (100.64.0.0/10)"],
    ["fc00::1", "unique local (fc00::/7)"],
    ["fd12:3456::1", "unique local (fc00::/7)"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["::ffff:10.0.0.1", "private (RFC 1918)"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:a9fe:a9fe", "link-local"],
    ["224.0.0.1", "multicast"],
  ])("%s is %s", (address, kind) => {
    expect(nonPublicKind(address)).toBe(kind);
  });

  test.each(["1.2.3.4", "100.128.0.1", "172.32.0.1", "192.169.0.1", "2606:4700::1", "::ffff:1.2.3.4"])("%s is public", (address) => {
    expect(nonPublicKind(address)).toBeUndefined();
  });
});

describe("withTimeout", () => {
  test("passes a value that arrives in time", async () => {
    await expect(withTimeout(Promise.resolve(7), 50, "adding")).resolves.toBe(7);
  });

  test("rejects with ETIMEDOUT, and hands a value that arrives later to dispose", async () => {
    const dispose = vi.fn();
    const late = new Promise((resolve) => setTimeout(() => resolve("late"), 30));
    await expect(withTimeout(late, 5, "waiting", dispose)).rejects.toMatchObject({
      code: "ETIMEDOUT",
      message: "waiting timed out after 0.005 s",
    });
    expect(dispose).not.toHaveBeenCalled();
    await late;
    expect(dispose).toHaveBeenCalledWith("late");
  });
});
