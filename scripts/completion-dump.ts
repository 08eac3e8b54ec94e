// Build step (scripts/build.mjs bundles and runs it): the command model shell completion answers from, derived from
// the command specs, as one JSON object. bin/hyperdrive.js reads it on each Tab; test/commands/complete.test.ts checks
// that the launcher's answers equal the CLI's own.
import { COMMANDS } from "../src/commands";
import { completionModel } from "../src/commands/complete/model";
import { GLOBAL_FLAGS } from "../src/flags";

process.stdout.write(JSON.stringify(completionModel(COMMANDS, GLOBAL_FLAGS)));
