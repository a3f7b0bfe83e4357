import type { Condition, PermissionIR, Requirement } from "../../ir/types.ts";
import type { TextWriter } from "./text-writer.ts";

// Data written into the module as TypeScript literals. Strings go through JSON.stringify: every JSON string
// is a valid TypeScript string literal, whatever quotes, backslashes or line separators the spec used.

/** Requirements shorter than this stay on one line; longer ones put each item of a list on its own line. */
const INLINE_WIDTH = 100;

export type Literal = string | number | boolean | null | readonly Literal[] | { readonly [key: string]: Literal };

/** A JSON-like value as a one-line TypeScript literal; keys that are identifiers stay unquoted. */
export function literalText(value: Literal): string {
  return literalTextWithin(value, Infinity)!;
}

/** An object-literal key; `__proto__` is computed, since written plainly it would set the prototype instead. */
export function propertyKey(key: string): string {
  if (key === "__proto__") return `[${JSON.stringify(key)}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
}

/** The IR requirement with permission ids replaced by the names requests carry. */
export function requirementLiteral(req: Requirement, permissions: Map<string, PermissionIR>): Literal {
  switch (req.kind) {
    case "permission":
      return { kind: "permission", permission: permissions.get(req.permission)?.name ?? req.permission };
    case "allOf":
    case "anyOf":
      return { kind: req.kind, items: req.items.map((i) => requirementLiteral(i, permissions)) };
    case "anyUser":
      return { kind: "anyUser" };
    case "condition":
      return { kind: "condition", condition: conditionLiteral(req.condition) };
    case "onlyIf":
      return { kind: "onlyIf", condition: conditionLiteral(req.condition), then: requirementLiteral(req.then, permissions) };
    case "never":
      return { kind: "never" };
  }
}

export function conditionLiteral(c: Condition): Literal {
  return c.kind === "not" ? { kind: "not", condition: conditionLiteral(c.condition) } : { ...c };
}

/**
 * literalText(value) when it is at most `budget` long, or null as soon as it is known to be longer: a short
 * requirement is written on one line, so its text is built once rather than measured and then built; a long one is
 * laid out item by item, and its whole text, which is never written, is not built just to learn its length.
 */
function literalTextWithin(value: Literal, budget: number): string | null {
  if (value === null || typeof value !== "object") {
    const text = JSON.stringify(value);
    return text.length <= budget ? text : null;
  }
  // Loops that append, not map and join: this writes every requirement of the module, some of them twice. Each part
  // is given what is left of the budget once the text so far and the closing bracket are counted.
  if (Array.isArray(value)) {
    let text = "[";
    for (const item of value as readonly Literal[]) {
      if (text.length > 1) text += ", ";
      const itemText = literalTextWithin(item, budget - text.length - 1);
      if (itemText === null) return null;
      text += itemText;
    }
    text += "]";
    return text.length <= budget ? text : null;
  }
  const record = value as { readonly [key: string]: Literal };
  let text = "";
  for (const key of Object.keys(record)) {
    text += `${text === "" ? "{ " : ", "}${propertyKey(key)}: `;
    const valueText = literalTextWithin(record[key]!, budget - text.length - 2);
    if (valueText === null) return null;
    text += valueText;
  }
  text = text === "" ? "{}" : `${text} }`;
  return text.length <= budget ? text : null;
}

/** Write a requirement literal: on one line when short, otherwise one list item per line, recursively. */
export function writeRequirement(writer: TextWriter, req: Literal): void {
  const node = req as { kind?: string; items?: readonly Literal[]; condition?: Literal; then?: Literal };
  const short = literalTextWithin(req, INLINE_WIDTH);
  if (short !== null) {
    writer.write(short);
    return;
  }
  if (node.kind === "onlyIf" && node.condition !== undefined && node.then !== undefined) {
    writer.write(`{ kind: "onlyIf", condition: ${literalText(node.condition)}, then: `);
    writeRequirement(writer, node.then);
    writer.write(" }");
    return;
  }
  const items = node.items;
  if (!items || items.length === 0) {
    writer.write(literalText(req));
    return;
  }
  const kind = node.kind ?? "";
  writer.write(`{ kind: ${JSON.stringify(kind)}, items: [`).newLine();
  writer.indent(() => {
    for (const item of items) {
      writeRequirement(writer, item);
      writer.write(",").newLine();
    }
  });
  writer.write("] }");
}
