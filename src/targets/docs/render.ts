import Handlebars from "handlebars";
import { loadTemplate } from "../precompiled-templates.ts";
import type { DocsView } from "./model.ts";
import { COMPILE_OPTIONS, TEMPLATES } from "./template-files.ts";
import { PRECOMPILED } from "./templates.generated.ts";

const PARTIALS = ["page", "permission", "role"] as const;

let compiled: Handlebars.TemplateDelegate<DocsView> | undefined;

/** The docs templates, precompiled while their sources are unchanged (loadTemplate), loaded once on a private Handlebars instance. */
function template(): Handlebars.TemplateDelegate<DocsView> {
  if (compiled) return compiled;
  const hbs = Handlebars.create();
  for (const name of PARTIALS) hbs.registerPartial(name, loadTemplate(hbs, TEMPLATES, name, PRECOMPILED, COMPILE_OPTIONS));
  compiled = loadTemplate<DocsView>(hbs, TEMPLATES, "system", PRECOMPILED, COMPILE_OPTIONS);
  return compiled;
}

/** The Markdown document: blank-line runs collapsed, one trailing newline. */
export function renderDocs(view: DocsView): string {
  const text = template()(view).replace(/\n{3,}/g, "\n\n");
  // A document already ending in one line break (the conditions table's last row) is returned as it is: trimming and
  // appending one would make a string that writing the file copies whole again (9 MB at 10,000 actions, ~10 ms).
  if (text.endsWith("\n") && !/\s/.test(text.charAt(text.length - 2))) return text;
  // trimEnd strips what `\s` matches; a `/\s*$/` replace retries at every whitespace run of a large document.
  return text.trimEnd() + "\n";
}
