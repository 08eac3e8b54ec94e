// Type-level tests, checked by `tsc --noEmit` (npm test): a handler's options are derived from its command's spec, so
// a flag renamed in one place and not the other does not compile. Each @ts-expect-error fails the type check if the
// line below it stops being an error.
import type { Context } from "../../src/context";
import { command, defineCommand, type Handler, type OptionsFor } from "../../src/commands/spec";
import { createSpec } from "../../src/commands/specs/create";
import { run as createRun } from "../../src/commands/create";
import type { UpsertOptions } from "../../src/origin/flags";

const spec = defineCommand({
  name: "tune",
  description: "a command for these tests",
  args: [{ name: "<config>", description: "config id or name" }, { name: "[note]", description: "optional" }],
  flags: {
    maxAge: { value: "seconds", description: "cache max age" },
    cachingDisabled: { value: "bool", optional: true, description: "disable caching" },
    verbose: { description: "say more" },
    port: { value: "port", default: "8787" },
    fault: { value: "spec", parse: (v: string, prev: string[]) => [...prev, v], default: [] as string[] },
  },
});

// The derived types: a value flag is a string, an optional value may be `true`, a switch is a boolean, a flag with a
// default is always set, a parser decides its own type; required arguments are strings, optional ones may be absent.
export const handler: Handler<typeof spec> = async (_ctx, config, note, o) => {
  config satisfies string;
  // @ts-expect-error an optional argument may be absent
  note satisfies string;
  o.maxAge satisfies string | undefined;
  o.cachingDisabled satisfies string | true | undefined;
  o.verbose satisfies boolean | undefined;
  o.port satisfies string;
  o.fault satisfies string[];
  // @ts-expect-error a handler reading a flag the spec does not declare (a rename on one side only)
  void o.maxage;
  // @ts-expect-error a switch is not a string
  o.verbose satisfies string | undefined;
};

command(spec, async () => handler);

// A handler with its own hand-written options type must match the spec's flags exactly.
const stale = async (_ctx: Context, _config: string, _note: string | undefined, _o: { maxAgeSeconds?: string; verbose?: boolean }) => {};
// @ts-expect-error the handler's options name a flag the spec calls otherwise
command(spec, async () => stale);

// The real commands: create's handler takes create's spec, and the shared origin flags are the body's input.
command(createSpec, async () => createRun);
export const originHost: OptionsFor<typeof createSpec>["originHost"] = "db.example.com";
export const fromUpsert: UpsertOptions["originPort"] = "5432";
// @ts-expect-error create has no --name flag (update has)
export const noName: OptionsFor<typeof createSpec>["name"] = "x";
// @ts-expect-error a spec for another command does not fit create's handler
command(defineCommand({ name: "create", description: "", args: [{ name: "<name>", description: "" }], flags: { originHostname: { value: "host" } } }), async () => createRun);
