// `hyperdrive complete [bash|zsh|fish]`: print the completion script for a shell. The scripts' Tab calls
// (`hyperdrive complete -- <words…>`) are answered by complete/answer.ts, before commander (main.ts) or in the launcher.
import { basename } from "node:path";
import type { Context } from "../context";
import { UsageError } from "../errors";
import { SHELLS } from "./specs/complete";

type Shell = (typeof SHELLS)[number];
const isShell = (s: string): s is Shell => (SHELLS as readonly string[]).includes(s);

export async function run(ctx: Context, shell: string | undefined): Promise<void> {
  const fromEnv = basename(ctx.io.env.SHELL ?? "");
  const chosen = shell ?? (isShell(fromEnv) ? fromEnv : undefined);
  if (chosen === undefined || !isShell(chosen)) {
    throw new UsageError(
      shell === undefined
        ? `Which shell? ${ctx.io.env.SHELL ? `$SHELL is ${ctx.io.env.SHELL}, which` : "$SHELL is not set, and"} hyperdrive has no completion script for it.`
        : `There is no completion script for '${shell}'.`,
      `Name one of ${SHELLS.join(", ")}: e.g. hyperdrive complete bash >> ~/.bashrc`,
    );
  }
  const script = (await import("./complete/scripts")).completionScript(chosen);
  ctx.out.result(script, { shell: chosen, script });
}
