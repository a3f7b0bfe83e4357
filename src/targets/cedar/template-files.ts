// Where the Cedar templates are and how they are compiled: shared by render.ts and by tools/precompile-templates.ts,
// which compiles them ahead of time (render.ts itself loads what that writes).

export const TEMPLATES = new URL("../../../templates/cedar/", import.meta.url);

/** HTML escaping off: Cedar text is not HTML, and every value that lands in a string literal or a comment goes through a Cedar-aware helper instead. */
export const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;
