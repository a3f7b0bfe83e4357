import { permissionsOf } from "../ir/requirement.ts";
import type { PageIR, Requirement, SystemIR } from "../ir/types.ts";
import type { Diagnostic, DiagnosticCode } from "./diagnostic.ts";
import { SpecSource } from "./spec-source.ts";

/**
 * Warnings about a spec that compiles, each at the spec token responsible: catalogue entries nothing uses,
 * and permissions a page already requires that an action or page below it asks for again.
 */
export function specWarnings(specFile: string, system: SystemIR): Diagnostic[] {
  const source = new SpecSource(specFile);
  const out: Diagnostic[] = [];
  const warn = (code: DiagnosticCode, message: string, at: Diagnostic["at"] | null, fallback: Diagnostic["at"]) =>
    out.push({ code, severity: "warning", message, at: at ?? fallback });

  const used = new Set([...system.actions.flatMap((a) => permissionsOf(a.effective)), ...system.roles.flatMap((r) => r.grants)]);
  for (const p of system.permissions) {
    if (used.has(p.id)) continue;
    warn("unused-permission", `permission "${p.name}" is declared but no action, page or role uses it`, source.catalogueKey("permissions", p.name), p.source);
  }

  const readContext = new Set(system.actions.flatMap((a) => a.contextKeys));
  for (const k of system.contextKeys) {
    if (readContext.has(k.key)) continue;
    warn("unused-context-key", `context key "${k.key}" is declared but no action reads it`, source.catalogueKey("context", k.key), k.source);
  }
  const readResource = new Set(system.actions.flatMap((a) => a.resourceAttributes));
  for (const r of system.resourceAttributes) {
    if (readResource.has(r.name)) continue;
    warn("unused-resource-attribute", `resource attribute "${r.name}" is declared but no action reads it`, source.catalogueKey("resource", r.name), r.source);
  }

  const pages = new Map(system.pages.map((p) => [p.id, p]));
  const names = new Map(system.permissions.map((p) => [p.id, p.name]));
  /** The nearest page at or above `pageId` whose open requirement always needs `permission`. */
  const openedWith = (pageId: string | null, permission: string): PageIR | undefined => {
    for (let page = pageId ? pages.get(pageId) : undefined; page; page = page.parent ? pages.get(page.parent) : undefined) {
      if (page.open && alwaysRequired(page.open).has(permission)) return page;
    }
    return undefined;
  };
  for (const page of system.pages) {
    if (!page.open) continue;
    for (const id of permissionsOf(page.open)) {
      const above = openedWith(page.parent, id);
      if (!above) continue;
      const name = names.get(id) ?? id;
      warn("redundant-permission", `"${name}" is already needed to open "${above.title}"; opening "${page.title}" below it asks for it again`, source.literalInCall({ label: page.title, at: page.source }, name, "open"), page.source);
    }
  }
  for (const action of system.actions) {
    for (const id of permissionsOf(action.requires)) {
      const above = openedWith(action.page, id);
      if (!above) continue;
      const name = names.get(id) ?? id;
      warn("redundant-permission", `"${name}" is already needed to open "${above.title}"; action "${action.row}" below it asks for it again`, source.literalInCall({ label: action.row, at: action.source }, name, "requirement"), action.source);
    }
  }
  return out.sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** Permissions every way of satisfying a requirement needs: all of an all-of's items, what all alternatives of an any-of share. */
export function alwaysRequired(req: Requirement): Set<string> {
  switch (req.kind) {
    case "permission":
      return new Set([req.permission]);
    case "allOf":
      return new Set(req.items.flatMap((i) => [...alwaysRequired(i)]));
    case "anyOf": {
      const [first, ...rest] = req.items.map(alwaysRequired);
      return new Set([...(first ?? [])].filter((p) => rest.every((s) => s.has(p))));
    }
    default:
      return new Set();
  }
}
