// Cedar's lexical rules, kept beside the target: how IR names become Cedar identifiers and string literals.

/** Words Cedar's policy grammar reserves; they cannot follow `.` or `has` unquoted. */
const POLICY_RESERVED = new Set(["true", "false", "if", "then", "else", "in", "is", "like", "has", "__cedar"]);

/** Words the schema grammar gives a meaning to, and the built-in type names a namespace must not shadow. */
const SCHEMA_RESERVED = new Set([
  "namespace", "entity", "action", "type", "appliesTo", "principal", "resource", "context", "tags", "enum",
  "Bool", "Boolean", "Long", "String", "Set", "Record", "Entity", "Extension",
]);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** An identifier that can be written bare in a policy (`context.key`, `context has key`). */
function isPolicyIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !POLICY_RESERVED.has(name);
}

/**
 * A Cedar string literal for any text. Quotes and backslashes are escaped, and so is every character
 * that could end a line or is invisible, so a literal always stays on its line and means exactly `text`.
 */
export function cedarString(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return `"${text}"`;
  let out = '"';
  for (const ch of text) {
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case "\\":
        out += "\\\\";
        continue;
      case "\n":
        out += "\\n";
        continue;
      case "\r":
        out += "\\r";
        continue;
      case "\t":
        out += "\\t";
        continue;
      case "\0":
        out += "\\0";
        continue;
    }
    out += isUnprintable(ch) ? unicodeEscape(ch) : ch;
  }
  return out + '"';
}

/** Text for a `//` comment: one line whatever the text holds, since a line break would end the comment and start code. */
export function cedarComment(text: string): string {
  if (!UNPRINTABLE.test(text)) return text;
  let out = "";
  for (const ch of text) out += ch === "\\" || !isUnprintable(ch) ? ch : unicodeEscape(ch);
  return out;
}

/**
 * Any character isUnprintable could hold, and any half of a surrogate pair (a whole pair is printable, but is left
 * to the character by character path): text without one is written as it is.
 */
const UNPRINTABLE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]/;
/** What cedarString escapes: UNPRINTABLE, quotes and backslashes. */
const NEEDS_ESCAPE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff"\\]/;

function isUnprintable(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp === 0x2028 || cp === 0x2029 || (cp >= 0xd800 && cp <= 0xdfff);
}

function unicodeEscape(ch: string): string {
  return `\\u{${ch.codePointAt(0)!.toString(16)}}`;
}

/** `base.name`, or `base["name"]` when the name is not a plain identifier. */
export function attributeAccess(base: string, name: string): string {
  return isPolicyIdentifier(name) ? `${base}.${name}` : `${base}[${cedarString(name)}]`;
}

/** `base has name`, quoting the name when it is not a plain identifier. */
export function attributeTest(base: string, name: string): string {
  return `${base} has ${isPolicyIdentifier(name) ? name : cedarString(name)}`;
}

/** A record attribute name in the schema, quoted unless it is a plain identifier with no meaning to either grammar. */
export function schemaAttribute(name: string): string {
  return IDENTIFIER.test(name) && !POLICY_RESERVED.has(name) && !SCHEMA_RESERVED.has(name) ? name : cedarString(name);
}

/**
 * The Cedar namespace of a system: its id in PascalCase ("maestra" -> "Maestra", "my_shop" -> "MyShop").
 * A name that would shadow a built-in type gets "System" appended.
 */
export function namespaceFor(systemId: string): string {
  let namespace = namespaces.get(systemId);
  if (namespace === undefined) namespaces.set(systemId, (namespace = pascalNamespace(systemId)));
  return namespace;
}

/** Namespaces by system id: every entity uid a request builder makes asks for one (a regular expression split). */
const namespaces = new Map<string, string>();

function pascalNamespace(systemId: string): string {
  const pascal = systemId
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join("");
  return SCHEMA_RESERVED.has(pascal) ? `${pascal}System` : pascal;
}
