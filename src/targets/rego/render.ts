import Handlebars from "handlebars";
import { loadTemplate } from "../precompiled-templates.ts";
import { regoCommentText, regoString } from "./strings.ts";
import { COMPILE_OPTIONS, TEMPLATES } from "./template-files.ts";
import { PRECOMPILED } from "./templates.generated.ts";

/**
 * A Handlebars instance of its own with HTML escaping off (`noEscape`): Rego is not HTML. Every spec string
 * reaches the output through `str` (a string literal) or `comment` (one safe comment line), or as Rego code
 * the view model built from the IR with those same functions.
 */
function createRenderer(): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper({
    str: (text: unknown) => regoString(String(text)),
    /** Whole `#` comment lines, wrapped between words to fit COMMENT_WIDTH. */
    comment: (text: unknown) => wrapComment(regoCommentText(String(text))),
    /** Joins its arguments (the last one is Handlebars' options object). */
    concat: (...parts: unknown[]) => parts.slice(0, -1).map(String).join(""),
  });
  return hb;
}

/** Comment lines stay within Regal's line-length limit (120) with room to spare; a longer word stands alone. */
const COMMENT_WIDTH = 110;

export function wrapComment(text: string): string {
  if (!text) return "#";
  const lines: string[] = [];
  let line = "#";
  for (const word of text.split(" ")) {
    if (line !== "#" && line.length + 1 + word.length > COMMENT_WIDTH) {
      lines.push(line);
      line = "#";
    }
    line += ` ${word}`;
  }
  lines.push(line);
  // A comment line that reads only "METADATA" would open an OPA annotation block: keep such a word on the line before.
  for (let i = lines.length - 1; i > 0; i--) {
    if (lines[i]!.slice(1).trim() === "METADATA") lines.splice(i - 1, 2, `${lines[i - 1]} METADATA`);
  }
  // Runs of spaces in the text are kept; only the end of each line is trimmed, as `opa fmt` does.
  return lines.map((l) => l.trimEnd()).join("\n");
}

let renderer: typeof Handlebars | undefined;
const compiled = new Map<string, Handlebars.TemplateDelegate>();

/** Render `templates/rego/<name>.hbs`, precompiled while its source is unchanged (loadTemplate), with a view model. */
export function render(name: string, view: object): string {
  renderer ??= createRenderer();
  let template = compiled.get(name);
  if (!template) compiled.set(name, (template = loadTemplate(renderer, TEMPLATES, name, PRECOMPILED, COMPILE_OPTIONS)));
  return template(view);
}
