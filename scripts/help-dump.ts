// Build step (scripts/build.mjs bundles and runs it): every command's --help text, as commander prints it off a
// terminal, into one JSON object keyed by the command path ("" for the program, "cert upload" …). The launcher
// answers `hyperdrive [command…] --help` from it without loading the CLI; test/build/help.test.ts checks that it
// equals the live output.
import type { Command } from "commander";
import { buildProgram } from "../src/main";

let captured = "";
const program = buildProgram(
  {
    argv: [],
    env: {},
    cwd: ".",
    home: ".",
    stdout: { write: (s: string) => void (captured += s) },
    stderr: { write: () => {} },
    stdin: { readAll: async () => "" },
  },
  async () => {},
);

const help: Record<string, string> = {};
const walk = (cmd: Command, path: string[]) => {
  captured = "";
  cmd.outputHelp();
  help[path.join(" ")] = captured;
  for (const sub of cmd.commands) walk(sub, [...path, sub.name()]);
};
walk(program, []);
process.stdout.write(JSON.stringify(help));
