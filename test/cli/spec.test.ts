// The command spec → commander: the help a spec renders, its aliases, conflicts and groups (src/commands/spec.ts).
import { describe, expect, it } from "vitest";
import { Command } from "commander";
import { command, defineCommand, defineOn, handlerOptions, type Handler } from "../../src/commands/spec";
import { UsageError } from "../../src/errors";
import { FLAG } from "../../src/origin/flags";

const spec = defineCommand({
  name: "tune",
  description: "tune a config",
  args: [{ name: "<config>", description: "config id or name" }],
  flags: {
    originHost: { value: "host", description: "database host", aliases: ["--host"] },
    serviceId: { value: "id", description: "VPC service", conflicts: { originHost: "a VPC service already says where the database is." } },
    maxAge: { value: "seconds", description: "cache max age", group: "Caching:" },
    updateConfig: { description: "write the file", negation: "never write the file" },
    secret: { value: "s" },
  },
  examples: "\nExamples:\n  $ hyperdrive tune db",
});
const handler: Handler<typeof spec> = async () => {};

function parse(argv: string[]) {
  let seen: { positional: unknown[]; options: Record<string, unknown> } | undefined;
  const program = new Command("hyperdrive").exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  defineOn(program, command(spec, async () => handler), async (leaf, positional, cmd) => {
    seen = { positional, options: handlerOptions(leaf.spec, cmd.opts()) };
  });
  return program.parseAsync(argv, { from: "user" }).then(() => seen!);
}

describe("command specs", () => {
  it("render the help: placeholders, the alias note, the --no- form, groups, hidden flags left out, examples", () => {
    const program = new Command("hyperdrive");
    const cmd = defineOn(program, command(spec, async () => handler), async () => {});
    const help = cmd.helpInformation() + "";
    expect(help).toContain("Usage: hyperdrive tune [options] <config>");
    expect(help).toMatch(/--origin-host <host>\s+database host \(alias --host\)/);
    expect(help).toMatch(/--update-config\s+write the file\n\s+--no-update-config\s+never write the file/);
    expect(help).toMatch(/Caching:\n\s+--max-age <seconds>\s+cache max age/);
    expect(help).not.toContain("--secret");
    expect(help).not.toMatch(/^\s+--host/m);
  });

  it("hand the handler its arguments and options, an alias's value under the flag's own name", async () => {
    expect(await parse(["tune", "db", "--host", "h", "--secret", "s", "--no-update-config"])).toEqual({
      positional: ["db"],
      options: { originHost: "h", secret: "s", updateConfig: false },
    });
  });

  it("refuse a flag given with its alias, and flags that conflict, with the spec's reason", async () => {
    await expect(parse(["tune", "db", "--host", "h", "--origin-host", "h"])).rejects.toThrow(
      new UsageError("--origin-host and its alias --host were both given; use one."),
    );
    await expect(parse(["tune", "db", "--origin-host", "h", "--service-id", "s"])).rejects.toThrow(
      "--service-id and --origin-host cannot be used together: a VPC service already says where the database is.",
    );
  });

  it("derive the names messages use from the flags' keys", () => {
    expect(FLAG.originHost).toBe("--origin-host");
    expect(FLAG.caCertificateId).toBe("--ca-certificate-id");
    expect(FLAG.originConnectionLimit).toBe("--origin-connection-limit");
  });
});
