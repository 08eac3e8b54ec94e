// The emulator's state file could not be read or saved: the message names the path and the way out, for every error
// code a folder or a disk gives (EACCES is covered here: the tests run as root, which permissions do not stop).
import { describe, expect, it } from "vitest";
import { describeStateFailure, StateFileError } from "../../src/emulator/state-errors";

const statePath = "/work/app/.hyperdrive/local-state.json";
const elsewhere = "run from another folder (--cwd DIR; the state lives in .hyperdrive/ beside the wrangler config, else in the working directory).";

describe("describeStateFailure", () => {
  it("EACCES creating the state folder: the folder that must be writable, and how", () => {
    expect(describeStateFailure({ action: "save", statePath, path: "/work/app/.hyperdrive", code: "EACCES", syscall: "mkdir" })).toEqual({
      message: "Cannot save the local emulator's state: could not create the folder /work/app/.hyperdrive (permission denied).",
      hint: `Make /work/app writable for this user (chmod u+w /work/app), or ${elsewhere}`,
    });
  });

  it("EACCES writing the lock or temporary file, or replacing the state: the state's folder", () => {
    const lock = describeStateFailure({ action: "save", statePath, path: "/work/app/.hyperdrive/.local-state.json.lock", code: "EACCES", syscall: "open" });
    expect(lock.message).toBe("Cannot save the local emulator's state: could not write /work/app/.hyperdrive/.local-state.json.lock (permission denied).");
    expect(lock.hint).toMatch(/^Make \/work\/app\/\.hyperdrive writable for this user \(chmod u\+w \/work\/app\/\.hyperdrive\)/);
    const rename = describeStateFailure({ action: "save", statePath, path: statePath, code: "EPERM", syscall: "rename" });
    expect(rename.message).toBe(`Cannot save the local emulator's state: could not replace ${statePath} (operation not permitted).`);
    expect(rename.hint).toMatch(/^Make \/work\/app\/\.hyperdrive writable/);
  });

  it("EACCES reading: the file that must be readable", () => {
    expect(describeStateFailure({ action: "read", statePath, path: statePath, code: "EACCES", syscall: "open" })).toEqual({
      message: `Cannot read the local emulator's state: could not read ${statePath} (permission denied).`,
      hint: `Make ${statePath} readable for this user, or ${elsewhere}`,
    });
  });

  it("a read-only file system, a full disk, a quota", () => {
    expect(describeStateFailure({ action: "save", statePath, code: "EROFS", syscall: "open" }).message).toBe(
      `Cannot save the local emulator's state: could not write ${statePath} (the file system is read-only).`,
    );
    const full = describeStateFailure({ action: "save", statePath, code: "ENOSPC", syscall: "write" });
    expect(full).toEqual({ message: `Cannot save the local emulator's state: could not write ${statePath} (no space left on the device).`, hint: `Free some space on that disk, or ${elsewhere}` });
    expect(describeStateFailure({ action: "save", statePath, code: "EDQUOT" }).message).toContain("(the disk quota is exceeded)");
  });

  it("a file where a folder must be, the state file a folder, a read-only state file", () => {
    expect(describeStateFailure({ action: "save", statePath, code: "ENOTDIR", syscall: "mkdir", fileInTheWay: "/work/app/.hyperdrive" })).toEqual({
      message: `Cannot save the local emulator's state: /work/app/.hyperdrive is a file, where the folder of ${statePath} must be.`,
      hint: `Move or rename /work/app/.hyperdrive, or ${elsewhere}`,
    });
    expect(describeStateFailure({ action: "read", statePath, code: "EISDIR" }).message).toBe(`Cannot read the local emulator's state: ${statePath} is a folder, not the state file.`);
    expect(describeStateFailure({ action: "save", statePath, readOnlyMode: "0444" })).toEqual({
      message: `Cannot save the local emulator's state: ${statePath} is read-only (mode 0444) for this user.`,
      hint: `Make it writable (chmod u+w ${statePath}), or ${elsewhere}`,
    });
  });

  it("another code: the system's message; never advice about Cloudflare's API", () => {
    const other = describeStateFailure({ action: "save", statePath, code: "EIO", detail: "EIO: i/o error, write" });
    expect(other.message).toBe(`Cannot save the local emulator's state: could not write ${statePath} (EIO: i/o error, write).`);
    for (const code of ["EACCES", "EROFS", "ENOSPC", "EIO", "ENOTDIR"]) {
      const { message, hint } = describeStateFailure({ action: "save", statePath, code, fileInTheWay: "/work/app/.hyperdrive" });
      expect(`${message} ${hint}`).not.toMatch(/Cloudflare|retry|cloudflarestatus/i);
    }
  });

  it("StateFileError: exit 1, kind internal, the system's code as errno", () => {
    const error = new StateFileError({ action: "save", statePath, code: "EACCES", syscall: "mkdir", path: "/work/app/.hyperdrive" });
    expect(error.exitCode).toBe(1);
    expect(error.details()).toEqual([
      { errno: "EACCES", message: "Cannot save the local emulator's state: could not create the folder /work/app/.hyperdrive (permission denied).", hint: expect.stringMatching(/^Make \/work\/app writable/) },
    ]);
    expect(error.kind).toBe("internal");
  });
});
