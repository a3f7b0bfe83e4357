import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import type { DocsView } from "./model.ts";

const templateDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../templates/docs");
const PARTIALS = ["page", "permission", "role"] as const;

let compiled: Handlebars.TemplateDelegate<DocsView> | undefined;

/**
 * The docs templates, compiled once on a private Handlebars instance. `noEscape`: the view holds finished
 * Markdown (escaped in markdown.ts), and HTML-escaping it would corrupt links and anchors.
 */
function template(): Handlebars.TemplateDelegate<DocsView> {
  if (compiled) return compiled;
  const hbs = Handlebars.create();
  const read = (name: string) => fs.readFileSync(path.join(templateDir, `${name}.hbs`), "utf8");
  for (const name of PARTIALS) hbs.registerPartial(name, hbs.compile(read(name), { noEscape: true, strict: true }));
  compiled = hbs.compile<DocsView>(read("system"), { noEscape: true, strict: true });
  return compiled;
}

/** The Markdown document: blank-line runs collapsed, one trailing newline. */
export function renderDocs(view: DocsView): string {
  // trimEnd strips what `\s` matches; a `/\s*$/` replace retries at every whitespace run of a large document.
  return template()(view).replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}
