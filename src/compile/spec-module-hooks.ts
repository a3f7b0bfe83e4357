// Node module hooks for loading spec files, registered once before the first spec is imported.
import { register } from "node:module";

/**
 * Run in Node's loader thread, so given as source. `load` makes every `.ts` file outside node_modules an ES
 * module: specs `export default`, and a project whose package.json says `"type": "commonjs"` (what `npm init -y`
 * writes) would otherwise have them compiled to CommonJS, where the default export is lost and `import "policyc"`
 * becomes a require. `resolve`, from a checkout only, adds the `policyc-source` condition so `import "policyc"`
 * in the repository's own specs reaches src/ rather than a build in dist/ that may be stale or missing.
 */
const hooks = (fromSources: boolean) => `
const fromSources = ${fromSources};
export async function resolve(specifier, context, next) {
  return next(specifier, fromSources ? { ...context, conditions: [...context.conditions, "policyc-source"] } : context);
}
export async function load(url, context, next) {
  const typescript = url.startsWith("file:") && /\\.ts(\\?.*)?$/.test(url) && !url.includes("/node_modules/");
  // "module-typescript" (not "module") is what makes tsx, next in the chain or before it, strip the types.
  return next(url, typescript ? { ...context, format: "module-typescript" } : context);
}
`;

/** Whether this module runs from policyc's TypeScript sources (a checkout) rather than the built package. */
export const fromSources = import.meta.url.endsWith(".ts");

let registered = false;

export function registerSpecModuleHooks(): void {
  if (registered) return;
  registered = true;
  register(`data:text/javascript,${encodeURIComponent(hooks(fromSources))}`);
}
