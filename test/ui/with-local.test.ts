import { describe, expect, it } from "vitest";
import { withLocal } from "../../src/ui/output";

describe("withLocal: the command lines a --local run suggests", () => {
  it.each([
    ["See it with hyperdrive get demo, change it with hyperdrive update demo …", "See it with hyperdrive --local get demo, change it with hyperdrive --local update demo …"],
    ["Bind it with: `hyperdrive bind demo --binding DB`", "Bind it with: `hyperdrive --local bind demo --binding DB`"],
    ["(hyperdrive cert list shows them)", "(hyperdrive --local cert list shows them)"],
    ["  hyperdrive delete old\n  hyperdrive check", "  hyperdrive --local delete old\n  hyperdrive --local check"],
    [
      "Bind a config that exists: hyperdrive --local bind <config> --binding DB (hyperdrive list shows them)",
      "Bind a config that exists: hyperdrive --local bind <config> --binding DB (hyperdrive --local list shows them)",
    ],
  ])("%j gains --local", (text, expected) => expect(withLocal(text)).toBe(expected));

  it.each([
    "hyperdrive never refreshes it",
    "wrangler hyperdrive create demo",
    '{ "hyperdrive": [ { "binding": "HYPERDRIVE" } ] }',
    "[[hyperdrive]]",
    "hyperdrive --local get demo",
    "hyperdrive emulator --port 8787",
    "npx hyperdrive-cli list",
    "Before deploying, create 'demo' without --local and bind it (hyperdrive bind demo --binding HYPERDRIVE).",
    "To confirm, run: hyperdrive delete demo --local --yes",
  ])("%j is left as it is", (text) => expect(withLocal(text)).toBe(text));
});
