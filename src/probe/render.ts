// The probe report as a person reads it: a checklist of steps with timings, then the verdict — the code Hyperdrive
// would return and how to fix it. Pure: colour only when asked (kleur, which also honours NO_COLOR).
import kleur from "kleur";
import { isIP } from "node:net";
import type { ProbeReport, ProbeStatus } from "./types";

type Paint = (text: string) => string;
interface Palette {
  ok: Paint;
  warn: Paint;
  fail: Paint;
  dim: Paint;
  bold: Paint;
}

const PLAIN: Palette = { ok: String, warn: String, fail: String, dim: String, bold: String };
const COLOURED: Palette = {
  ok: (text) => kleur.green(text),
  warn: (text) => kleur.yellow(text),
  fail: (text) => kleur.red(text),
  dim: (text) => kleur.dim(text),
  bold: (text) => kleur.bold(text),
};

const SYMBOLS: Readonly<Record<ProbeStatus, string>> = { ok: "✔", warn: "⚠", fail: "✖", skip: "–" };
const TITLE_WIDTH = 16;
const TIME_WIDTH = 8;

function paintStatus(palette: Palette, status: ProbeStatus): Paint {
  return status === "skip" ? palette.dim : palette[status];
}

/** Exit code of `hyperdrive doctor`: 0 when Hyperdrive would accept the origin, 1 when a failure code is predicted. */
export function doctorExitCode(report: ProbeReport): number {
  return report.ok ? 0 : 1;
}

export function renderProbeReport(report: ProbeReport, options: { color: boolean }): string {
  const palette = options.color ? COLOURED : PLAIN;
  const lines: string[] = [];
  if (report.target) {
    const { scheme, user, host, port, database } = report.target;
    lines.push(`Checking ${scheme}://${user}@${isIP(host) === 6 ? `[${host}]` : host}:${port}/${database}`, "");
  }
  const indent = " ".repeat(4 + TITLE_WIDTH + TIME_WIDTH + 2);
  for (const step of report.steps) {
    const paint = paintStatus(palette, step.status);
    const time = step.status === "skip" ? "" : `${step.ms} ms`;
    const [first, ...rest] = step.detail.split("\n");
    const code = step.code === undefined ? "" : ` ${palette.fail(`[code: ${step.code}]`)}`;
    lines.push(
      `  ${paint(SYMBOLS[step.status])} ${step.title.padEnd(TITLE_WIDTH)}${palette.dim(time.padStart(TIME_WIDTH))}  ` +
        (step.status === "skip" ? palette.dim(first) : first) +
        code,
      ...rest.map((line) => indent + line),
    );
  }
  lines.push("");
  if (report.failure) {
    const { code, message, hint } = report.failure;
    lines.push(`${palette.fail(SYMBOLS.fail)} ${palette.bold(`Hyperdrive would refuse this origin: [code: ${code}] ${message}`)}`);
    if (hint) lines.push(`  Fix: ${hint}`);
  } else {
    lines.push(`${palette.ok(SYMBOLS.ok)} ${palette.bold("Hyperdrive would accept this origin.")}`);
  }
  return `${lines.join("\n")}\n`;
}
