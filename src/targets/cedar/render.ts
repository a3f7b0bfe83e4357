import Handlebars from "handlebars";
import { attributeAccess, attributeTest, cedarComment, cedarString, schemaAttribute } from "./identifiers.ts";
import { ENTITY, type EntityKind } from "./entities.ts";
import { loadTemplate } from "../precompiled-templates.ts";
import { COMPILE_OPTIONS, TEMPLATES } from "./template-files.ts";
import { PRECOMPILED } from "./templates.generated.ts";

/** Partials the policy template recurses through. */
const PARTIALS = ["requirement", "condition", "holds-all-listed"];

/** A Handlebars instance of its own, with the helpers the templates use (HTML escaping off: see COMPILE_OPTIONS). */
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
  for (const name of PARTIALS) hb.registerPartial(name, template(hb, `partials/${name}`));
  return hb;
}

/** `templates/cedar/<name>.hbs`, precompiled while its source is unchanged (loadTemplate). */
function template(hb: typeof Handlebars, name: string): Handlebars.TemplateDelegate {
  return loadTemplate(hb, TEMPLATES, name, PRECOMPILED, COMPILE_OPTIONS);
}

let renderer: typeof Handlebars | undefined;
const compiled = new Map<string, Handlebars.TemplateDelegate>();

/** Render `templates/cedar/<name>.hbs` with a view model. */
export function render(name: string, view: object): string {
  renderer ??= createRenderer();
  let delegate = compiled.get(name);
  if (!delegate) compiled.set(name, (delegate = template(renderer, name)));
  return delegate(view);
}
