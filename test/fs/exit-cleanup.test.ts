// The signal handler: what a command said it left done and undone is printed before the exit code (130 / 143).
import { describe, expect, it } from "vitest";
import { onSignal, sayOnInterrupt } from "../../src/fs/exit-cleanup";

const exitWith = () => {
  const codes: number[] = [];
  return { codes, exit: ((code: number) => void codes.push(code)) as (code: number) => never };
};

describe("sayOnInterrupt", () => {
  it("the latest saying is told the signal, then the process exits 130 (SIGINT) or 143 (SIGTERM)", () => {
    const heard: string[] = [];
    const first = sayOnInterrupt((s) => heard.push(`first ${s}`));
    const second = sayOnInterrupt((s) => heard.push(`second ${s}`));
    const { codes, exit } = exitWith();
    onSignal("SIGINT", exit);
    second();
    onSignal("SIGTERM", exit);
    first();
    onSignal("SIGINT", exit);
    expect(heard).toEqual(["second SIGINT", "first SIGTERM"]);
    expect(codes).toEqual([130, 143, 130]);
  });

  it("a saying that throws (stderr gone) does not stop the exit", () => {
    const withdraw = sayOnInterrupt(() => {
      throw new Error("EPIPE");
    });
    const { codes, exit } = exitWith();
    onSignal("SIGINT", exit);
    withdraw();
    expect(codes).toEqual([130]);
  });
});

describe("Context.onInterrupt", () => {
  const contextWith = async (json: boolean, local = false) => {
    const { Context } = await import("../../src/context");
    let stdout = "";
    let stderr = "";
    const io = {
      argv: [],
      env: {},
      cwd: process.cwd(),
      home: "/nonexistent",
      stdout: { write: (s: string) => void (stdout += s) },
      stderr: { write: (s: string) => void (stderr += s) },
      stdin: { readAll: async () => "" },
    };
    const ctx = new Context(io, { json, local, noColor: true } as never);
    return { ctx, out: () => ({ stdout, stderr }) };
  };

  it("prints what was done as a cancelled error, --local's commands carrying --local; replaced, then withdrawn", async () => {
    const { ctx, out } = await contextWith(false, true);
    await ctx.onInterrupt("Nothing was created.");
    await ctx.onInterrupt("The config 'demo' (x) was created; the binding was not written.", "Write it with: hyperdrive bind demo --binding HYPERDRIVE");
    const { codes, exit } = exitWith();
    onSignal("SIGINT", exit);
    expect(out().stderr).toBe("✖ Cancelled. The config 'demo' (x) was created; the binding was not written.\n  Write it with: hyperdrive --local bind demo --binding HYPERDRIVE\n");
    await ctx.onInterrupt(undefined);
    onSignal("SIGTERM", exit);
    expect(out().stderr.split("\n")).toHaveLength(3);
    expect(codes).toEqual([130, 143]);
    await ctx.close();
  });

  it("with --json: the one JSON document, kind cancelled", async () => {
    const { ctx, out } = await contextWith(true);
    await ctx.onInterrupt("The create request for 'demo' was sent and no answer had come: the config may exist.", "Check with hyperdrive get demo");
    onSignal("SIGTERM", exitWith().exit);
    expect(JSON.parse(out().stdout)).toEqual({
      success: false,
      kind: "cancelled",
      errors: [{ message: "Stopped by SIGTERM. The create request for 'demo' was sent and no answer had come: the config may exist.", hint: "Check with hyperdrive get demo" }],
    });
    await ctx.close();
  });
});
