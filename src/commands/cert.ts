// `hyperdrive cert …`: upload a CA or client certificate (checked locally first), list, get and delete them.
// The specs live in ./specs/cert; this module loads only when one of them runs.
import type { CertUpload } from "../api/schemas";
import { ApiError } from "../api/errors";
import { ALL_SSLMODES, API_CODES, needsCaCertificate, type Sslmode } from "../api/contract";
import type { Certificate, HyperdriveConfig } from "../api/schemas";
import { checkCaUpload, checkClientUpload, type CheckedUpload } from "../certs/check";
import { shellWord } from "../shell-word";
import { readUserFile } from "../certs/read";
import { certificateRef, findCertificate } from "../certs/resolve";
import { certificateLabel, certificatesTable, certificateView, uploadedText } from "../certs/view";
import type { Context } from "../context";
import { UsageError } from "../errors";
import { dryRun } from "./dry-run";
import { certificateEntry, rememberCertificates } from "./remember";
import type { OptionsFor } from "./spec";
import type { certDeleteSpec, uploadCaSpec, uploadMtlsSpec } from "./specs/cert";

type UploadCaOptions = OptionsFor<typeof uploadCaSpec>;
type UploadMtlsOptions = OptionsFor<typeof uploadMtlsSpec>;
type DeleteOptions = OptionsFor<typeof certDeleteSpec>;

const SSLMODE_NAMES: readonly string[] = ALL_SSLMODES;
const now = (ctx: Context) => ctx.io.now?.() ?? new Date();

async function upload(ctx: Context, ca: boolean, checked: CheckedUpload, name: string | undefined): Promise<void> {
  if (name !== undefined && name.trim() === "") throw new UsageError("--name must not be empty.");
  for (const w of checked.warnings) ctx.out.warn(w);
  const body: CertUpload = {
    ca,
    certificates: checked.certificates,
    ...(checked.privateKey !== undefined ? { private_key: checked.privateKey } : {}),
    ...(name !== undefined ? { name } : {}),
  };
  const api = await ctx.api();
  if (ctx.global.dryRun) return dryRun(ctx, api, "POST", `/accounts/${api.accountId}/mtls_certificates`, body);
  const spin = await ctx.out.spin(`Uploading the ${ca ? "CA" : "client"} certificate`);
  const cert = await api.client.uploadCertificate(api.accountId, body).finally(() => spin.stop());
  ctx.out.result(uploadedText(cert, now(ctx)), cert);
  rememberCertificates(ctx, api, { seen: [certificateEntry(cert)] });
}

export async function uploadCertificateAuthority(ctx: Context, o: UploadCaOptions): Promise<void> {
  const checked = checkCaUpload(await readUserFile(ctx.cwd, "--ca-cert", o.caCert), now(ctx));
  await upload(ctx, true, checked, o.name);
}

export async function uploadMtlsCertificate(ctx: Context, o: UploadMtlsOptions): Promise<void> {
  const cert = await readUserFile(ctx.cwd, "--cert", o.cert);
  const key = o.key === undefined ? undefined : await readUserFile(ctx.cwd, "--key", o.key);
  await upload(ctx, false, checkClientUpload(cert, key, now(ctx)), o.name);
}

export async function list(ctx: Context): Promise<void> {
  const api = await ctx.api();
  const spin = await ctx.out.spin("Listing certificates");
  const certs = await api.client.listCertificates(api.accountId).finally(() => spin.stop());
  await ctx.out.table(() => certificatesTable(certs, now(ctx)), certs);
  rememberCertificates(ctx, api, { all: certs.map(certificateEntry) });
}

export async function get(ctx: Context, idOrName: string): Promise<void> {
  const api = await ctx.api();
  const cert = await findCertificate(api, certificateRef(idOrName));
  ctx.out.result(certificateView(cert, now(ctx)), cert);
  rememberCertificates(ctx, api, { seen: [certificateEntry(cert)] });
}

export async function remove(ctx: Context, idOrName: string | undefined, o: DeleteOptions): Promise<void> {
  const ref = certificateRef(idOrName, o);
  if (!ctx.global.dryRun) ctx.requireConfirmable("Deleting a certificate");
  const api = await ctx.api();
  const cert = await findCertificate(api, ref);
  if (ctx.global.dryRun) return dryRun(ctx, api, "DELETE", `/accounts/${api.accountId}/mtls_certificates/${cert.id}`);
  const label = certificateLabel(cert);
  await ctx.confirmOrYes(`Delete ${label}?`);
  try {
    await api.client.deleteCertificate(api.accountId, cert.id);
  } catch (err) {
    if (err instanceof ApiError && err.codes().includes(API_CODES.certificateInUse.code)) {
      const configs = await api.client.listConfigs(api.accountId).catch(() => undefined);
      if (configs) err.context = { detachCommands: detachCommands(cert, configs) };
    }
    throw err;
  }
  ctx.out.result(`✔ Deleted ${label}`, { id: cert.id, deleted: true });
  rememberCertificates(ctx, api, { gone: cert.id });
}

/** For each config using the certificate, the update that frees it (lowering a verify-* mode that would lose its CA). */
export function detachCommands(cert: Pick<Certificate, "id">, configs: readonly HyperdriveConfig[]): string[] {
  const out: string[] = [];
  for (const config of configs) {
    const flags: string[] = [];
    if (config.mtls?.ca_certificate_id === cert.id) {
      flags.push("--no-ca-certificate-id");
      const mode = config.mtls.sslmode as Sslmode | undefined;
      if (mode && SSLMODE_NAMES.includes(mode) && needsCaCertificate(mode)) flags.push(`--sslmode ${config.origin.scheme === "mysql" ? "REQUIRED" : "require"}`);
    }
    if (config.mtls?.mtls_certificate_id === cert.id) flags.push("--no-mtls-certificate-id");
    if (flags.length) out.push(`hyperdrive update ${shellWord(config.name)} ${flags.join(" ")}`);
  }
  return out;
}
