// A parser for the part of GraphQL's query language the analytics emulator answers: one operation (anonymous or
// named `query`), variable definitions with defaults, fields with aliases and arguments, nested selections, and every
// kind of value (variables, strings, block strings, numbers, booleans, null, enums, lists, objects). Fragments and
// directives are refused with a clear message rather than half-supported. The `graphql` package would do all of this
// and more, at the cost of a large dependency in the emulator's bundle.

export type Value =
  | { kind: "variable"; name: string }
  | { kind: "string"; value: string }
  | { kind: "int"; value: number }
  | { kind: "float"; value: number }
  | { kind: "boolean"; value: boolean }
  | { kind: "null" }
  | { kind: "enum"; value: string }
  | { kind: "list"; values: Value[] }
  | { kind: "object"; fields: Array<{ name: string; value: Value }> };

export interface Location {
  line: number;
  column: number;
}

export interface FieldNode {
  alias?: string;
  name: string;
  args: Array<{ name: string; value: Value }>;
  selections?: FieldNode[];
  loc: Location;
}

export interface VariableDefinition {
  name: string;
  /** As written, e.g. `string!`, `[Time!]`. */
  type: string;
  required: boolean;
  default?: Value;
}

export interface Operation {
  operation: "query" | "mutation" | "subscription";
  name?: string;
  variables: VariableDefinition[];
  selections: FieldNode[];
}

export class GraphqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly loc: Location,
  ) {
    super(message);
  }
}

type Token = { kind: "punct" | "name" | "int" | "float" | "string" | "eof"; value: string; loc: Location };

const PUNCT = new Set(["!", "$", "(", ")", ":", "=", "@", "[", "]", "{", "}", "|", "&"]);

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const loc = (at: number): Location => ({ line, column: at - lineStart + 1 });
  while (i < source.length) {
    const c = source[i];
    if (c === "\n") {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r" || c === "," || c === "\ufeff") {
      i++;
      continue;
    }
    if (c === "#") {
      while (i < source.length && source[i] !== "\n") i++;
      continue;
    }
    const start = i;
    if (source.startsWith("...", i)) throw new GraphqlSyntaxError("fragments are not supported by the emulator: write the fields out", loc(start));
    if (PUNCT.has(c)) {
      tokens.push({ kind: "punct", value: c, loc: loc(start) });
      i++;
      continue;
    }
    if (/[_A-Za-z]/.test(c)) {
      while (i < source.length && /[_0-9A-Za-z]/.test(source[i])) i++;
      tokens.push({ kind: "name", value: source.slice(start, i), loc: loc(start) });
      continue;
    }
    if (c === "-" || /[0-9]/.test(c)) {
      const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(source.slice(i));
      if (!m || /[_A-Za-z.]/.test(source[i + m[0].length] ?? "")) throw new GraphqlSyntaxError(`invalid number at "${source.slice(i, i + 10)}"`, loc(start));
      i += m[0].length;
      tokens.push({ kind: m[2] || m[3] ? "float" : "int", value: m[0], loc: loc(start) });
      continue;
    }
    if (source.startsWith('"""', i)) {
      const end = source.indexOf('"""', i + 3);
      if (end < 0) throw new GraphqlSyntaxError("unterminated block string", loc(start));
      const raw = source.slice(i + 3, end);
      const token: Token = { kind: "string", value: raw.replace(/\\"""/g, '"""'), loc: loc(start) };
      for (let k = i + 3; k < end; k++) if (source[k] === "\n") (line++, (lineStart = k + 1));
      i = end + 3;
      tokens.push(token);
      continue;
    }
    if (c === '"') {
      let value = "";
      i++;
      for (;;) {
        if (i >= source.length || source[i] === "\n") throw new GraphqlSyntaxError("unterminated string", loc(start));
        const ch = source[i];
        if (ch === '"') break;
        if (ch === "\\") {
          const esc = source[i + 1];
          const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
          if (esc in simple) {
            value += simple[esc];
            i += 2;
          } else if (esc === "u" && /^[0-9a-fA-F]{4}$/.test(source.slice(i + 2, i + 6))) {
            value += String.fromCharCode(parseInt(source.slice(i + 2, i + 6), 16));
            i += 6;
          } else throw new GraphqlSyntaxError(`invalid escape \\${esc ?? ""} in a string`, loc(i));
          continue;
        }
        value += ch;
        i++;
      }
      i++;
      tokens.push({ kind: "string", value, loc: loc(start) });
      continue;
    }
    throw new GraphqlSyntaxError(`unexpected character "${c}"`, loc(start));
  }
  tokens.push({ kind: "eof", value: "", loc: loc(i) });
  return tokens;
}

/** Parse a document holding one operation. */
export function parseOperation(source: string): Operation {
  const tokens = tokenize(source);
  let at = 0;
  const peek = () => tokens[at];
  const next = () => tokens[at++];
  const describe = (t: Token) => (t.kind === "eof" ? "the end of the query" : `"${t.value}"`);
  const fail = (expected: string, t = peek()): never => {
    throw new GraphqlSyntaxError(`expected ${expected}, found ${describe(t)}`, t.loc);
  };
  const isPunct = (value: string) => peek().kind === "punct" && peek().value === value;
  const expectPunct = (value: string) => (isPunct(value) ? next() : fail(`"${value}"`));
  const expectName = (): string => (peek().kind === "name" ? next().value : fail("a name"));

  const parseValue = (constant: boolean): Value => {
    const t = peek();
    if (t.kind === "punct" && t.value === "$") {
      if (constant) fail("a constant value");
      next();
      return { kind: "variable", name: expectName() };
    }
    if (t.kind === "int") return next(), { kind: "int", value: Number(t.value) };
    if (t.kind === "float") return next(), { kind: "float", value: Number(t.value) };
    if (t.kind === "string") return next(), { kind: "string", value: t.value };
    if (t.kind === "name") {
      next();
      if (t.value === "true" || t.value === "false") return { kind: "boolean", value: t.value === "true" };
      if (t.value === "null") return { kind: "null" };
      return { kind: "enum", value: t.value };
    }
    if (isPunct("[")) {
      next();
      const values: Value[] = [];
      while (!isPunct("]")) values.push(parseValue(constant));
      next();
      return { kind: "list", values };
    }
    if (isPunct("{")) {
      next();
      const fields: Array<{ name: string; value: Value }> = [];
      while (!isPunct("}")) {
        const name = expectName();
        expectPunct(":");
        fields.push({ name, value: parseValue(constant) });
      }
      next();
      return { kind: "object", fields };
    }
    return fail("a value");
  };

  const parseType = (): string => {
    let text: string;
    if (isPunct("[")) {
      next();
      text = `[${parseType()}]`;
      expectPunct("]");
    } else text = expectName();
    if (isPunct("!")) {
      next();
      text += "!";
    }
    return text;
  };

  const parseSelections = (): FieldNode[] => {
    expectPunct("{");
    const fields: FieldNode[] = [];
    while (!isPunct("}")) {
      if (isPunct("@")) throw new GraphqlSyntaxError("directives are not supported by the emulator", peek().loc);
      const loc = peek().loc;
      let name = expectName();
      let alias: string | undefined;
      if (isPunct(":")) {
        next();
        alias = name;
        name = expectName();
      }
      const args: FieldNode["args"] = [];
      if (isPunct("(")) {
        next();
        while (!isPunct(")")) {
          const argName = expectName();
          expectPunct(":");
          args.push({ name: argName, value: parseValue(false) });
        }
        next();
      }
      if (isPunct("@")) throw new GraphqlSyntaxError("directives are not supported by the emulator", peek().loc);
      const field: FieldNode = { ...(alias ? { alias } : {}), name, args, loc };
      if (isPunct("{")) field.selections = parseSelections();
      fields.push(field);
    }
    next();
    if (fields.length === 0) fail("a field");
    return fields;
  };

  let op: Operation;
  if (isPunct("{")) op = { operation: "query", variables: [], selections: parseSelections() };
  else {
    const keyword = peek();
    if (keyword.kind !== "name" || !["query", "mutation", "subscription"].includes(keyword.value)) {
      if (keyword.kind === "name" && keyword.value === "fragment") throw new GraphqlSyntaxError("fragments are not supported by the emulator: write the fields out", keyword.loc);
      fail('"query" or "{"');
    }
    next();
    const name = peek().kind === "name" ? next().value : undefined;
    const variables: VariableDefinition[] = [];
    if (isPunct("(")) {
      next();
      while (!isPunct(")")) {
        expectPunct("$");
        const varName = expectName();
        expectPunct(":");
        const type = parseType();
        const def: VariableDefinition = { name: varName, type, required: type.endsWith("!") };
        if (isPunct("=")) {
          next();
          def.default = parseValue(true);
        }
        variables.push(def);
      }
      next();
    }
    if (isPunct("@")) throw new GraphqlSyntaxError("directives are not supported by the emulator", peek().loc);
    op = { operation: keyword.value as Operation["operation"], ...(name ? { name } : {}), variables, selections: parseSelections() };
  }
  if (peek().kind !== "eof") {
    const t = peek();
    throw new GraphqlSyntaxError(t.kind === "name" && t.value === "fragment" ? "fragments are not supported by the emulator: write the fields out" : "only one operation per request is supported by the emulator", t.loc);
  }
  return op;
}
