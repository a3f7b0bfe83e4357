// Rego's lexical rules for text from the spec: string literals, `#` comments and JSON values as Rego terms.

/** Characters that end a line somewhere (an editor, a diff viewer, a terminal) besides `\n` itself. */
const LINE_BREAKING = new Set(["\u0085", "\u2028", "\u2029"]);

function hex4(code: number): string {
  return "\\u" + code.toString(16).padStart(4, "0");
}

/** One character as it appears inside a Rego (JSON-compatible) string literal. */
function escapeChar(ch: string): string {
  switch (ch) {
    case '"':
      return '\\"';
    case "\\":
      return "\\\\";
    case "\n":
      return "\\n";
    case "\r":
      return "\\r";
    case "\t":
      return "\\t";
    case "\b":
      return "\\b";
    case "\f":
      return "\\f";
  }
  const code = ch.codePointAt(0)!;
  // Controls, DEL, line separators and lone surrogates are written as escapes so the literal stays on its line.
  if (code < 0x20 || code === 0x7f || LINE_BREAKING.has(ch) || (code >= 0xd800 && code <= 0xdfff)) return hex4(code);
  return ch;
}

/** A character escapeChar changes; surrogates of a valid pair match too and take the character-by-character path. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f\u0085\u2028\u2029\ud800-\udfff]/;

/**
 * A Rego string literal meaning exactly `text`. Rego strings use JSON's escapes, so quotes and backslashes are
 * escaped and every control or line-breaking character becomes `\uXXXX`: a spec string can never end the
 * literal, start a new line of code, or be read as a comment.
 */
export function regoString(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return `"${text}"`;
  let out = '"';
  for (const ch of text) out += escapeChar(ch);
  return out + '"';
}

/**
 * Text safe on one `#` comment line: line breaks and other controls are shown as escapes (a row containing a
 * newline cannot start a line of code), and trailing whitespace is dropped as `opa fmt` does.
 */
export function regoCommentText(text: string): string {
  let out = "";
  for (const ch of text) {
    const escaped = escapeChar(ch);
    // Quotes and backslashes are harmless in a comment; keep the document's words readable.
    out += ch === '"' || ch === "\\" ? ch : escaped;
  }
  return out.trimEnd();
}
