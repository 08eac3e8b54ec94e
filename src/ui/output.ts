// All printing goes through here. Results on stdout (human text, or exactly one JSON document with --json);
// progress, warnings and human-readable errors on stderr. Colour only where the stream is a terminal.
import kleur from "kleur";
import type { ErrorDetail, ErrorKind } from "../errors";
import type { OutStream } from "../io";
import type { Table } from "./table";

const ANSI = /\x1b\[[0-9;]*m/g;
export const stripAnsi = (s: string): string => s.replace(ANSI, "");

export interface OutputOptions {
  json: boolean;
  /** --no-color, FORCE_COLOR=0, or NO_COLOR (not empty): see ui/terminal.ts. */
  noColor: boolean;
  /** --color or FORCE_COLOR (not 0/false): colour even off a terminal. */
  forceColor?: boolean;
  /** --local: every command line the text suggests (`hyperdrive get demo`) gets `--local` too. */
  local?: boolean;
  /** The width tables are fitted to (ui/terminal.ts tableWidth); undefined: every column in full. */
  tableWidth?: number;
}

/** The members of a JSON document that hold our words (a hint, a fix, a command to run), not the API's data. */
const OUR_WORDS = new Set(["message", "hint", "fix", "command"]);
const localReplacer = (key: string, value: unknown) => (typeof value === "string" && OUR_WORDS.has(key) ? withLocal(value) : value);

/** The commands a hint may suggest; `hyperdrive emulator` (which serves the local API itself) is not one. */
const SUGGESTED = /(?<![\w/.@-])(?<!wrangler )hyperdrive (?=(?:create|update|apply|get|list|delete|bind|check|rotate|restart|metrics|cert|doctor|planetscale)\b)/g;

/**
 * `hyperdrive get demo` → `hyperdrive --local get demo`: a next step printed under --local must run against it too. A
 * command that names --local already (the command line as typed: `delete x --local --yes`) is left as it is, and so is
 * a line that says what to do "without --local" (before a deploy: create the config in the account).
 */
export function withLocal(text: string): string {
  if (!text.includes("hyperdrive ")) return text;
  return text
    .split("\n")
    .map((line) =>
      line.includes("without --local")
        ? line
        : line.replace(SUGGESTED, (found, at: number) => (/^[^)`;]*?\s--local\b/.test(line.slice(at)) ? found : "hyperdrive --local ")),
    )
    .join("\n");
}

/** Lays out a table (ui/table-render.ts); `width` measures text as a terminal shows it (CJK and emoji two columns). */
export type TableRenderer = ((table: Table) => string) & { width(text: string): number };

export interface Spinner {
  update(text: string): void;
  stop(): void;
}

export class Output {
  readonly json: boolean;
  readonly colorOut: boolean;
  readonly colorErr: boolean;
  private readonly local: boolean;
  private readonly tableWidth?: number;
  private spinner?: { stop(): void; text: string };

  constructor(
    private readonly stdout: OutStream,
    private readonly stderr: OutStream,
    o: OutputOptions,
    private readonly spinnerAllowed = false,
  ) {
    this.json = o.json;
    this.colorOut = !o.noColor && (Boolean(o.forceColor) || Boolean(stdout.isTTY));
    this.colorErr = !o.noColor && (Boolean(o.forceColor) || Boolean(stderr.isTTY));
    this.local = Boolean(o.local);
    this.tableWidth = o.tableWidth;
    kleur.enabled = this.colorOut || this.colorErr;
  }

  private write(stream: OutStream, color: boolean, text: string): void {
    this.spinner?.stop();
    if (this.local) text = withLocal(text);
    stream.write(color ? text : stripAnsi(text));
  }

  /** Human result text (stdout). Nothing in --json mode: the JSON document is the result there. */
  print(text: string): void {
    if (!this.json) this.write(this.stdout, this.colorOut, text.endsWith("\n") ? text : `${text}\n`);
  }

  /** The one JSON document of --json mode. */
  printJson(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value, this.local ? localReplacer : undefined, 2)}\n`);
  }

  /** A result: human text, or the value as JSON. Pass a function when the text is costly (a table of every config). */
  result(human: string | (() => string), value: unknown): void {
    if (this.json) this.printJson(value);
    else this.print(typeof human === "function" ? human() : human);
  }

  /**
   * A table result, fitted to the terminal (or the text that stands for an empty one), or the value as JSON. The
   * layout code and its width library are loaded here, only when a table is printed.
   */
  async table(human: Table | string | (() => Table | string), value: unknown): Promise<void> {
    if (this.json) return this.printJson(value);
    const table = typeof human === "function" ? human() : human;
    if (typeof table === "string") return this.print(table);
    this.print((await this.tableRenderer())(table));
  }

  /**
   * Lays out tables at this output's width, for a view that holds a table among other lines (`check`); `width` for a
   * view laid out at a width of its own (`metrics`, 80 columns), narrowed to the terminal's when that is narrower.
   */
  async tableRenderer(width?: number): Promise<TableRenderer> {
    const { renderTable, displayWidth } = await import("./table-render");
    const fitted = width === undefined ? this.tableWidth : Math.min(width, this.tableWidth ?? width);
    return Object.assign((table: Table) => renderTable(table, fitted), { width: displayWidth });
  }

  /** Progress and notes (stderr). */
  note(text: string): void {
    this.write(this.stderr, this.colorErr, `${text}\n`);
  }

  warn(text: string): void {
    this.write(this.stderr, this.colorErr, `${kleur.yellow("⚠")} ${text}\n`);
  }

  /** Errors: `{"success":false,"kind":…,"errors":[…]}` on stdout with --json, readable text on stderr otherwise. */
  error(kind: ErrorKind, details: ErrorDetail[], extra?: string): void {
    if (this.json) {
      this.printJson({ success: false, kind, errors: details });
      return;
    }
    const lines: string[] = [];
    for (const d of details) {
      lines.push(`${kleur.red("✖")} ${d.message}${d.code ? kleur.dim(` [code: ${d.code}]`) : ""}`);
      if (d.hint) lines.push(...d.hint.split("\n").map((l) => `  ${kleur.cyan(l)}`));
    }
    if (extra) lines.push(kleur.dim(`  ${extra}`));
    this.write(this.stderr, this.colorErr, `${lines.join("\n")}\n`);
  }

  /** A spinner on stderr, only on a terminal outside CI; otherwise nothing (no noise in logs). */
  async spin(text: string): Promise<Spinner> {
    if (!this.spinnerAllowed) return { update() {}, stop() {} };
    const { default: ora } = await import("ora");
    const s = ora({ text, stream: this.stderr as unknown as NodeJS.WritableStream, discardStdin: false, color: this.colorErr ? "cyan" : false }).start();
    this.spinner = { stop: () => s.stop(), text };
    return {
      update: (t) => {
        s.text = t;
      },
      stop: () => {
        s.stop();
        this.spinner = undefined;
      },
    };
  }
}
