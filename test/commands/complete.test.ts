// What a Tab offers (src/commands/complete/): computed from the real command specs, with the cached config names
// passed in. Each case is the words typed so far and the word being completed.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { COMMANDS } from "../../src/commands";
import { complete, formatCompletion, DIRECTIVE, type KnownNames, type ParsedWords } from "../../src/commands/complete/candidates";
import { completionModel } from "../../src/commands/complete/model";
import { GLOBAL_FLAGS } from "../../src/flags";
import { SSLMODES } from "../../src/api/contract";

const model = completionModel(COMMANDS, GLOBAL_FLAGS);
const CONFIGS: KnownNames["configs"] = [
  { id: "6b7efc370ea34ded8327fa20698dfe3a", name: "orders", scheme: "postgresql" },
  { id: "0f1e2d3c4b5a69788796a5b4c3d2e1f0", name: "orders-eu" },
  { id: "aa11bb22cc33dd44ee55ff6677889900", name: "billing", scheme: "mysql" },
];
const CERTIFICATES: KnownNames["certificates"] = [
  { id: "2458ce5a-0c35-4c7f-82c7-8e9487d3ff60", name: "rds-ca", ca: true },
  { id: "24f1e0d2-1111-4222-8333-444455556666", name: "client-a", ca: false },
  { id: "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d", ca: true },
  { id: "b0b0b0b0-2222-4333-8444-555566667777", name: "rds-ca", ca: false },
];

/** The values offered for `line` (the last word is the one being completed; end with a space for a new word). */
function tab(line: string, configs = CONFIGS, certificates = CERTIFICATES) {
  const words = line.split(" ");
  const asked: ParsedWords[] = [];
  const result = complete(model, words.slice(0, -1), words[words.length - 1], (parsed) => {
    asked.push(parsed);
    return { configs, certificates };
  });
  return { values: result.candidates.map((c) => c.value), candidates: result.candidates, directive: result.directive, asked };
}
const values = (line: string) => tab(line).values;

describe("commands and subcommands", () => {
  it("offers every command at the start, with its description, and no file names", () => {
    const r = tab("");
    expect(r.values).toEqual([...COMMANDS.map((c) => c.spec.name), "help"]);
    expect(r.values).toEqual(expect.arrayContaining(["create", "get", "list", "delete", "cert", "complete", "restart", "rotate", "apply", "bind"]));
    expect(r.candidates.find((c) => c.value === "list")?.description).toBe("list the configs of the account");
    expect(r.directive).toBe(DIRECTIVE.noFiles);
  });

  it("completes a prefix, and after global options too", () => {
    expect(values("re")).toEqual(["restart"]);
    expect(values("r")).toEqual(["rotate", "restart"]);
    expect(values("--local --account-id 0123 ge")).toEqual(["get"]);
    expect(values("-c wrangler.toml d")).toEqual(["delete", "doctor"]);
  });

  it("walks the nested cert commands: cert → upload → certificate-authority | mtls-certificate", () => {
    expect(values("cert ")).toEqual(["upload", "list", "get", "delete"]);
    expect(values("cert upload ")).toEqual(["certificate-authority", "mtls-certificate"]);
    expect(values("cert upload m")).toEqual(["mtls-certificate"]);
    expect(values("cert upload certificate-authority --")).toEqual(expect.arrayContaining(["--ca-cert", "--name"]));
    expect(values("cert upload mtls-certificate --")).toEqual(expect.arrayContaining(["--cert", "--key", "--name"]));
    expect(values("planetscale ")).toEqual(["signature"]);
  });

  it("help <command…> completes command names, not flags or arguments", () => {
    expect(values("help ")).toEqual(COMMANDS.map((c) => c.spec.name));
    expect(values("help cert up")).toEqual(["upload"]);
    expect(values("help get ")).toEqual([]);
  });

  it("offers nothing after an unknown command or extra words", () => {
    expect(values("nope ")).toEqual([]);
    expect(values("cert nope ")).toEqual([]);
    expect(values("restart orders ")).not.toContain("orders");
  });

  it("complete [shell]: bash, zsh, fish", () => {
    expect(values("complete ")).toEqual(["bash", "zsh", "fish"]);
    expect(values("complete z")).toEqual(["zsh"]);
  });
});

describe("flags", () => {
  it("offers the command's flags and the global ones, with their help text", () => {
    const r = tab("create prod-db --");
    expect(r.values).toEqual(expect.arrayContaining(["--connection-string", "--origin-host", "--sslmode", "--caching-disabled", "--max-age", "--binding", "--json", "--account-id", "--local", "--help"]));
    expect(r.candidates.find((c) => c.value === "--max-age")?.description).toMatch(/^cache max age, 0-3600 seconds/);
    expect(r.values).not.toContain("--version");
    expect(values("--")).toContain("--version");
  });

  it("does not offer an alias where its flag's own name matches, nor hidden flags", () => {
    const all = values("create prod-db --");
    expect(all).not.toContain("--host");
    expect(all).not.toContain("--ca-certificate-uuid");
    // doctor accepts the Tunnel and VPC flags only to explain why it cannot check such an origin; its help hides them.
    expect(values("doctor --")).not.toContain("--access-client-id");
    expect(values("doctor --")).toContain("--ca-cert");
  });

  it("offers the alias that the typed prefix leads to (wrangler's names): --ho → --host, --ca-certificate-u → the uuid form", () => {
    const r = tab("create prod-db --ho");
    expect(r.candidates).toEqual([{ value: "--host", description: "alias of --origin-host" }]);
    expect(values("update prod-db --ca-certificate-u")).toEqual(["--ca-certificate-uuid"]);
    expect(values("create x --pa")).toEqual(["--password"]);
    expect(values("create x --s")).toEqual(["--scheme", "--service-id", "--sslmode", "--swr"]);
  });

  it("offers the --no- forms the help shows, and short forms after a lone -", () => {
    // --caching-disabled's --no- form works but is not in the help: not offered either
    expect(values("update prod-db --no-")).toEqual(["--no-ca-certificate-id", "--no-mtls-certificate-id", "--no-color"]);
    expect(values("update prod-db --no-c")).toEqual(["--no-ca-certificate-id", "--no-color"]);
    expect(values("rotate prod-db --no-")).toEqual(expect.arrayContaining(["--no-preflight", "--no-update-config"]));
    // rotate has only the --no- form of --update-config
    expect(values("rotate prod-db --update")).toEqual([]);
    expect(values("list -")).toEqual(expect.arrayContaining(["-y", "-c", "-e", "--json"]));
    expect(values("list --")).not.toContain("-y");
  });

  it("does not offer a flag already given, except the repeatable ones", () => {
    expect(values("create x --max-age 60 --ma")).toEqual([]);
    expect(values("create x --maxAge=60 --ma")).toEqual([]);
    expect(values("list --json --js")).toEqual([]);
    expect(values("list --no-json --js")).toEqual([]);
    expect(values("list --env-file a.env --env-f")).toEqual(["--env-file"]);
    expect(values("emulator --fault 429 --fa")).toEqual(["--fault"]);
  });

  it("after the arguments, a new word offers the command's flags", () => {
    expect(values("list ")).toEqual(expect.arrayContaining(["--json", "--local", "--help"]));
    expect(values("get orders ")).toEqual(expect.arrayContaining(["--json", "--account-id"]));
    expect(values("cert upload certificate-authority ")).toEqual(expect.arrayContaining(["--ca-cert", "--name"]));
  });

  it("after --, nothing is a flag", () => {
    expect(values("get -- --")).toEqual([]);
  });
});

describe("values", () => {
  it("schemes for --origin-scheme and its alias --scheme, in both forms", () => {
    expect(values("create x --origin-scheme ")).toEqual(["postgres", "postgresql", "mysql"]);
    expect(values("create x --scheme p")).toEqual(["postgres", "postgresql"]);
    expect(values("create x --origin-scheme=my")).toEqual(["--origin-scheme=mysql"]);
    expect(values("create x --originScheme ")).toEqual(["postgres", "postgresql", "mysql"]);
  });

  it("sslmodes: both families, or the scheme's own when the command line says which", () => {
    expect(values("create x --sslmode ")).toEqual([...SSLMODES.postgres, ...SSLMODES.mysql]);
    expect(values("create x --origin-scheme mysql --sslmode ")).toEqual([...SSLMODES.mysql]);
    expect(values("create x --scheme=postgresql --sslmode ")).toEqual([...SSLMODES.postgres]);
    expect(values("create x --connection-string mysql://u@h/db --sslmode ")).toEqual([...SSLMODES.mysql]);
    expect(values("create x --connection-string postgres://u@h/db --sslmode=verify-")).toEqual(["--sslmode=verify-ca", "--sslmode=verify-full"]);
    // a connection string from stdin or a file says nothing yet
    expect(values("create x --connection-string - --sslmode ")).toEqual([...SSLMODES.postgres, ...SSLMODES.mysql]);
    expect(values("create x --origin-scheme MySQL --sslmode ")).toEqual([...SSLMODES.mysql]);
    expect(values("create x --origin-scheme oracle --sslmode ")).toEqual([...SSLMODES.postgres, ...SSLMODES.mysql]);
    // doctor's connection string is its argument
    expect(values("doctor mysql://u@h/db --sslmode ")).toEqual([...SSLMODES.mysql]);
    expect(values("doctor postgresql://u@h/db --sslmode=")).toEqual(SSLMODES.postgres.map((m) => `--sslmode=${m}`));
  });

  it("update <config> --sslmode: the family of that config's scheme, when the name cache knows it", () => {
    expect(values("update billing --sslmode ")).toEqual([...SSLMODES.mysql]);
    expect(values("update orders --sslmode=")).toEqual(SSLMODES.postgres.map((m) => `--sslmode=${m}`));
    expect(values("update AA11BB22CC33DD44EE55FF6677889900 --sslmode V")).toEqual(["VERIFY_CA", "VERIFY_IDENTITY"]);
    expect(values("--local update --json billing --max-age 60 --sslmode ")).toEqual([...SSLMODES.mysql]);
    expect(values("apply billing --sslmode ")).toEqual([...SSLMODES.mysql]);
    // what the command line says wins over the cache: it is what the update will send
    expect(values("update billing --origin-scheme postgres --sslmode ")).toEqual([...SSLMODES.postgres]);
    expect(values("update billing --connection-string postgres://u@h/db --sslmode ")).toEqual([...SSLMODES.postgres]);
    expect(values("update billing --connection-string - --sslmode ")).toEqual([...SSLMODES.postgres, ...SSLMODES.mysql]);
    // unknown: a config without a cached scheme, one the cache does not know, or two namesakes that differ
    expect(values("update orders-eu --sslmode ")).toEqual([...SSLMODES.postgres, ...SSLMODES.mysql]);
    expect(values("update nope --sslmode ")).toEqual([...SSLMODES.postgres, ...SSLMODES.mysql]);
    const twins = [...CONFIGS, { id: "cc".repeat(16), name: "orders", scheme: "mysql" as const }];
    expect(tab("update orders --sslmode ", twins).values).toEqual([...SSLMODES.postgres, ...SSLMODES.mysql]);
    expect(tab("update billing --sslmode ", []).values).toEqual([...SSLMODES.postgres, ...SSLMODES.mysql]);
    // create's argument is a new name, not a config the cache knows
    expect(values("create billing --sslmode ")).toEqual([...SSLMODES.postgres, ...SSLMODES.mysql]);
  });

  it("choices of other flags: emulator --plan", () => {
    expect(values("emulator --plan ")).toEqual(["free", "paid"]);
  });

  it("file flags ask the shell for file names; --cwd for folder names; other values for nothing", () => {
    for (const line of ["cert upload certificate-authority --ca-cert ", "cert upload mtls-certificate --cert ", "cert upload mtls-certificate --key c", "list --config ", "list -c ", "doctor --client-key ", "list --env-file ", "cert upload certificate-authority --ca-cert=ca"]) {
      expect(tab(line), line).toMatchObject({ values: [], directive: DIRECTIVE.files });
    }
    expect(tab("--cwd ")).toMatchObject({ values: [], directive: DIRECTIVE.dirs });
    expect(tab("create x --origin-host ")).toMatchObject({ values: [], directive: DIRECTIVE.noFiles });
    expect(tab("create x --max-age=")).toMatchObject({ values: [], directive: DIRECTIVE.noFiles });
  });

  it("a switch's value (true|false) is not taken for an argument", () => {
    expect(values("update --caching-disabled false ")).toEqual(["orders", "orders-eu", "billing"]);
    expect(values("update --caching-disabled ")).toEqual(["orders", "orders-eu", "billing"]);
  });
});

describe("config names for <config> arguments", () => {
  it.each(["get", "update", "delete", "restart", "rotate", "bind", "metrics", "apply"])("%s <config> offers the cached names, with their ids", (command) => {
    const r = tab(`${command} `);
    expect(r.values).toEqual(["orders", "orders-eu", "billing"]);
    expect(r.candidates[0]).toEqual({ value: "orders", description: "6b7efc370ea34ded8327fa20698dfe3a" });
    expect(r.directive).toBe(DIRECTIVE.noFiles);
  });

  it("completes a prefix of a name, or of an id once something is typed", () => {
    expect(values("get ord")).toEqual(["orders", "orders-eu"]);
    expect(values("get 6b7")).toEqual(["6b7efc370ea34ded8327fa20698dfe3a"]);
    expect(tab("delete 0f1E").candidates).toEqual([{ value: "0f1e2d3c4b5a69788796a5b4c3d2e1f0", description: "orders-eu" }]);
  });

  it("reads the cache only for a <config> argument, with the command line's global flags", () => {
    expect(tab("create ").asked).toEqual([]);
    expect(tab("list --").asked).toEqual([]);
    expect(tab("create x --sslmode ").asked).toEqual([]);
    expect(tab("create x --origin-host ").asked).toEqual([]);
    const { asked } = tab("--local get --cwd sub ");
    expect(asked).toHaveLength(1);
    expect(asked[0].given.get("--local")).toEqual(["true"]);
    expect(asked[0].given.get("--cwd")).toEqual(["sub"]);
  });

  it("offers nothing when the cache has nothing", () => {
    expect(tab("get ", [])).toMatchObject({ values: [], directive: DIRECTIVE.noFiles });
  });
});

describe("certificates", () => {
  it("cert get and cert delete <certificate>: the cached names with their ids, and the ids of the unnamed ones", () => {
    for (const command of ["cert get", "cert delete"]) {
      const r = tab(`${command} `);
      expect(r.values, command).toEqual(["rds-ca", "client-a", "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"]);
      expect(r.candidates[0]).toEqual({ value: "rds-ca", description: "2458ce5a-0c35-4c7f-82c7-8e9487d3ff60" });
      expect(r.candidates[2]).toEqual({ value: "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d", description: "(no name, CA certificate)" });
      expect(r.directive).toBe(DIRECTIVE.noFiles);
    }
    expect(values("cert get rds")).toEqual(["rds-ca"]);
    expect(tab("cert get 24").candidates).toEqual([
      { value: "2458ce5a-0c35-4c7f-82c7-8e9487d3ff60", description: "rds-ca" },
      { value: "24f1e0d2-1111-4222-8333-444455556666", description: "client-a" },
    ]);
    expect(values("cert delete 2458CE")).toEqual(["2458ce5a-0c35-4c7f-82c7-8e9487d3ff60"]);
    expect(values("cert get rds-ca ")).not.toContain("rds-ca");
    expect(tab("cert get ", CONFIGS, [])).toMatchObject({ values: [], directive: DIRECTIVE.noFiles });
    // not the config names
    expect(values("cert get ")).not.toContain("orders");
  });

  it("cert delete --id and --name: ids (named by their name) and names", () => {
    expect(tab("cert delete --id ").candidates.map((c) => c.value)).toEqual(CERTIFICATES.map((c) => c.id));
    expect(tab("cert delete --id b0").candidates).toEqual([{ value: "b0b0b0b0-2222-4333-8444-555566667777", description: "rds-ca" }]);
    expect(values("cert delete --name ")).toEqual(["rds-ca", "client-a"]);
    expect(values("cert delete --name=cl")).toEqual(["--name=client-a"]);
  });

  it("--ca-certificate-id offers the CA certificates' ids, --mtls-certificate-id the client certificates'", () => {
    for (const command of ["create x", "update orders", "apply orders"]) {
      const ca = tab(`${command} --ca-certificate-id `);
      expect(ca.values, command).toEqual(["2458ce5a-0c35-4c7f-82c7-8e9487d3ff60", "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"]);
      expect(ca.candidates[0].description).toBe("rds-ca");
      expect(ca.directive).toBe(DIRECTIVE.noFiles);
      expect(values(`${command} --mtls-certificate-id `), command).toEqual(["24f1e0d2-1111-4222-8333-444455556666", "b0b0b0b0-2222-4333-8444-555566667777"]);
    }
    expect(values("create x --ca-certificate-uuid 9")).toEqual(["9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"]);
    expect(values("update orders --caCertificateId=24")).toEqual(["--caCertificateId=2458ce5a-0c35-4c7f-82c7-8e9487d3ff60"]);
    expect(values("update orders --mtls-certificate-id=b")).toEqual(["--mtls-certificate-id=b0b0b0b0-2222-4333-8444-555566667777"]);
    // the --no- form takes no value: the next word is a new one
    expect(values("update orders --no-ca-certificate-id ")).toEqual(expect.arrayContaining(["--sslmode", "--json"]));
  });

  it("the cache is read with the command line's global flags, once", () => {
    const { asked } = tab("--account-id 0123 cert get ");
    expect(asked).toHaveLength(1);
    expect(asked[0].given.get("--account-id")).toEqual(["0123"]);
    expect(tab("update billing --sslmode ").asked).toHaveLength(1);
    expect(tab("cert upload certificate-authority --name ").asked).toEqual([]);
  });
});

describe("the answer's text", () => {
  it("is wrangler's protocol: value<TAB>description lines, then :directive", () => {
    expect(formatCompletion({ candidates: [{ value: "orders", description: "6b7e" }, { value: "bash" }], directive: 4 })).toBe("orders\t6b7e\nbash\n:4\n");
    expect(formatCompletion({ candidates: [], directive: 0 })).toBe(":0\n");
    expect(formatCompletion({ candidates: [{ value: "a\tb", description: "two\nlines" }], directive: 4 })).toBe("a b\ttwo lines\n:4\n");
  });
});

describe("the model the launcher answers from", () => {
  it("dist/completion.json is the model of the specs (rebuilt by npm run build)", () => {
    const built = JSON.parse(readFileSync(new URL("../../dist/completion.json", import.meta.url), "utf8"));
    expect(built).toEqual(JSON.parse(JSON.stringify(model)));
  });
});
