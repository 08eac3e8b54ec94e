// The emulator's state: Hyperdrive configs and certificates, with their secrets (a later connection test needs the
// origin password and the client key). In memory, or persisted to a JSON file written atomically (temporary file with
// mode 0600, then rename) after every mutation.
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import * as z from "zod/mini";
import { CachingSchema, MtlsSchema, OriginInputSchema } from "../api/schemas";
import { CliError } from "../errors";

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

export class Store {
  /** In creation order, which is the order lists are answered in. */
  readonly configs = new Map<string, StoredConfig>();
  readonly certificates = new Map<string, StoredCertificate>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly path: string | undefined) {}

  /** Loads `path` when it exists (an empty state otherwise); without a path, state lives in memory only. */
  static async open(path?: string): Promise<Store> {
    const store = new Store(path);
    if (path === undefined) return store;
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return store;
      throw new CliError(`Cannot read the emulator state file ${path}: ${(error as Error).message}`, { cause: error });
    }
    let parsed: z.infer<typeof StateFileSchema>;
    try {
      parsed = StateFileSchema.parse(JSON.parse(text));
    } catch (error) {
      throw new CliError(`The emulator state file ${path} is not valid: ${(error as Error).message}`, {
        hint: "Move it away to start with an empty state.",
        cause: error,
      });
    }
    for (const config of parsed.configs) store.configs.set(config.id, config);
    for (const certificate of parsed.certificates) store.certificates.set(certificate.id, certificate);
    return store;
  }

  /**
   * Runs `change` after every earlier one has finished, then persists the state if `change` returned normally, so
   * checks and writes never interleave (a connection test awaits in the middle of a change).
   */
  mutate<T>(change: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      const result = await change();
      await this.save();
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every queued change has been applied and written. */
  async idle(): Promise<void> {
    await this.queue;
  }

  private async save(): Promise<void> {
    if (this.path === undefined) return;
    const state: z.infer<typeof StateFileSchema> = {
      version: 1,
      configs: [...this.configs.values()],
      certificates: [...this.certificates.values()],
    };
    const temporary = `${this.path}.${process.pid}.tmp`;
    await mkdir(dirname(this.path), { recursive: true });
    await rm(temporary, { force: true });
    await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600, flag: "wx" });
    await rename(temporary, this.path);
  }
}
