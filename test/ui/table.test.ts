// Tables fitted to the terminal: widths measured as a terminal shows them (CJK and emoji two columns), the least
// important columns dropped or cut with "…" first, and names that cannot break a row.
import { describe, expect, it } from "vitest";
import { configsTable } from "../../src/ui/config-view";
import { certificatesTable } from "../../src/certs/view";
import { cutToWidth, displayWidth, renderTable } from "../../src/ui/table-render";
import { escapeControl, keyValues, type Table } from "../../src/ui/table";
import { tableWidth } from "../../src/ui/terminal";
import type { HyperdriveConfig } from "../../src/api/schemas";

const config = (id: string, name: string, host = "db.example.com", extra: Partial<HyperdriveConfig> = {}): HyperdriveConfig =>
  ({
    id,
    name,
    origin: { scheme: "postgres", host, port: 5432, database: "orders", user: "app" },
    caching: { disabled: false, max_age: 120, stale_while_revalidate: 15 },
    origin_connection_limit: 60,
    ...extra,
  }) as HyperdriveConfig;

const CONFIGS = [
  config("0123456789abcdef0123456789abcdef", "orders-primary", "orders-primary.cluster-c9akciq32.us-east-1.rds.amazonaws.com"),
  config("fedcba9876543210fedcba9876543210", "注文データベース"),
  config("00112233445566778899aabbccddeeff", "🐘 analytics 👩‍💻"),
];
const table = () => configsTable(CONFIGS) as Table;

/** The display column at which the cell `text` (a whole cell: spaces or the line's end around it) starts on the line. */
function at(line: string, text: string): number {
  const found = new RegExp(`(?<=^|  )${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?=  |$)`).exec(line);
  if (!found) throw new Error(`no cell ${text} in ${line}`);
  return displayWidth(line.slice(0, found.index));
}

/** Each row's cells start where their header does: the user "app" under "user", the database "orders" under "database". */
function expectAligned(lines: string[], pairs: Array<[header: string, value: string]>) {
  for (const line of lines.slice(2)) for (const [header, value] of pairs) expect(at(line, value), `${value} in ${line}`).toBe(at(lines[0], header));
}

describe("the config list at 200 columns", () => {
  const lines = renderTable(table(), 200).split("\n");

  it("shows every column, in full, one line per config", () => {
    expect(lines).toHaveLength(2 + CONFIGS.length);
    expect(lines[0].split(/\s{2,}/)).toEqual(["id", "name", "user", "host", "port", "scheme", "database", "caching", "mtls", "connection limit"]);
    expect(lines[2]).toContain("orders-primary.cluster-c9akciq32.us-east-1.rds.amazonaws.com");
    expect(lines.join("\n")).not.toContain("…");
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(200);
  });

  it("CJK and emoji names take two columns a character: every row's columns start where the header's do", () => {
    expectAligned(lines, [["user", "app"], ["port", "5432"], ["database", "orders"], ["caching", "max_age 120s, swr 15s"], ["connection limit", "60"]]);
    // 注文データベース is 8 characters and 16 columns wide, the widest name: two spaces, then the user.
    expect(lines[3]).toMatch(/^fedcba9876543210fedcba9876543210  注文データベース {2}app {3}db/);
    expect(at(lines[0], "user")).toBe(34 + 16 + 2);
  });
});

describe("the config list at 80 columns", () => {
  const text = renderTable(table(), 80);
  const lines = text.split("\n");

  it("fits: no line is wider than 80 columns, so none wraps", () => {
    expect(lines).toHaveLength(2 + CONFIGS.length);
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
  });

  it("keeps the id and the name whole, the host cut with …, and drops the least important columns", () => {
    expect(lines[0].split(/\s{2,}/)).toEqual(["id", "name", "host", "database"]);
    expect(lines[2]).toBe("0123456789abcdef0123456789abcdef  orders-primary    orders-primary.cl…  orders");
    expect(lines[3]).toBe("fedcba9876543210fedcba9876543210  注文データベース  db.example.com      orders");
    expect(lines[4]).toContain("🐘 analytics 👩‍💻");
    expectAligned(lines, [["database", "orders"]]);
  });

  it("a name too long for the terminal is cut with … (the id never is)", () => {
    const long = renderTable(configsTable([config("0123456789abcdef0123456789abcdef", "a-very-long-config-name-".repeat(4))]) as Table, 80).split("\n");
    for (const line of long) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    expect(long[2]).toBe("0123456789abcdef0123456789abcdef  a-very-long-config-…  db.example.com  orders");
  });
});

describe("names that would break a row", () => {
  const names = ["tab\there", "two\nlines", "cr\rreturn", "esc\x1b[31mred", "rtl\u202eevil", "zero\u200bwidth"];
  const configs = names.map((n, i) => config(`${String(i).repeat(32)}`, n));

  it.each([80, 200, undefined])("width %s: one line per config, the characters written out", (width) => {
    const lines = renderTable(configsTable(configs) as Table, width).split("\n");
    expect(lines).toHaveLength(2 + names.length);
    const text = lines.join("\n");
    expect(text).not.toMatch(/[\t\r\x1b\u202e\u200b]/);
    for (const shown of ["tab\\there", "two\\nlines", "cr\\rreturn", "esc\\x1b[31mred", "rtl\\u202eevil", "zero\\u200bwidth"]) expect(text).toContain(shown);
    expectAligned(lines, [["database", "orders"]]);
  });

  it("emoji sequences keep their joiners and tags; other format characters are written out", () => {
    expect(escapeControl("👩‍💻 🏴󠁧󠁢󠁳󠁣󠁴󠁿 🇯🇵 ❤️")).toBe("👩‍💻 🏴󠁧󠁢󠁳󠁣󠁴󠁿 🇯🇵 ❤️");
    expect(escapeControl("a\u0000b\u007fc\u0085d\u2028e\ufeff")).toBe("a\\x00b\\x7fc\\x85d\\u2028e\\ufeff");
  });

  it("get's key/value view writes them out too", () => {
    expect(keyValues([["name", "two\nlines"]])).toBe("name  two\\nlines");
  });
});

describe("output that is not a terminal", () => {
  it("gets every column in full, whatever the lengths", () => {
    const lines = renderTable(table(), undefined).split("\n");
    expect(lines[0].split(/\s{2,}/)).toEqual(["id", "name", "user", "host", "port", "scheme", "database", "caching", "mtls", "connection limit"]);
    expect(displayWidth(lines[2])).toBeGreaterThan(150);
  });

  it("tableWidth: COLUMNS when set, else the terminal's width, else (piped) no fitting", () => {
    expect(tableWidth({ COLUMNS: "120" }, { isTTY: true, columns: 80 })).toBe(120);
    expect(tableWidth({ COLUMNS: "90" }, { isTTY: false })).toBe(90);
    expect(tableWidth({}, { isTTY: true, columns: 100 })).toBe(100);
    expect(tableWidth({}, { isTTY: true })).toBe(80);
    expect(tableWidth({ COLUMNS: "" }, { isTTY: false })).toBeUndefined();
    expect(tableWidth({ COLUMNS: "wide" }, { isTTY: false })).toBeUndefined();
    expect(tableWidth({ COLUMNS: "0" }, { isTTY: true, columns: 70 })).toBe(70);
  });
});

describe("cutToWidth and displayWidth", () => {
  it("measure CJK, emoji and combining marks as a terminal shows them", () => {
    expect(displayWidth("数据库")).toBe(6);
    expect(displayWidth("👩‍👩‍👧")).toBe(2);
    expect(displayWidth("🇯🇵")).toBe(2);
    expect(displayWidth("e\u0301")).toBe(1);
    expect(displayWidth("ｶﾀｶﾅ")).toBe(4);
  });

  it("cut at a width, never inside a wide character or an emoji sequence", () => {
    expect(cutToWidth("数据库生产", 6)).toBe("数据…");
    expect(cutToWidth("数据库生产", 5)).toBe("数据…");
    expect(cutToWidth("👩‍👩‍👧👩‍👩‍👧👩‍👩‍👧", 4)).toBe("👩‍👩‍👧…");
    expect(cutToWidth("short", 10)).toBe("short");
    // Han, katakana and the prolonged sound mark ー (script Common) in one run: the cut still fits.
    const mixed = "注文データベース本番東京リージョン第二系統";
    for (let w = 1; w <= 30; w++) {
      const cut = cutToWidth(mixed, w);
      expect(displayWidth(cut), `${w}: ${cut}`).toBeLessThanOrEqual(Math.max(1, w));
      expect(displayWidth(cut), `${w}: ${cut}`).toBeGreaterThanOrEqual(w - 2);
    }
    expect(cutToWidth(mixed, 22)).toBe("注文データベース本番…");
    expect(cutToWidth("🇯🇵🇺🇸🇫🇷", 4)).toBe("🇯🇵…");
    expect(cutToWidth("👍🏽👍🏽👍🏽", 5)).toBe("👍🏽👍🏽…");
    expect(cutToWidth("e\u0301e\u0301e\u0301e\u0301", 3)).toBe("e\u0301e\u0301…");
  });
});

describe("cert list", () => {
  it("at 80 columns keeps the id, the name and the expiry; the issuer, kind and days left give way", () => {
    const certs = [
      { id: "11111111-2222-3333-4444-555555555555", name: "証明書-本番", ca: true, issuer: "CN=Example Internal Root CA G2,O=Example Corporation,C=US", expires_on: "2030-01-01T00:00:00Z" },
    ];
    const lines = renderTable(certificatesTable(certs as never, new Date("2026-01-01T00:00:00Z")) as Table, 80).split("\n");
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    expect(lines[0].split(/\s{2,}/)).toEqual(["id", "name", "expires"]);
    expect(lines[2]).toBe("11111111-2222-3333-4444-555555555555  証明書-本番  2030-01-01T00:00:00Z");
    const wide = renderTable(certificatesTable(certs as never, new Date("2026-01-01T00:00:00Z")) as Table, 200).split("\n");
    expect(wide[0].split(/\s{2,}/)).toEqual(["id", "name", "kind", "issuer", "expires", "days left"]);
  });
});

describe("a styled column (check's status)", () => {
  it("keeps our own colour codes, measures them as nothing, and still escapes the data beside them", () => {
    const t: Table = {
      columns: [
        { header: "binding", importance: 0, keep: true, min: 8 },
        { header: "status", importance: 0, keep: true, styled: true },
      ],
      rows: [
        ["DB\x1b[31m", "\x1b[32m✔ ok\x1b[39m"],
        ["OTHER", "\x1b[31m✖ problem\x1b[39m"],
      ],
    };
    const lines = renderTable(t, 80).split("\n");
    expect(lines[2]).toBe("DB\\x1b[31m  \x1b[32m✔ ok\x1b[39m");
    expect(lines[3]).toBe("OTHER       \x1b[31m✖ problem\x1b[39m");
  });
});
