import type { Condition, Requirement } from "./types.ts";

/** All-of with nested all-ofs flattened and "nothing beyond" items dropped. */
export function allOf(items: Requirement[]): Requirement {
  const flat: Requirement[] = [];
  for (const item of items) {
    if (item.kind === "allOf") flat.push(...item.items);
    else if (item.kind !== "anyUser") flat.push(item);
  }
  if (flat.length === 1) return flat[0]!;
  if (flat.length === 0) return items.some((i) => i.kind === "anyUser") ? { kind: "anyUser" } : { kind: "allOf", items: [] };
  return { kind: "allOf", items: flat };
}

/** Every permission id a requirement mentions, in first-mention order. */
export function permissionsOf(req: Requirement, into: string[] = []): string[] {
  switch (req.kind) {
    case "permission":
      if (!into.includes(req.permission)) into.push(req.permission);
      break;
    case "allOf":
    case "anyOf":
      for (const item of req.items) permissionsOf(item, into);
      break;
    case "onlyIf":
      permissionsOf(req.then, into);
      break;
  }
  return into;
}

/** Every condition a requirement mentions, in first-mention order. */
export function conditionsOf(req: Requirement, into: Condition[] = []): Condition[] {
  const add = (c: Condition) => {
    if (!into.some((known) => JSON.stringify(known) === JSON.stringify(c))) into.push(c);
  };
  switch (req.kind) {
    case "allOf":
    case "anyOf":
      for (const item of req.items) conditionsOf(item, into);
      break;
    case "condition":
      add(req.condition);
      break;
    case "onlyIf":
      add(req.condition);
      conditionsOf(req.then, into);
      break;
  }
  return into;
}

export function contextKeysOf(req: Requirement): string[] {
  const keys = new Set<string>();
  for (const c of conditionsOf(req)) {
    if (c.kind === "contextFlag" || (c.kind === "holdsAllListed" && c.from === "context")) keys.add(c.key);
  }
  return [...keys].sort();
}

export function resourceAttributesOf(req: Requirement): string[] {
  const keys = new Set<string>();
  for (const c of conditionsOf(req)) {
    if (c.kind === "resourceIn" || c.kind === "resourceFlag" || c.kind === "memberOfRole") keys.add(c.attribute);
    if (c.kind === "holdsAllListed" && c.from === "resource") keys.add(c.key);
  }
  return [...keys].sort();
}
