import fs from "node:fs";
import Handlebars from "handlebars";
import { regoCommentText, regoString } from "./strings.ts";

const TEMPLATES = new URL("../../../templates/rego/", import.meta.url);

/**
 * A Handlebars instance of its own with HTML escaping off (`noEscape`): Rego is not HTML. Every spec string
 * reaches the output through `str` (a string literal) or `comment` (one safe comment line), or as Rego code
 * the view model built from the IR with those same functions.
 */
function createRenderer(): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper({
    str: (text: unknown) => regoString(String(text)),
    /** One whole `#` comment line. */
    comment: (text: unknown) => {
      const line = regoCommentText(String(text));
      return line ? `# ${line}` : "#";
    },
    /** Joins its arguments (the last one is Handlebars' options object). */
    concat: (...parts: unknown[]) => parts.slice(0, -1).map(String).join(""),
  });
  return hb;
}

let renderer: typeof Handlebars | undefined;
const compiled = new Map<string, Handlebars.TemplateDelegate>();

/** Render `templates/rego/<name>.hbs` with a view model. */
export function render(name: string, view: object): string {
  renderer ??= createRenderer();
  let template = compiled.get(name);
  if (!template) {
    template = renderer.compile(fs.readFileSync(new URL(`${name}.hbs`, TEMPLATES), "utf8"), { noEscape: true, strict: true });
    compiled.set(name, template);
  }
  return template(view);
}
