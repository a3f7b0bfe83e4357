import type { Condition, PermissionIR, Requirement } from "./types.ts";

/** A requirement written for people, in the document's own style: `A + B + (C or D)`. */
export function describeRequirement(req: Requirement, permissionName: (id: string) => string): string {
  const inner = (r: Requirement, nested: boolean): string => {
    switch (r.kind) {
      case "permission":
        return permissionName(r.permission);
      case "anyUser":
        return "any user of the project";
      case "never":
        return "no one";
      case "allOf": {
        if (r.items.length === 0) return "nothing beyond the page";
        const text = r.items.map((i) => inner(i, true)).join(" + ");
        return nested ? `(${text})` : text;
      }
      case "anyOf": {
        const text = r.items.map((i) => inner(i, true)).join(" or ");
        return nested ? `(${text})` : text;
      }
      case "condition":
        return `[${describeCondition(r.condition)}]`;
      case "onlyIf":
        return `${inner(r.then, true)} (only if ${describeCondition(r.condition)})`;
    }
  };
  return inner(req, false);
}

export function describeCondition(c: Condition): string {
  switch (c.kind) {
    case "contextFlag":
      return c.key;
    case "principalStaff":
      return "principal is staff";
    case "resourceIn":
      return `resource ${c.attribute} is ${c.values.join(" / ")}`;
    case "resourceFlag":
      return `resource ${c.attribute} is ${c.value}`;
    case "memberOfRole":
      return `principal belongs to the group in resource ${c.attribute}`;
    case "holdsAllListed":
      return `principal holds every permission in ${c.from} ${c.key}`;
    case "principalFlag":
      return `principal ${c.attribute} is ${c.value}`;
    case "principalIn":
      return `principal ${c.attribute} is ${c.values.join(" / ")}`;
    case "relation":
      return `principal is the resource's ${c.attribute}`;
    case "not":
      return `not (${describeCondition(c.condition)})`;
  }
}

export function nameLookup(permissions: PermissionIR[]): (id: string) => string {
  const names = new Map(permissions.map((p) => [p.id, p.name]));
  return (id) => names.get(id) ?? id;
}
