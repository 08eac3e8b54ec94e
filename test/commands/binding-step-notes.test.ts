// What a Ctrl-C says while the binding step replaces a file (a window too short to hit from a terminal): the file holds
// its old text or the new, never half, and the command that makes sure; --local's commands carry --local.
import { describe, expect, it } from "vitest";
import { Context } from "../../src/context";
import { stepNotes } from "../../src/commands/binding-step";

const ID = "7d793037a0760186574b0282f2f435e7";
function context(global: Record<string, unknown> = {}): Context {
  const io = {
    argv: [],
    env: {},
    cwd: process.cwd(),
    home: "/nonexistent",
    stdout: { write: () => {} },
    stderr: { write: () => {} },
    stdin: { readAll: async () => "" },
  };
  return new Context(io, { noColor: true, ...global } as never);
}
const bind = (ctx: Context) => (binding: string) => ctx.commandLine(["bind", "demo", "--binding", binding]);

describe("the binding step's notes while a file is replaced", () => {
  it("bind, wrangler.jsonc being written: old text or the binding, and the bind that makes sure", async () => {
    const ctx = context({ local: true, env: "staging" });
    const notes = stepNotes(ctx, { id: ID, name: "demo" }, "wrangler.jsonc", bind(ctx), { explain: true });
    await notes.before("HYPERDRIVE");
    expect(ctx.cancelledDetail()).toEqual({ message: "Cancelled. Nothing was written: wrangler.jsonc was not changed." });
    await notes.progress({ step: "writing-config", binding: "HYPERDRIVE" });
    expect(ctx.cancelledDetail()).toEqual({
      message: `Cancelled. wrangler.jsonc was being written: it holds either its old text or the binding HYPERDRIVE → ${ID}, never half (the write is atomic).`,
      hint: "To be sure, run: hyperdrive --local bind demo --binding HYPERDRIVE --env staging (it changes nothing if the binding is there)",
    });
    await ctx.close();
  });

  it("create, .env being written: created and bound, old text or the string, and the command that saves it (never the string)", async () => {
    const ctx = context();
    const notes = stepNotes(ctx, { id: ID, name: "demo" }, "wrangler.jsonc", bind(ctx), { done: `The config 'demo' (${ID}) was created` });
    await notes.progress({ step: "bound", binding: "DB", dotenv: ".env", saving: true });
    expect(ctx.cancelledDetail()?.message).toBe(`Cancelled. The config 'demo' (${ID}) was created and bound as DB; the connection string for wrangler dev was not saved in .env.`);
    await notes.progress({ step: "writing-dotenv", binding: "DB", dotenv: ".env" });
    expect(ctx.cancelledDetail()).toEqual({
      message: `Cancelled. The config 'demo' (${ID}) was created and bound as DB; .env was being written: it holds either its old text or the connection string for wrangler dev (the write is atomic).`,
      hint: "To be sure, run: hyperdrive bind demo --binding DB --local-connection-string URL (it changes nothing if the string is saved)",
    });
    await notes.progress({ step: "saved", binding: "DB", dotenv: ".env" });
    expect(ctx.cancelledDetail()).toEqual({ message: `Cancelled. The config 'demo' (${ID}) was created and bound as DB; the connection string for wrangler dev was saved in .env.` });
    await ctx.close();
  });
});
