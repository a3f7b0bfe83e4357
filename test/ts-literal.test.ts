import fc from "fast-check";
import { expect, it } from "vitest";
import { literalText, writeRequirement, type Literal } from "../src/targets/ts/literal.ts";
import { TextWriter } from "../src/targets/ts/text-writer.ts";

// writeRequirement keeps a requirement on one line exactly when its text is at most 100 characters; it learns that
// from the text's length within a budget rather than by building the text, and must lay out the same.
const leaf: fc.Arbitrary<Literal> = fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.boolean(), fc.constant(null));
const literal: fc.Arbitrary<Literal> = fc.letrec<{ value: Literal }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    leaf,
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(fc.string({ maxLength: 12 }), tie("value"), { maxKeys: 4 }),
    fc.array(tie("value"), { maxLength: 6 }).map((items): Literal => ({ kind: "allOf", items })),
    fc.tuple(leaf, tie("value")).map(([condition, then]): Literal => ({ kind: "onlyIf", condition, then })),
  ),
})).value;

/** writeRequirement as it was written before it measured within a budget: from the whole text of each value. */
function writtenFromText(writer: TextWriter, req: Literal): void {
  const text = literalText(req);
  const node = req as { kind?: string; items?: readonly Literal[]; condition?: Literal; then?: Literal };
  if (text.length <= 100) {
    writer.write(text);
    return;
  }
  if (node.kind === "onlyIf" && node.condition !== undefined && node.then !== undefined) {
    writer.write(`{ kind: "onlyIf", condition: ${literalText(node.condition)}, then: `);
    writtenFromText(writer, node.then);
    writer.write(" }");
    return;
  }
  if (!node.items || node.items.length === 0) {
    writer.write(text);
    return;
  }
  writer.write(`{ kind: ${JSON.stringify(node.kind ?? "")}, items: [`).newLine();
  writer.indent(() => {
    for (const item of node.items!) {
      writtenFromText(writer, item);
      writer.write(",").newLine();
    }
  });
  writer.write("] }");
}

it("lays a requirement out as measuring its whole text would, item by item where it is longer than 100 characters", () => {
  fc.assert(
    fc.property(literal, (value) => {
      const [measured, fromText] = [new TextWriter(), new TextWriter()];
      writeRequirement(measured, value);
      writtenFromText(fromText, value);
      expect(measured.toString()).toBe(fromText.toString());
    }),
    { numRuns: 3000, seed: 20261130 },
  );
});
