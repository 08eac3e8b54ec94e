// Everything `hyperdrive doctor` does once its flags are parsed: probe the origin, render the report (or its JSON),
// and choose the exit code. The command prints `output` to stdout and exits with `exitCode`.
import { UsageError } from "../errors";
import { probeOrigin } from "./probe";
import { doctorExitCode, renderProbeReport } from "./render";
import { verificationOf } from "./tls";
import type { ProbeOptions, ProbeReport, ProbeTarget } from "./types";

export interface DoctorOptions extends ProbeOptions {
  /** Print the report as JSON (--json). */
  json?: boolean;
  /** Colour the checklist (a TTY without --no-color / NO_COLOR). */
  color?: boolean;
}

export interface DoctorResult {
  report: ProbeReport;
  /** 0 when Hyperdrive would accept the origin, 1 when a failure code is predicted. */
  exitCode: number;
  /** The checklist, or the report as JSON, ending with a newline. */
  output: string;
}

/** Throws UsageError (exit 2) for an sslmode Hyperdrive does not have. */
export async function runDoctor(target: ProbeTarget, options: DoctorOptions = {}): Promise<DoctorResult> {
  try {
    verificationOf(options.tls?.sslmode);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const report = await probeOrigin(target, options);
  const output = options.json
    ? `${JSON.stringify(report, null, 2)}\n`
    : renderProbeReport(report, { color: options.color ?? false });
  return { report, exitCode: doctorExitCode(report), output };
}
