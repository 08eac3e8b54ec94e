// The emulator's state: Hyperdrive configs and certificates, with their secrets (a later connection test needs the
// origin password and the client key). In memory, or persisted to a JSON file written atomically (temporary file with
// mode 0600, then rename) after every mutation, under a lock (see StateSharing).
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import * as z from "zod/mini";
import { CachingSchema, MtlsSchema, OriginInputSchema } from "../api/schemas";
import { CliError, UsageError } from "../errors";
import { ReadOnlyFileError, resolveWriteTarget, writeFileAtomic } from "../fs/atomic";
import { acquireLock, LockBusyError, type FileLock } from "../fs/lock";
import { StateFileError, type StateFailure } from "./state-errors";

const StoredConfigSchema = z.object({
  id: z.string(),
  name: z.string(),
  origin: OriginInputSchema,
  caching: CachingSchema,
  mtls: z.optional(MtlsSchema),
  origin_connection_limit: z.number().check(z.int()),
  created_on: z.string(),
  modified_on: z.string(),
  restarted_on: z.optional(z.string()),
});
export type StoredConfig = z.infer<typeof StoredConfigSchema>;

const StoredCertificateSchema = z.object({
  id: z.string(),
  name: z.optional(z.string()),
  ca: z.boolean(),
  certificates: z.string(),
  private_key: z.optional(z.string()),
  issuer: z.string(),
  signature: z.string(),
  serial_number: z.string(),
  expires_on: z.string(),
  uploaded_on: z.string(),
  updated_at: z.string(),
  type: z.literal("custom"),
});
export type StoredCertificate = z.infer<typeof StoredCertificateSchema>;

const StateFileSchema = z.object({
  version: z.literal(1),
  configs: z.array(StoredConfigSchema),
  certificates: z.array(StoredCertificateSchema),
});

/**
 * How the state file is shared. "exclusive": one emulator serves it for its whole life (`hyperdrive emulator`); a
 * second one is refused, naming the first one's pid. "shared": several processes use it at once (`--local`, one
 * in-process emulator per command): every change locks the file, loads it fresh, applies, saves and unlocks, and
 * every read loads it fresh.
 */
export type StateSharing = "exclusive" | "shared";

export interface StoreOptions {
  sharing?: StateSharing;
  /** How the state file is replaced; tests inject failures. Default: src/fs/atomic's writeFileAtomic. */
  writeFile?: (path: string, text: string) => Promise<void>;
}

/** How long a shared change waits for another process's change (a connection test runs inside one). */
const SHARED_WAIT_MS = 60_000;

export class Store {
  /** In creation order, which is the order lists are answered in. */
  readonly configs = new Map<string, StoredConfig>();
  readonly certificates = new Map<string, StoredCertificate>();
  private queue: Promise<unknown> = Promise.resolve();
  private held?: FileLock;

  private constructor(
    private readonly path: string | undefined,
    private readonly sharing: StateSharing,
    private readonly writeFile: (path: string, text: string) => Promise<void>,
  ) {}

  /** Loads `path` when it exists (an empty state otherwise); without a path, state lives in memory only. */
  static async open(path?: string, { sharing = "exclusive", writeFile }: StoreOptions = {}): Promise<Store> {
    const store = new Store(path, sharing, writeFile ?? ((file, text) => writeFileAtomic(file, text, { forceMode: 0o600 })));
    if (path === undefined) return store;
    if (sharing === "exclusive") {
      await onDisk("save", path, () => ensureFolder(path));
      try {
        store.held = await onDisk("save", path, async () => acquireLock(await resolveWriteTarget(path), { waitMs: 0 }));
      } catch (error) {
        if (!(error instanceof LockBusyError)) throw error;
        const who = error.holder ? `process ${error.holder.pid} (since ${error.holder.since})` : "another process";
        throw new UsageError(
          `The emulator state file ${path} is in use by ${who}: another emulator serves it.`,
          `Stop that emulator, or give this one another --state file. If no emulator is running, remove ${error.lockPath}.`,
        );
      }
    }
    try {
      await store.load();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /**
   * Runs `change` after every earlier one has finished, then persists the state if `change` returned normally, so
   * checks and writes never interleave (a connection test awaits in the middle of a change). A change that throws,
   * or whose state cannot be saved, leaves memory as it was: nothing is acknowledged that is not on disk.
   */
  mutate<T>(change: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      const path = this.path!;
      // The lock file lives beside the state: its folder is made first.
      const lock = this.shared
        ? await onDisk("save", path, async () => (await ensureFolder(path), await acquireLock(await resolveWriteTarget(path), { waitMs: SHARED_WAIT_MS })))
        : undefined;
      try {
        if (this.shared) await this.load();
        const before = this.snapshot();
        try {
          const result = await change();
          await this.save();
          return result;
        } catch (error) {
          this.replace(before);
          throw error;
        }
      } finally {
        await lock?.release();
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Before a read: with a shared file, what other processes saved since (after this process's own changes). */
  refresh(): Promise<void> {
    if (!this.shared) return Promise.resolve();
    const run = this.queue.then(() => this.load());
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every queued change has been applied and written. */
  async idle(): Promise<void> {
    await this.queue;
  }

  /** Waits for pending changes, then lets another emulator serve the file. */
  async close(): Promise<void> {
    await this.queue;
    await this.held?.release();
    this.held = undefined;
  }

  private get shared(): boolean {
    return this.sharing === "shared" && this.path !== undefined;
  }

  private async load(): Promise<void> {
    const path = this.path!;
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return this.replace({ version: 1, configs: [], certificates: [] });
      throw await asStateError("read", path, error);
    }
    let parsed: z.infer<typeof StateFileSchema>;
    try {
      parsed = StateFileSchema.parse(JSON.parse(text));
    } catch (error) {
      throw new CliError(`The emulator state file ${path} is not valid: ${firstProblem(error)}.`, {
        hint: "Move it away to start with an empty state.",
        cause: error,
      });
    }
    this.replace(parsed);
  }

  private snapshot(): z.infer<typeof StateFileSchema> {
    return structuredClone({ version: 1, configs: [...this.configs.values()], certificates: [...this.certificates.values()] });
  }

  private replace(state: z.infer<typeof StateFileSchema>): void {
    this.configs.clear();
    this.certificates.clear();
    for (const config of state.configs) this.configs.set(config.id, config);
    for (const certificate of state.certificates) this.certificates.set(certificate.id, certificate);
  }

  private async save(): Promise<void> {
    if (this.path === undefined) return;
    const state: z.infer<typeof StateFileSchema> = {
      version: 1,
      configs: [...this.configs.values()],
      certificates: [...this.certificates.values()],
    };
    const path = this.path;
    await onDisk("save", path, async () => {
      await ensureFolder(path);
      await this.writeFile(path, `${JSON.stringify(state, null, 2)}\n`);
    });
  }
}

/**
 * Creates the state file's folder if needed, with a `.gitignore` of `*` in it: the state holds origin passwords and
 * private keys, and `git add -A` must not stage it.
 */
async function ensureFolder(path: string): Promise<void> {
  const dir = dirname(path);
  const created = await mkdir(dir, { recursive: true, mode: 0o700 });
  if (created === undefined) return;
  await writeFile(join(dir, ".gitignore"), "# hyperdrive: the local emulator's state holds passwords; never commit it.\n*\n", { flag: "wx" }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    },
  );
}

/** One line for a state file that does not parse or does not match the schema: the first problem and where. */
function firstProblem(error: unknown): string {
  const issues = (error as { issues?: Array<{ path?: PropertyKey[]; message?: string }> }).issues;
  if (Array.isArray(issues) && issues.length > 0) {
    const [first] = issues;
    const at = first.path && first.path.length > 0 ? ` at ${first.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "")}` : "";
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
    return `${(first.message ?? "invalid value").replace(/\s+/g, " ")}${at}${more}`;
  }
  return ((error as Error)?.message ?? String(error)).split("\n")[0].replace(/\.$/, "");
}

/** Runs a file system step of the state's: a failure becomes a StateFileError naming the path (a busy lock stays what it is). */
async function onDisk<T>(action: StateFailure["action"], statePath: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw await asStateError(action, statePath, error);
  }
}

async function asStateError(action: StateFailure["action"], statePath: string, error: unknown): Promise<unknown> {
  if (error instanceof StateFileError || error instanceof LockBusyError) return error;
  if (error instanceof ReadOnlyFileError) return new StateFileError({ action, statePath, readOnlyMode: error.mode }, error);
  const e = error as NodeJS.ErrnoException;
  if (typeof e?.code !== "string") return error;
  const fileInTheWay = e.code === "ENOTDIR" ? await fileOnPath(dirname(statePath)) : undefined;
  return new StateFileError(
    { action, statePath, code: e.code, ...(e.path ? { path: e.path } : {}), ...(e.syscall ? { syscall: e.syscall } : {}), detail: e.message, ...(fileInTheWay ? { fileInTheWay } : {}) },
    error,
  );
}

/** The first path from the root down to `dir` that exists and is not a folder (what makes a path ENOTDIR). */
async function fileOnPath(dir: string): Promise<string | undefined> {
  const parts: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    parts.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const part of parts) {
    const info = await stat(part).catch(() => undefined);
    if (info === undefined) return undefined;
    if (!info.isDirectory()) return part;
  }
  return undefined;
}
