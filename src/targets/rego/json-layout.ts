// JSON for reviewers: a value that fits on its line is written on it, a larger one is broken into one member per
// line, indented by two spaces. A literal `{"permission": "View orders"}` stays whole while the lists around it
// read one item per line, so a diff shows the items that changed. Same data as JSON.stringify, other whitespace.

const WIDTH = 100;

export function layoutJson(value: unknown): string {
  return write(value, "", 0) + "\n";
}

/** `value` at `indent`, its first line already holding `before` characters (a key, say). */
function write(value: unknown, indent: string, before: number): string {
  const flat = inline(value);
  if (value === null || typeof value !== "object" || indent.length + before + flat.length <= WIDTH) return flat;
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

/** One line, with a space after each `:` and `,` as a person would write it. */
function inline(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(inline).join(", ")}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`)
    .join(", ")}}`;
}
