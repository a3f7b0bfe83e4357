// Where the docs templates are and how they are compiled: shared by render.ts and by tools/precompile-templates.ts,
// which compiles them ahead of time (render.ts itself loads what that writes).

export const TEMPLATES = new URL("../../../templates/docs/", import.meta.url);

/**
 * How the templates are compiled. `noEscape`: the view holds finished Markdown (escaped in markdown.ts), and
 * HTML-escaping it would corrupt links and anchors. `knownHelpersOnly` and `data: false`: the templates use only the
 * built-in block helpers and no `@` variables, so a field is read directly rather than first looked up as a helper,
 * and no data frame is made per item (at 10,000 actions, rendering costs 30 ms less CPU).
 */
export const COMPILE_OPTIONS = { noEscape: true, strict: true, knownHelpersOnly: true, data: false } as const;
