// A target's Handlebars templates as tools/precompile-templates.ts compiles them ahead of time, beside their sources:
// Handlebars' compiler cost a large compile about 0.15 s of CPU for Cedar's templates, 0.04 s for Rego's and 0.03 s
// for the docs', on every run.
import fs from "node:fs";
import type Handlebars from "handlebars";

/** Each template's source beside what Handlebars precompiles it to, by name (its path under the folder, without `.hbs`). */
export type PrecompiledTemplates = Record<string, { source: string; spec: ReturnType<typeof Handlebars.precompile> } | undefined>;

/**
 * `<name>.hbs` of a target's templates folder on the target's Handlebars instance: precompiled while its source is the
 * one compiled there, else compiled from its source as it now reads, so an edited template still renders as written
 * until `npm run generate:templates` rewrites the target's templates.generated.ts (a test fails while it is stale).
 */
export function loadTemplate<View = unknown>(
  hb: typeof Handlebars,
  folder: URL,
  name: string,
  precompiled: PrecompiledTemplates,
  options: CompileOptions,
): Handlebars.TemplateDelegate<View> {
  const source = fs.readFileSync(new URL(`${name}.hbs`, folder), "utf8");
  const ahead = precompiled[name];
  return ahead?.source === source ? hb.template<View>(ahead.spec) : hb.compile<View>(source, options);
}
