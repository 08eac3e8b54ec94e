// Everything the program touches outside itself, passed in: tests run `main` in-process with fakes, the launcher
// passes the real process.
import type { Transport } from "./api/client";

export interface OutStream {
  write(text: string): void;
  isTTY?: boolean;
  columns?: number;
}

export interface Prompter {
  confirm(question: string, defaultYes: boolean): Promise<boolean>;
  text(question: string, defaultValue?: string): Promise<string>;
  /** Masked input. */
  secret(question: string): Promise<string>;
  choose<T extends { label: string }>(question: string, choices: T[]): Promise<T>;
}

export interface Io {
  argv: string[];
  env: Record<string, string | undefined>;
  cwd: string;
  home: string;
  stdout: OutStream;
  stderr: OutStream;
  stdin: { isTTY?: boolean; readAll(): Promise<string> };
  /** Interactive questions; absent means the program never asks. */
  prompter?: Prompter;
  /** Why there is no prompter on what is a terminal (CI), for the message; absent: not an interactive terminal. */
  noPromptReason?: string;
  /** Show a progress spinner on stderr (a real terminal, not CI). */
  spinner?: boolean;
  /** The HTTP transport to the API; absent means the real one (src/api/transport.ts). */
  transport?: Transport;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
}
