// The origin probe: shared by `hyperdrive doctor`, `create/update --preflight` and the emulator's connection test.
export { probeOrigin, DEFAULT_TIMEOUT_MS } from "./probe";
export { runDoctor, type DoctorOptions, type DoctorResult } from "./doctor";
export { renderProbeReport, doctorExitCode } from "./render";
export { nonPublicKind } from "./network";
export { verificationOf } from "./tls";
export type * from "./types";
