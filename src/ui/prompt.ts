// Questions on a terminal (stderr for the prompt, stdin for the answer). Only created when both are TTYs and CI is
// not set; commands never ask otherwise. Ctrl-C at a prompt cancels the command (exit 130), and so does Ctrl-D (end of
// input): the question has no answer.
import type { Interface } from "node:readline/promises";
import { CancelledError } from "../errors";
import type { Prompter } from "../io";

/** What `readline.emitKeypressEvents` decodes from the terminal's bytes. */
export interface Key {
  sequence?: string;
  name?: string;
  ctrl?: boolean;
  meta?: boolean;
}

/** The masked line being typed: a pure state machine over decoded keys, so the rules are tested without a terminal. */
export type SecretStep = { done: false; echo: string } | { done: true; cancelled: boolean };

export function secretEditor() {
  const chars: string[] = [];
  return {
    get value() {
      return chars.join("");
    },
    /** Apply one key; `echo` is what to write to the terminal (stars, or erasing them). */
    key(str: string | undefined, key: Key | undefined): SecretStep {
      const name = key?.name;
      if (key?.ctrl && (name === "c" || name === "d")) return { done: true, cancelled: true };
      if (name === "return" || name === "enter") return { done: true, cancelled: false };
      if (name === "backspace" || (key?.ctrl && name === "h")) {
        if (chars.length === 0) return { done: false, echo: "" };
        chars.pop();
        return { done: false, echo: "\b \b" };
      }
      if (key?.ctrl && name === "u") {
        const n = chars.splice(0).length;
        return { done: false, echo: "\b \b".repeat(n) };
      }
      // Arrows, Delete, Home, function keys and any other escape sequence or control key: ignored.
      if (key?.ctrl || key?.meta || str === undefined || str.startsWith("\x1b") || str.length === 0) return { done: false, echo: "" };
      const printable = [...str].filter((c) => c >= " " && c !== "\x7f");
      chars.push(...printable);
      return { done: false, echo: "*".repeat(printable.length) };
    },
  };
}

export function terminalPrompter(input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Prompter {
  async function ask(question: string): Promise<string> {
    const { createInterface } = await import("node:readline/promises");
    const rl: Interface = createInterface({ input, output, terminal: true });
    let answered = false;
    // Ctrl-C is SIGINT on the interface (the terminal is raw); Ctrl-D on an empty line closes it: no answer either way.
    const cancelled = new Promise<never>((_, reject) => {
      const cancel = () => {
        if (answered) return;
        answered = true;
        output.write("\n");
        reject(new CancelledError());
      };
      rl.once("SIGINT", cancel);
      rl.once("close", cancel);
    });
    try {
      const answer = await Promise.race([rl.question(question), cancelled]);
      answered = true;
      return answer.trim();
    } catch (err) {
      // Node rejects a pending question with an AbortError when the interface closes (end of input).
      if (err instanceof CancelledError) throw err;
      if ((err as { name?: string; code?: string })?.name === "AbortError" || (err as { code?: string })?.code === "ABORT_ERR") {
        throw new CancelledError();
      }
      throw err;
    } finally {
      answered = true;
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
    async secret(question) {
      // Keys, not bytes: an arrow is ESC [ D, Delete is ESC [ 3 ~, and a paste is many characters in one chunk.
      const { emitKeypressEvents } = await import("node:readline");
      emitKeypressEvents(input);
      return new Promise((resolve, reject) => {
        // Raw mode before the question: a key typed the moment the question shows must not be echoed by the terminal.
        const editor = secretEditor();
        const wasRaw = input.isRaw;
        input.setRawMode(true);
        output.write(question);
        input.resume();
        let finished = false;
        const onKeypress = (str: string | undefined, key: Key | undefined) => {
          if (finished) return;
          const step = editor.key(str, key);
          if (!step.done) {
            if (step.echo) output.write(step.echo);
            return;
          }
          finished = true;
          input.off("keypress", onKeypress);
          input.setRawMode(wasRaw);
          input.pause();
          output.write("\n");
          if (step.cancelled) reject(new CancelledError());
          else resolve(editor.value);
        };
        input.on("keypress", onKeypress);
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
