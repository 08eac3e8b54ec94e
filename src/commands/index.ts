// Every command, in the order the program's help lists them: each spec with its handler. list and get, which scripts
// call in loops, are part of the bundle's start-up chunk; every other handler is imported when it runs, so that the
// code of the writing commands (origin rules, binding step) is not parsed at each start (docs/startup.md).
import * as get from "./get";
import * as list from "./list";
import { command, group, type Entry } from "./spec";
import { applySpec } from "./specs/apply";
import { bindSpec } from "./specs/bind";
import { checkSpec } from "./specs/check";
import { completeSpec } from "./specs/complete";
import { CERT, CERT_UPLOAD, certDeleteSpec, certGetSpec, certListSpec, uploadCaSpec, uploadMtlsSpec } from "./specs/cert";
import { createSpec } from "./specs/create";
import { deleteSpec } from "./specs/delete";
import { doctorSpec } from "./specs/doctor";
import { emulatorSpec } from "./specs/emulator";
import { getSpec } from "./specs/get";
import { listSpec } from "./specs/list";
import { metricsSpec } from "./specs/metrics";
import { rotateSpec } from "./specs/rotate";
import { PLANETSCALE, planetscaleSignatureSpec } from "./specs/planetscale";
import { restartSpec } from "./specs/restart";
import { updateSpec } from "./specs/update";

const cert = () => import("./cert");

export const COMMANDS: readonly Entry[] = [
  command(createSpec, () => import("./create").then((m) => m.run)),
  command(bindSpec, () => import("./bind").then((m) => m.run)),
  command(updateSpec, () => import("./update").then((m) => m.run)),
  command(applySpec, () => import("./apply").then((m) => m.run)),
  command(getSpec, async () => get.run),
  command(listSpec, async () => list.run),
  command(deleteSpec, () => import("./delete").then((m) => m.run)),
  command(checkSpec, () => import("./check").then((m) => m.run)),
  command(rotateSpec, () => import("./rotate").then((m) => m.run)),
  command(restartSpec, () => import("./restart").then((m) => m.run)),
  command(metricsSpec, () => import("./metrics").then((m) => m.run)),
  group(CERT, [
    group(CERT_UPLOAD, [
      command(uploadCaSpec, () => cert().then((m) => m.uploadCertificateAuthority)),
      command(uploadMtlsSpec, () => cert().then((m) => m.uploadMtlsCertificate)),
    ]),
    command(certListSpec, () => cert().then((m) => m.list)),
    command(certGetSpec, () => cert().then((m) => m.get)),
    command(certDeleteSpec, () => cert().then((m) => m.remove)),
  ]),
  group(PLANETSCALE, [command(planetscaleSignatureSpec, () => import("./planetscale").then((m) => m.signature))]),
  command(doctorSpec, () => import("./doctor").then((m) => m.run)),
  command(emulatorSpec, () => import("./emulator").then((m) => m.run)),
  command(completeSpec, () => import("./complete").then((m) => m.run)),
];
