/** Turn a document's words into a stable identifier segment: "Export customers" -> "export_customers". */
export function slug(text: string): string {
  const ascii = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return ascii === "" ? "x" : /^[0-9]/.test(ascii) ? `n${ascii}` : ascii;
}

/** Ids are used as Rego/Cedar strings and as TypeScript/Cedar identifiers in places, so keep them plain. */
export const ID_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

/** Attribute and context keys become Cedar record attributes and Rego object keys. */
export const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Words that cannot be attribute names or namespaces in Cedar or Rego. */
export const RESERVED_WORDS = new Set([
  // Cedar
  "true", "false", "if", "then", "else", "in", "is", "like", "has", "principal", "action", "resource", "context",
  "permit", "forbid", "when", "unless", "__cedar",
  // Rego
  "as", "default", "import", "package", "not", "with", "some", "every", "contains", "null", "data", "input",
]);

/** The fields of a request's principal beside the system's declared attributes (docs/semantics.md, "The request"). */
export const REQUEST_PRINCIPAL_FIELDS: readonly string[] = ["id", "permissions", "roles", "staff", "projectUser"];
