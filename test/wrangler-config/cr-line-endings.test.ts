// Old Mac line endings (a lone CR): an edit keeps every untouched line byte for byte and writes its own lines with CR.
import { describe, expect, it } from "vitest";
import { planBindingEdit } from "../../src/wrangler-config/plan";

const ID = "7d793037a0760186574b0282f2f435e7";

describe("CR-only files", () => {
  it("JSONC: the untouched lines keep their indentation; new lines end in CR like the rest", () => {
    const text = '{\r  "name": "w",\r  "vars": {\r    "A": "1"\r  }\r}\r';
    const plan = planBindingEdit({ text, format: "jsonc", id: ID });
    expect(plan.kind).toBe("insert");
    const after = (plan as { text: string }).text;
    expect(after).toBe(`{\r  "name": "w",\r  "vars": {\r    "A": "1"\r  },\r  "hyperdrive": [\r    {\r      "binding": "HYPERDRIVE",\r      "id": "${ID}"\r    }\r  ]\r}\r`);
    expect(after).not.toContain("\n");
  });
});
