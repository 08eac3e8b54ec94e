import { defineCommand } from "../spec";

export const SHELLS = ["bash", "zsh", "fish"] as const;

export const completeSpec = defineCommand({
  name: "complete",
  description: "print the shell completion script for bash, zsh or fish: commands, flags, values, config and certificate names on Tab",
  args: [{ name: "[shell]", description: "bash, zsh or fish (default: the shell $SHELL names)", complete: SHELLS }],
  examples: `
Install (then open a new shell):
  bash   $ hyperdrive complete bash >> ~/.bashrc
         $ hyperdrive complete bash > ~/.local/share/bash-completion/completions/hyperdrive   # with bash-completion
  zsh    $ hyperdrive complete zsh > "\${fpath[1]}/_hyperdrive"        # or in ~/.zshrc, after compinit:
         source <(hyperdrive complete zsh)
  fish   $ hyperdrive complete fish > ~/.config/fish/completions/hyperdrive.fish

Each Tab runs \`hyperdrive complete -- <words…>\`, which never calls the API: config names come from what the last
\`hyperdrive list\` or \`get\` in the same directory and account saw in the last 10 minutes, certificate names and ids
from \`cert list\` or \`cert get\`, kept in \${XDG_CACHE_HOME:-~/.cache}/hyperdrive/completion/ (names and ids, a config's
scheme for --sslmode, a certificate's kind; HYPERDRIVE_COMPLETION_CACHE=off turns it off).`,
});
