import type { ActionIR, Condition, Requirement } from "./types.ts";

/** All-of with nested all-ofs flattened and "nothing beyond" items dropped. */
export function allOf(items: Requirement[]): Requirement {
  const flat: Requirement[] = [];
  const seen = new Set<string>();
  // A page and its row often need the same permission ("Guest access" to open Issues, and to view one): once is enough.
  const add = (item: Requirement) => {
    const key = JSON.stringify(item);
    if (!seen.has(key)) (seen.add(key), flat.push(item));
  };
  for (const item of items) {
    if (item.kind === "allOf") item.items.forEach(add);
    else if (item.kind !== "anyUser") add(item);
  }
  // "No one" in an all-of is no one.
  if (flat.some((i) => i.kind === "never")) return { kind: "never" };
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

/** The positive conditions a requirement reads: every condition, with negations replaced by what they negate. */
function readConditions(req: Requirement): Condition[] {
  return conditionsOf(req).map((c) => (c.kind === "not" ? c.condition : c));
}

export function contextKeysOf(req: Requirement): string[] {
  const keys = new Set<string>();
  for (const c of readConditions(req)) {
    if (c.kind === "contextFlag" || (c.kind === "holdsAllListed" && c.from === "context")) keys.add(c.key);
  }
  return [...keys].sort();
}

export function resourceAttributesOf(req: Requirement): string[] {
  const keys = new Set<string>();
  for (const c of readConditions(req)) {
    if (c.kind === "resourceIn" || c.kind === "resourceFlag" || c.kind === "memberOfRole" || c.kind === "relation") keys.add(c.attribute);
    if (c.kind === "holdsAllListed" && c.from === "resource") keys.add(c.key);
  }
  return [...keys].sort();
}

export function principalAttributesOf(req: Requirement): string[] {
  const keys = new Set<string>();
  for (const c of readConditions(req)) {
    if (c.kind === "principalFlag" || c.kind === "principalIn") keys.add(c.attribute);
  }
  return [...keys].sort();
}

/** The condition that holds exactly when `c` is known not to hold (and the other way round). */
export function negation(c: Condition): Condition {
  return c.kind === "not" ? c.condition : { kind: "not", condition: c };
}

/** Where in a request a condition reads: `context.<key>`, `resource.<attribute>`, `principal.<attribute>`. */
export function conditionReadKey(c: Condition): string {
  switch (c.kind) {
    case "contextFlag":
      return `context.${c.key}`;
    case "principalStaff":
      return "principal.staff";
    case "holdsAllListed":
      return `${c.from}.${c.key}`;
    case "resourceIn":
    case "resourceFlag":
    case "memberOfRole":
    case "relation":
      return `resource.${c.attribute}`;
    case "principalFlag":
    case "principalIn":
      return `principal.${c.attribute}`;
    case "not":
      return conditionReadKey(c.condition);
  }
}

/** Every condition an action's decision reads: its effective requirement, its deny rules and its non-member rule. */
export function actionConditions(action: ActionIR): Condition[] {
  const into = conditionsOf(action.effective);
  for (const rule of action.denies) conditionsOf({ kind: "condition", condition: rule.when }, into);
  if (action.nonMembers) conditionsOf(action.nonMembers, into);
  return into;
}

/** Whether a requirement says "no one" somewhere: such an action is meant never to be allowed (to members). */
export function mentionsNever(req: Requirement): boolean {
  switch (req.kind) {
    case "never":
      return true;
    case "allOf":
    case "anyOf":
      return req.items.some(mentionsNever);
    case "onlyIf":
      return mentionsNever(req.then);
    default:
      return false;
  }
}
