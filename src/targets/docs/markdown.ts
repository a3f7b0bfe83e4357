// Markdown rules of the docs target: escaping, anchors and links. Templates are compiled with
// `noEscape`, so every spec string passes through here before it reaches a template.

/** Characters that start inline Markdown or HTML, or end a table cell (`>` matters only at a line start, where spec text never is). */
const INLINE_SPECIAL = /[\\`*_[\]<|]/g;
/** The same characters, for a test that keeps no `lastIndex`. */
const HAS_INLINE_SPECIAL = /[\\`*_[\]<|]/;

/**
 * Spec text with the inline specials escaped. Most spec text has none, and every label and title of a large system
 * is escaped: a test is cheaper than a replace that finds nothing.
 */
function escapeSpecials(text: string): string {
  return HAS_INLINE_SPECIAL.test(text) ? text.replace(INLINE_SPECIAL, (c) => `\\${c}`) : text;
}

/** Text with each line break (`\n` or `\r\n`) replaced, testing first for the same reason. */
function replaceLineBreaks(text: string, by: string): string {
  return text.includes("\n") ? text.replace(/\r?\n/g, by) : text;
}

/** Spec text as literal inline Markdown, on one line (headings, list items). */
export function inlineText(text: string): string {
  return replaceLineBreaks(escapeSpecials(text), " ");
}

/** Spec text as a paragraph of its own: also keeps a leading `#`, `>`, `-`, `+`, `=` or `1.` from starting a block. */
export function paragraphText(text: string): string {
  return inlineText(text).replace(/^([#>+=-])/, "\\$1").replace(/^(\d+)([.)])/, "$1\\$2");
}

/** Spec text as one table cell: `|` escaped, line breaks kept as `<br>` so the row stays one line. */
export function cellText(text: string): string {
  return replaceLineBreaks(escapeSpecials(text), "<br>");
}

/** Explicit HTML anchors: stable across renderers, unlike heading slugs, and free of collisions between kinds. */
export const anchors = {
  page: (id: string) => `page-${id}`,
  action: (id: string) => `action-${id}`,
  permission: (id: string) => `permission-${id}`,
  role: (id: string) => `role-${id}`,
};

/** A link to an anchor of the same document; `label` is spec text. */
export function link(label: string, anchor: string): string {
  return markdownLink(inlineText(label), anchor);
}

/** A link whose label is already inline Markdown (escaped spec text). */
export function markdownLink(label: string, anchor: string): string {
  return `[${label}](#${anchor})`;
}

/** An anchor to place at the start of a heading or cell. Ids match the IR's identifier pattern, so need no escaping. */
export function anchorTag(anchor: string): string {
  return `<a id="${anchor}"></a>`;
}
