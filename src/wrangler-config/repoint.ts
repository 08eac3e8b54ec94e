// `rotate --new-config`: every Hyperdrive binding of a Worker's config that points at one id, pointed at another, in
// each env (or one), byte-preserving. The plan is pure and verified edit by edit; the write is locked and atomic like
// every other edit (plan → verify → locked write).
import { relative } from "node:path";
import { bindingsIn, describeProblem, isTable, parseConfig } from "./document";
import { FileChangedError, LockBusyError, ReadOnlyFileError, realFiles, type FileIo } from "./files";
import type { FileLock } from "../fs/lock";
import { editJson } from "./json-edit";
import { findWranglerConfig, type ConfigFormat } from "./locate";
import { formatSnippet } from "./snippet";
import { editToml } from "./toml-edit";
import { verifyEdit, type IntendedChange } from "./verify";

/** One binding repointed (or to repoint): where, which, from and to. */
export interface Repointed {
  /** The env section, absent for the top level. */
  env?: string;
  binding: string;
  old: string;
  new: string;
}

export type RepointPlan =
  | { kind: "ok"; text: string; bindings: Repointed[] }
  | { kind: "invalid" | "unsupported" | "unverified"; reason: string };

/** The sections searched: `env` alone when given, else the top level and every `env.<name>` of the file. */
function sections(doc: Record<string, unknown>, env?: string): Array<string | undefined> {
  if (env !== undefined) return [env];
  return [undefined, ...(isTable(doc.env) ? Object.keys(doc.env) : [])];
}

/** The new text with every binding to `oldId` pointing at `newId`; each edit re-parses to exactly the intended change. */
export function planRepoint(text: string, format: ConfigFormat, oldId: string, newId: string, env?: string): RepointPlan {
  const first = parseConfig(text, format);
  if (!first.ok) return { kind: "invalid", reason: describeProblem(first.problem) };
  const bindings: Repointed[] = [];
  let current = text;
  let doc = first.doc;
  for (const section of sections(first.doc, env)) {
    for (const entry of bindingsIn(first.doc, section).filter((b) => b.id === oldId)) {
      const change: IntendedChange = { kind: "repoint", env: section, index: entry.index, id: newId };
      const attempt = format === "toml" ? editToml(current, doc, change) : editJson(current, change);
      if (!attempt.ok) return { kind: "unsupported", reason: attempt.reason };
      const verdict = verifyEdit(format, current, attempt.text, change);
      if (!verdict.ok) return { kind: "unverified", reason: verdict.reason };
      current = attempt.text;
      const parsed = parseConfig(current, format);
      if (!parsed.ok) return { kind: "unverified", reason: describeProblem(parsed.problem) };
      doc = parsed.doc;
      bindings.push({ ...(section === undefined ? {} : { env: section }), binding: entry.binding, old: oldId, new: newId });
    }
  }
  return { kind: "ok", text: current, bindings };
}

export interface RepointRequest {
  cwd: string;
  configPath?: string;
  env?: string;
  oldId: string;
  newId: string;
  /** false: plan and print snippets, write nothing (--no-update-config, --dry-run). */
  write: boolean;
}

/** Plain JSON: what rotate prints and puts under `bindings` in --json. */
export interface RepointOutcome {
  /** written: the file now points at the new id; planned: it would (not written); none: nothing pointed at the old id. */
  status: "written" | "planned" | "none" | "no-config-file" | "failed";
  path?: string;
  format?: ConfigFormat;
  bindings: Repointed[];
  /** For each binding not written: what to put in the file by hand. */
  snippets: string[];
  message: string;
}

const WRITE_ATTEMPTS = 3;

export async function repointBindings(request: RepointRequest, files: FileIo = realFiles): Promise<RepointOutcome> {
  const { config } = findWranglerConfig({ configPath: request.configPath, cwd: request.cwd });
  if (!config) {
    return {
      status: "no-config-file",
      bindings: [],
      snippets: [formatSnippet("json", { binding: "HYPERDRIVE", id: request.newId, env: request.env })],
      message: `No wrangler.json, wrangler.jsonc or wrangler.toml in ${request.cwd} or the folders above it: point your Worker's binding at ${request.newId} yourself.`,
    };
  }
  const { path, format } = config;
  const name = relative(request.cwd, path) || path;
  const where = request.env === undefined ? name : `env.${request.env} of ${name}`;
  const snippetsOf = (bindings: Repointed[]) => bindings.map((b) => formatSnippet(format, { binding: b.binding, id: b.new, env: b.env }));
  const failed = (message: string, bindings: Repointed[] = []): RepointOutcome => ({
    status: "failed",
    path,
    format,
    bindings,
    snippets: snippetsOf(bindings),
    message,
  });
  const plan = async (): Promise<{ text: string; plan: RepointPlan } | RepointOutcome> => {
    let text: string;
    try {
      text = await files.readFile(path);
    } catch (error) {
      return failed(`Could not read ${name}: ${(error as Error).message}`);
    }
    return { text, plan: planRepoint(text, format, request.oldId, request.newId, request.env) };
  };
  const refused = (p: Exclude<RepointPlan, { kind: "ok" }>) =>
    failed(p.kind === "invalid" ? `${name} does not parse (${p.reason}); it was left unchanged.` : `${name} was left unchanged: ${p.reason}.`);

  const first = await plan();
  if (!("plan" in first)) return first;
  if (first.plan.kind !== "ok") return refused(first.plan);
  if (first.plan.bindings.length === 0) {
    return { status: "none", path, format, bindings: [], snippets: [], message: `No binding in ${where} points at ${request.oldId}; nothing to repoint.` };
  }
  if (!request.write) {
    return { status: "planned", path, format, bindings: first.plan.bindings, snippets: snippetsOf(first.plan.bindings), message: `${name} was not changed.` };
  }

  let lock: FileLock;
  try {
    lock = await files.lock(path);
  } catch (error) {
    const why = error instanceof LockBusyError ? (error as Error).message : `could not lock it: ${(error as Error).message}`;
    return failed(`${name} was not changed: ${why}`, first.plan.bindings);
  }
  try {
    for (let attempt = 1; ; attempt++) {
      const now = await plan();
      if (!("plan" in now)) return now;
      if (now.plan.kind !== "ok") return refused(now.plan);
      if (now.plan.bindings.length === 0) {
        return { status: "none", path, format, bindings: [], snippets: [], message: `No binding in ${where} points at ${request.oldId} any more; nothing to repoint.` };
      }
      try {
        await files.writeFileAtomic(path, now.plan.text, { expectedOriginal: now.text });
      } catch (error) {
        if (error instanceof FileChangedError && attempt < WRITE_ATTEMPTS) continue;
        if (error instanceof FileChangedError) return failed(`${name} kept changing while it was being edited; it was left as it is now.`, now.plan.bindings);
        const message = error instanceof ReadOnlyFileError ? error.message : `Could not write ${name}: ${(error as Error).message}`;
        return failed(message, now.plan.bindings);
      }
      const count = now.plan.bindings.length;
      return { status: "written", path, format, bindings: now.plan.bindings, snippets: [], message: `Repointed ${count} binding${count === 1 ? "" : "s"} in ${name}.` };
    }
  } finally {
    await lock.release();
  }
}
