// `hyperdrive doctor`: check an origin from here, step by step, and predict Hyperdrive's verdict.
import type { Context } from "../context";
import type { ProbeOptions, ProbeTarget, ProbeTls } from "../probe/types";
import { CliError, UsageError } from "../errors";
import { buildCreateBody, parseInteger } from "../origin/body";
import { askMissingPassword, readSecrets } from "./upsert";
import type { ConfigCreate } from "../api/schemas";

import type { OptionsFor } from "./spec";
import type { doctorSpec } from "./specs/doctor";

export type DoctorFlags = OptionsFor<typeof doctorSpec>;

/** A probe target from a create-shaped origin; Access and VPC origins cannot be reached from here. */
function probeTarget(origin: Record<string, unknown>, via: string): ProbeTarget {
  if (origin.service_id !== undefined || origin.access_client_id !== undefined) {
    throw new UsageError(
      `${via} checks an origin reached directly by host and port; a database behind a Cloudflare Tunnel or a Workers VPC service cannot be reached from here.`,
    );
  }
  const { scheme, host, port, database, user, password } = origin as Record<string, string & number>;
  if (password === undefined) throw new UsageError(`${via} needs the origin's password: give --origin-password - or the whole --connection-string.`);
  return { scheme, host, port, database, user, password } as ProbeTarget;
}

async function readPem(ctx: Context, flag: string, file: string | undefined): Promise<string | undefined> {
  if (file === undefined) return undefined;
  const { readUserFile } = await import("../certs/read");
  return (await readUserFile(ctx.cwd, flag, file)).bytes.toString("utf8");
}

export async function run(ctx: Context, connectionString: string | undefined, flags: DoctorFlags): Promise<void> {
  if (connectionString !== undefined && flags.connectionString !== undefined) {
    throw new UsageError("Give the connection string once: as the argument or with --connection-string.");
  }
  const o = await askMissingPassword(ctx, await readSecrets(ctx, { ...flags, connectionString: connectionString ?? flags.connectionString }));
  const { body, warnings } = buildCreateBody("doctor", o);
  for (const w of warnings) ctx.out.warn(w);
  if (flags.clientKey !== undefined && flags.clientCert === undefined) throw new UsageError("--client-key needs --client-cert.");
  const tls: ProbeTls = {
    sslmode: body.mtls?.sslmode,
    ca: await readPem(ctx, "--ca-cert", flags.caCert),
    clientCert: await readPem(ctx, "--client-cert", flags.clientCert),
    clientKey: await readPem(ctx, "--client-key", flags.clientKey ?? flags.clientCert),
  };
  const options: ProbeOptions = {
    tls,
    allowPrivate: flags.allowPrivate,
    timeoutMs: flags.timeout === undefined ? undefined : parseInteger("--timeout", flags.timeout, 1, 600) * 1000,
  };
  const { runDoctor } = await import("../probe/doctor");
  const result = await runDoctor(probeTarget(body.origin, "doctor"), { ...options, color: ctx.out.colorOut });
  ctx.out.result(result.output, result.report);
  ctx.exitCode = result.exitCode;
}

/**
 * --preflight on create/update/rotate: probe first; a predicted failure stops the command before the API is called.
 * `connectionLimit`: the config's origin connection limit, checked against the server's max_connections.
 * "auto" (rotate's default): an origin this machine cannot check (Tunnel, VPC, not resolvable, private or unreachable
 * from here) is a note, not a stop — Hyperdrive's own test decides; a refusal once the server answered still stops.
 * Returns whether the origin was checked and passed.
 */
export async function preflight(
  ctx: Context,
  origin: ConfigCreate["origin"] | Record<string, unknown>,
  sslmode?: string,
  connectionLimit?: number,
  mode: "required" | "auto" = "required",
): Promise<boolean> {
  const fields = origin as Record<string, unknown>;
  if (mode === "auto" && (fields.service_id !== undefined || fields.access_client_id !== undefined)) {
    ctx.out.note("Preflight skipped: the origin is reached through Cloudflare's network (Tunnel or Workers VPC); Hyperdrive tests it.");
    return false;
  }
  const { runDoctor } = await import("../probe/doctor");
  // The CA and client certificate live in Cloudflare, not here: verification beyond TLS itself is Hyperdrive's to do.
  const verify = sslmode !== undefined && /verify/i.test(sslmode);
  if (verify) ctx.out.note(`Preflight checks TLS but not sslmode ${sslmode}: the uploaded CA is not available locally (hyperdrive doctor --ca-cert checks it).`);
  const result = await runDoctor(probeTarget(origin, "--preflight"), {
    tls: { sslmode: verify ? undefined : sslmode },
    allowPrivate: Boolean(ctx.global.local),
    color: ctx.out.colorErr,
    ...(connectionLimit !== undefined ? { originConnectionLimit: connectionLimit } : {}),
  });
  if (result.exitCode === 0) {
    // Warnings (a connection limit above max_connections, an unsupported version…) do not stop the command: say them.
    const warnings = result.report.steps.filter((step) => step.status === "warn");
    for (const step of warnings) ctx.out.warn(`Preflight: ${step.title}: ${step.detail}`);
    ctx.out.note(`Preflight: the origin looks acceptable to Hyperdrive${warnings.length ? ", with the warning(s) above" : ""}.`);
    return true;
  }
  const failure = result.report.failure!;
  const failedStep = result.report.steps.find((step) => step.status === "fail")?.id;
  if (mode === "auto" && (failedStep === "dns" || failedStep === "public" || failedStep === "tcp")) {
    ctx.out.note(`Preflight skipped: the origin cannot be checked from here (${failure.message}); Hyperdrive tests it.`);
    return false;
  }
  ctx.out.note(result.output.trimEnd());
  // Kind `api` with Hyperdrive's code: a script handles the predicted refusal as it would the API's own.
  throw new CliError(`Preflight predicts Hyperdrive would refuse this origin: ${failure.message.replace(/\.$/, "")}. Nothing was sent.`, {
    kind: "api",
    code: failure.code,
    hint: `Fix the origin (see the checklist above), or ${mode === "auto" ? "pass --no-preflight" : "drop --preflight"} to let Hyperdrive test it.`,
  });
}
