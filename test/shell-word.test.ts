// The one quoting rule of every command line a message prints (src/shell-word.ts), checked against a real shell:
// what is printed, pasted into sh, gives back the very word.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { shellWord } from "../src/shell-word";

const WORDS = ["hyperdrive", "--binding=HD", "postgres://app@db.example.com:5432/app", "./certs/ca.pem", "a,b", "my config", "it's", "", "$HOME", "*.pem", "a\nb", "ü-name", "--env", "x;rm"];

describe("shellWord", () => {
  it("leaves plain words as they are and quotes only what needs it", () => {
    expect(WORDS.map(shellWord)).toEqual([
      "hyperdrive",
      "--binding=HD",
      "postgres://app@db.example.com:5432/app",
      "./certs/ca.pem",
      "a,b",
      "'my config'",
      "'it'\\''s'",
      "''",
      "'$HOME'",
      "'*.pem'",
      "'a\nb'",
      "'ü-name'",
      "--env",
      "'x;rm'",
    ]);
  });

  it("gives back each word when sh reads it", () => {
    const script = `for w in ${WORDS.map(shellWord).join(" ")}; do printf '%s\\0' "$w"; done`;
    expect(execFileSync("sh", ["-c", script], { encoding: "utf8" }).split("\0").slice(0, -1)).toEqual(WORDS);
  });
});
