import fs from "node:fs";
import Handlebars from "handlebars";
import { attributeAccess, attributeTest, cedarComment, cedarString, schemaAttribute } from "./identifiers.ts";
import { ENTITY, type EntityKind } from "./entities.ts";

const TEMPLATES = new URL("../../../templates/cedar/", import.meta.url);

/** Partials the policy template recurses through. */
const PARTIALS = ["requirement", "condition", "holds-all-listed"];

/**
 * A Handlebars instance of its own, with HTML escaping off: Cedar text is not HTML, and every value that lands
 * in a string literal or a comment goes through a Cedar-aware helper instead.
 */
function createRenderer(): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper({
    /** A Cedar string literal. */
    str: (text: string) => cedarString(String(text)),
    /** Text safe inside a `//` comment. */
    comment: (text: string) => cedarComment(String(text)),
    /** `Namespace::Type::"id"`, the namespace taken from the template's root view. */
    uid: (kind: EntityKind, id: string, options: Handlebars.HelperOptions) =>
      `${options.data.root.namespace}::${ENTITY[kind]}::${cedarString(String(id))}`,
    /** `base.key` or `base["key"]`. */
    attr: (base: string, key: string) => attributeAccess(base, key),
    /** `base has key` or `base has "key"`. */
    has: (base: string, key: string) => attributeTest(base, key),
    /** A schema record attribute name. */
    key: (name: string) => schemaAttribute(name),
    eq: (a: unknown, b: unknown) => a === b,
  });
  for (const name of PARTIALS) hb.registerPartial(name, read(`partials/${name}.hbs`));
  return hb;
}

function read(file: string): string {
  return fs.readFileSync(new URL(file, TEMPLATES), "utf8");
}

let renderer: typeof Handlebars | undefined;
const compiled = new Map<string, Handlebars.TemplateDelegate>();

/** Render `templates/cedar/<name>.hbs` with a view model. */
export function render(name: string, view: object): string {
  renderer ??= createRenderer();
  let template = compiled.get(name);
  if (!template) compiled.set(name, (template = renderer.compile(read(`${name}.hbs`), { noEscape: true, strict: true })));
  return template(view);
}
