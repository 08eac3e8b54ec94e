// A PEM file the user named in a flag (cert upload's --ca-cert, --cert, --key; doctor's --ca-cert, --client-cert,
// --client-key), read relative to the working directory (--cwd). One that cannot be read is a usage error naming the
// flag, the path as written and what to do (unreadableFile). Only a regular file of a sane size is read: `--key
// /dev/zero` would grow without end, and a FIFO would wait for a writer forever.
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { resolve } from "node:path";
import { UsageError } from "../errors";
import { unreadableFile, type InputFile } from "./check";

/** PEM certificates, chains and keys are kilobytes; a CA bundle of a few hundred certificates stays under this. */
export const MAX_INPUT_FILE_BYTES = 1024 * 1024;

export async function readUserFile(cwd: string, flag: string, path: string): Promise<InputFile & { bytes: Buffer }> {
  let handle;
  try {
    // O_NONBLOCK: opening a FIFO for reading does not wait for a writer.
    handle = await open(resolve(cwd, path), constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw unreadableFile(flag, path, err);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw unreadableFile(flag, path, Object.assign(new Error("directory"), { code: "EISDIR" }));
    if (!info.isFile()) throw new UsageError(`${flag} ${path} is not a regular file (a pipe, socket or device); it was not read.`, "Give the PEM file itself.");
    if (info.size > MAX_INPUT_FILE_BYTES) throw tooLarge(flag, path);
    // The size may change while it is read: read one byte more than the limit, at most.
    const buffer = Buffer.alloc(MAX_INPUT_FILE_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > MAX_INPUT_FILE_BYTES) throw tooLarge(flag, path);
    }
    return { flag, path, bytes: buffer.subarray(0, length) };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw unreadableFile(flag, path, err);
  } finally {
    await handle.close();
  }
}

function tooLarge(flag: string, path: string): UsageError {
  return new UsageError(`${flag} ${path} is larger than ${MAX_INPUT_FILE_BYTES / 1024 / 1024} MiB; a PEM file is a few kilobytes. It was not read.`, "Check that the flag names the certificate or key file.");
}
