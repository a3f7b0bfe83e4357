// JSON for reviewers: a value that fits on its line is written on it, a larger one is broken into one member per
// line, indented by two spaces. A literal `{"permission": "View orders"}` stays whole while the lists around it
// read one item per line, so a diff shows the items that changed. Same data as JSON.stringify, other whitespace.

const WIDTH = 100;

export function layoutJson(value: unknown): string {
  return write(value, "", 0) + "\n";
}

/** `value` at `indent`, its first line already holding `before` characters (a key, say). */
function write(value: unknown, indent: string, before: number): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const flat = inlineWithin(value, WIDTH - indent.length - before);
  if (flat !== undefined) return flat;
  const inner = indent + "  ";
  if (Array.isArray(value)) {
    return `[\n${value.map((item) => inner + write(item, inner, 0)).join(",\n")}\n${indent}]`;
  }
  const members = Object.entries(value as Record<string, unknown>).map(([k, v]) => {
    const key = `${JSON.stringify(k)}: `;
    return inner + key + write(v, inner, key.length);
  });
  return `{\n${members.join(",\n")}\n${indent}}`;
}

/**
 * The value on one line, with a space after each `:` and `,` as a person would write it, or undefined as soon as
 * it is known to be longer than `budget`: a large document's lists are never written out whole just to learn
 * they do not fit, which made laying out 800,000 fixtures take half a minute.
 */
function inlineWithin(value: unknown, budget: number): string | undefined {
  if (value === null || typeof value !== "object") {
    const text = String(JSON.stringify(value));
    return text.length <= budget ? text : undefined;
  }
  const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((item) => ["", item]) : Object.entries(value);
  let text = Array.isArray(value) ? "[" : "{";
  for (const [i, [key, item]] of entries.entries()) {
    if (i > 0) text += ", ";
    if (!Array.isArray(value)) text += `${JSON.stringify(key)}: `;
    const part = inlineWithin(item, budget - text.length - 1);
    if (part === undefined) return undefined;
    text += part;
  }
  text += Array.isArray(value) ? "]" : "}";
  return text.length <= budget ? text : undefined;
}
