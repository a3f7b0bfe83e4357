import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { layoutJson } from "../src/targets/rego/json-layout.ts";

/**
 * The layout as it was first defined (before it measured values instead of building them): a value is written
 * on its line when its one-line text, built in full, fits in 100 characters with what is already on the line.
 */
function definition(value: unknown): string {
  const write = (v: unknown, indent: string, before: number): string => {
    if (v === null || typeof v !== "object") return JSON.stringify(v);
    const flat = oneLine(v);
    if (flat.length <= 100 - indent.length - before) return flat;
    const inner = indent + "  ";
    if (Array.isArray(v)) return `[\n${v.map((item) => inner + write(item, inner, 0)).join(",\n")}\n${indent}]`;
    const members = Object.entries(v).map(([k, item]) => {
      const key = `${JSON.stringify(k)}: `;
      return inner + key + write(item, inner, key.length);
    });
    return `{\n${members.join(",\n")}\n${indent}}`;
  };
  const oneLine = (v: unknown): string => {
    if (v === null || typeof v !== "object") return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map(oneLine).join(", ")}]`;
    return `{${Object.entries(v).map(([k, item]) => `${JSON.stringify(k)}: ${oneLine(item)}`).join(", ")}}`;
  };
  return write(value, "", 0) + "\n";
}

/** Strings a layout could get wrong: separators and quotes inside strings, escapes, non-ASCII, lone surrogates. */
const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.array(fc.constantFrom(",", ":", ", ", ": ", '"', "\\", "\n", "\t", "\u0000", "\u001f", "é", "\u2028", "😀", "\ud800", "x", "word "), { maxLength: 40 }).map((parts) => parts.join("")),
  fc.integer({ min: 0, max: 120 }).map((n) => "a".repeat(n)),
);

const json = fc.letrec((tie) => ({
  value: fc.oneof({ maxDepth: 5, depthIdentifier: "json" }, fc.constant(null), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), text, tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 12, depthIdentifier: "json" }),
  object: fc.dictionary(fc.oneof(text, fc.constantFrom("0", "10", "id", "input")), tie("value"), { maxKeys: 8, depthIdentifier: "json" }),
})).value;

describe("layoutJson", () => {
  it("lays out any JSON value as the first definition did", () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(layoutJson(value)).toBe(definition(value));
        expect(JSON.parse(layoutJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 2000 },
    );
  });

  it("agrees at the edges: empty lists and objects that do not fit, a line of exactly 100 characters, nesting", () => {
    const longKey = "k".repeat(97);
    const cases: unknown[] = [
      [],
      {},
      "top",
      { [longKey]: [] },
      { [longKey]: {} },
      { [longKey]: [1] },
      { [longKey + "kk"]: [] },
      { a: "x".repeat(91) },
      { a: "x".repeat(92) },
      ["y".repeat(96)],
      ["y".repeat(97)],
      { list: Array.from({ length: 40 }, (_, i) => ({ id: `item ${i}, "quoted": \\ ${"é".repeat(i % 5)}` })) },
      { deep: [[[[[[[[[["z".repeat(60), { ", ": ": ", "\"": "\\" }]]]]]]]]]] },
      { 10: "ten", 2: "two", b: [{}, [], [[]], [{}]], a: { nested: { empty: {}, list: [] } } },
    ];
    for (const value of cases) expect(layoutJson(value)).toBe(definition(value));
  });
});
