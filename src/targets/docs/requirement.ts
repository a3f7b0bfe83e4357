import type { Condition, PermissionIR, Requirement } from "../../ir/types.ts";
import { anchors, inlineText, link } from "./markdown.ts";

/**
 * A requirement written for people, as Markdown: permissions link to their index entry and staff-only ones
 * say so, `+` joins what is needed together and `or` what is enough alone, conditions are spelled out.
 */
export function requirementMarkdown(req: Requirement, permissions: Map<string, PermissionIR>): string {
  const permission = (id: string) => {
    const p = permissions.get(id);
    if (!p) return inlineText(id);
    return p.staffOnly ? `${link(p.name, anchors.permission(p.id))} (staff only)` : link(p.name, anchors.permission(p.id));
  };
  // `nested`: inside another list (parenthesise lists); `alternative`: an item of an any-of, where "only when" would mislead.
  const inner = (r: Requirement, nested: boolean, alternative = false): string => {
    switch (r.kind) {
      case "permission":
        return permission(r.permission);
      case "anyUser":
        return "any user of the project";
      case "allOf": {
        if (r.items.length === 0) return "nothing beyond the page";
        const text = r.items.map((i) => inner(i, true)).join(" + ");
        return nested && r.items.length > 1 ? `(${text})` : text;
      }
      case "anyOf": {
        const text = r.items.map((i) => inner(i, true, true)).join(" or ");
        return nested && r.items.length > 1 ? `(${text})` : text;
      }
      case "condition":
        return alternative ? conditionMarkdown(r.condition) : `only when ${conditionMarkdown(r.condition)}`;
      case "onlyIf": {
        const text = `${inner(r.then, true)} when ${conditionMarkdown(r.condition)}`;
        return nested ? `(${text})` : text;
      }
    }
  };
  return inner(req, false);
}

export function conditionMarkdown(c: Condition): string {
  switch (c.kind) {
    case "contextFlag":
      return `\`${c.key}\` is on`;
    case "principalStaff":
      return "the user is vendor staff";
    case "resourceIn":
      return `\`${c.attribute}\` is ${c.values.map(inlineText).join(" or ")}`;
    case "resourceFlag":
      return `\`${c.attribute}\` is ${c.value ? "yes" : "no"}`;
    case "memberOfRole":
      return `the user belongs to the group named by \`${c.attribute}\``;
    case "holdsAllListed":
      return `the user holds every permission listed in ${c.from} \`${c.key}\``;
  }
}
