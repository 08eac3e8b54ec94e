// A PEM file the user named in a flag (cert upload's --ca-cert, --cert, --key; doctor's --ca-cert, --client-cert,
// --client-key), read relative to the working directory (--cwd). One that cannot be read is a usage error naming the
// flag, the path as written and what to do (unreadableFile).
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { unreadableFile, type InputFile } from "./check";

export async function readUserFile(cwd: string, flag: string, path: string): Promise<InputFile & { bytes: Buffer }> {
  try {
    return { flag, path, bytes: await readFile(resolve(cwd, path)) };
  } catch (err) {
    throw unreadableFile(flag, path, err);
  }
}
