// Where the Rego templates are and how they are compiled: shared by render.ts and by tools/precompile-templates.ts,
// which compiles them ahead of time (render.ts itself loads what that writes).

export const TEMPLATES = new URL("../../../templates/rego/", import.meta.url);

/** HTML escaping off: Rego is not HTML (see render.ts for how spec strings reach the output). */
export const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;
