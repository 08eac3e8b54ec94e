// `hyperdrive check` for people: a table of the bindings (where each leads, or that it leads nowhere), then the
// problems that would fail a deploy, the warnings, and what `wrangler dev` needs, each with its fix, then one verdict
// line. Colour as the rest of the output: ✖ red, ⚠ yellow, ✔ green, fixes cyan (stripped off a terminal).
import kleur from "kleur";
import { LOCAL_DEV_WARNINGS, type BindingVerdict, type CheckSummary, type Finding, type WarningCode } from "../wrangler-config/binding-check";
import { schemeLabel } from "./config-view";
import type { Column, Table } from "./table";

/** The bindings' columns, in the order shown; when the terminal is narrow, the least important give way first. */
const BINDING_COLUMNS: Column[] = [
  { header: "env", importance: 3, min: 12 },
  { header: "binding", importance: 0, keep: true, min: 12 },
  { header: "id", importance: 0, keep: true },
  { header: "status", importance: 0, keep: true, styled: true },
  { header: "config", importance: 1, min: 12 },
  { header: "origin", importance: 2, min: 16 },
  { header: "scheme", importance: 4 },
];

const STATUS: Record<BindingVerdict["status"], () => string> = {
  ok: () => kleur.green("✔ ok"),
  warning: () => kleur.yellow("⚠ warning"),
  problem: () => kleur.red("✖ problem"),
};

const where = (v: BindingVerdict) => `${v.env === null ? "" : `env ${v.env} · `}${v.binding ?? "(no name)"}`;

function findingLines(mark: string, v: BindingVerdict, f: Finding<string>): string[] {
  return [`  ${mark} ${where(v)}: ${f.message}.`, ...(f.fix ? [`      ${kleur.cyan(f.fix)}`] : [])];
}

/** The findings' lines; one for a problem several bindings share (a duplicate name is each entry's problem). */
function findingsOf(bindings: BindingVerdict[], pick: (v: BindingVerdict) => Array<Finding<string>>, mark: string): string[] {
  const seen = new Set<string>();
  return bindings.flatMap((v) =>
    pick(v).flatMap((f) => {
      const key = `${where(v)}: ${f.message}`;
      if (seen.has(key)) return [];
      seen.add(key);
      return findingLines(mark, v, f);
    }),
  );
}

/** `render` lays out the bindings' table at the terminal's width (Output.tableRenderer). */
export function checkView(render: (table: Table) => string, file: string, bindings: BindingVerdict[], summary: CheckSummary, envs: string[], local = false): string {
  if (bindings.length === 0) {
    const scope = envs.length === 0 ? "" : ` (the top level and ${envs.length === 1 ? `env ${envs[0]}` : `${envs.length} envs`})`;
    return `No Hyperdrive bindings in ${file}${scope}: nothing to check.`;
  }
  const rows = bindings.map((v) => [
    v.env ?? "(top level)",
    v.binding ?? "(no name)",
    v.id ?? "(none)",
    STATUS[v.status](),
    v.target ? v.target.name : "",
    v.target ? v.target.origin : "",
    v.target ? schemeLabel(v.target.scheme ?? undefined) : "",
  ]);
  const lines = [`Hyperdrive bindings in ${file}:`, "", render({ columns: BINDING_COLUMNS, rows })];
  const isDev = (f: Finding<WarningCode>) => LOCAL_DEV_WARNINGS.has(f.code);
  const problems = findingsOf(bindings, (v) => v.problems, kleur.red("✖"));
  const deployWarnings = findingsOf(bindings, (v) => v.warnings.filter((f) => !isDev(f)), kleur.yellow("⚠"));
  const devWarnings = findingsOf(bindings, (v) => v.warnings.filter(isDev), kleur.yellow("⚠"));
  if (problems.length) lines.push("", kleur.bold("Problems (wrangler deploy would fail):"), ...problems);
  if (deployWarnings.length) lines.push("", kleur.bold("Warnings:"), ...deployWarnings);
  if (devWarnings.length) lines.push("", kleur.bold("wrangler dev (local development, not a deploy problem):"), ...devWarnings);
  lines.push("", verdictLine(summary, local));
  return lines.join("\n");
}

function verdictLine(s: CheckSummary, local: boolean): string {
  const n = (count: number, what: string) => `${count} ${what}${count === 1 ? "" : "s"}`;
  if (!s.deployable) {
    return kleur.red(`✖ ${s.problem} of ${n(s.bindings, "binding")} ${s.problem === 1 ? "has a problem" : "have problems"}: wrangler deploy would fail.`);
  }
  const warned = s.warning ? ` (${s.warning} with warnings)` : "";
  if (local) {
    const every = s.bindings === 1 ? "The binding points" : `All ${s.bindings} bindings point`;
    return kleur.green(`✔ ${every} to configs of the local emulator${warned}; a deploy needs configs of your account (run hyperdrive check without --local).`);
  }
  return kleur.green(`✔ ${s.bindings === 1 ? "The binding is" : `All ${s.bindings} bindings are`} ready to deploy${warned}.`);
}
