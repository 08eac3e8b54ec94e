// Questions on a terminal (stderr for the prompt, stdin for the answer). Only created when both are TTYs and CI is
// not set; commands never ask otherwise. Ctrl-C at a prompt cancels the command (exit 130).
import { createInterface } from "node:readline/promises";
import { CancelledError } from "../errors";
import type { Prompter } from "../io";

export function terminalPrompter(input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Prompter {
  async function ask(question: string): Promise<string> {
    const rl = createInterface({ input, output, terminal: true });
    const cancelled = new Promise<never>((_, reject) => rl.once("SIGINT", () => reject(new CancelledError())));
    try {
      return (await Promise.race([rl.question(question), cancelled])).trim();
    } finally {
      rl.close();
    }
  }

  return {
    async confirm(question, defaultYes) {
      for (;;) {
        const a = (await ask(`${question} ${defaultYes ? "[Y/n]" : "[y/N]"} `)).toLowerCase();
        if (a === "") return defaultYes;
        if (a === "y" || a === "yes") return true;
        if (a === "n" || a === "no") return false;
      }
    },
    async text(question, defaultValue) {
      const a = await ask(defaultValue ? `${question} (${defaultValue}) ` : `${question} `);
      return a === "" && defaultValue !== undefined ? defaultValue : a;
    },
    secret(question) {
      return new Promise((resolve, reject) => {
        output.write(question);
        let value = "";
        const wasRaw = input.isRaw;
        input.setRawMode(true);
        input.setEncoding("utf8");
        input.resume();
        const done = (err?: Error) => {
          input.off("data", onData);
          input.setRawMode(wasRaw);
          input.pause();
          output.write("\n");
          if (err) reject(err);
          else resolve(value);
        };
        const onData = (chunk: string) => {
          for (const ch of chunk) {
            if (ch === "\r" || ch === "\n" || ch === "\u0004") return done();
            if (ch === "\u0003") return done(new CancelledError());
            if (ch === "\u007f" || ch === "\b") {
              if (value) {
                value = [...value].slice(0, -1).join("");
                output.write("\b \b");
              }
            } else if (ch >= " ") {
              value += ch;
              output.write("*");
            }
          }
        };
        input.on("data", onData);
      });
    },
    async choose(question, choices) {
      output.write(`${question}\n${choices.map((c, i) => `  ${i + 1}) ${c.label}`).join("\n")}\n`);
      for (;;) {
        const n = Number(await ask(`Number (1-${choices.length}): `));
        if (Number.isInteger(n) && n >= 1 && n <= choices.length) return choices[n - 1];
      }
    },
  };
}
