import type { ActionIR, Condition, Requirement } from "./types.ts";

/** All-of with nested all-ofs flattened and "nothing beyond" items dropped. */
export function allOf(items: Requirement[]): Requirement {
  const flat: Requirement[] = [];
  const written: Array<string | undefined> = [];
  // A page and its row often need the same permission ("Guest access" to open Issues, and to view one): once is enough.
  for (const item of items) {
    if (item.kind === "allOf") for (const inner of item.items) addOnce(inner, flat, written);
    else if (item.kind !== "anyUser") addOnce(item, flat, written);
  }
  // "No one" in an all-of is no one.
  if (flat.some((i) => i.kind === "never")) return { kind: "never" };
  if (flat.length === 1) return flat[0]!;
  if (flat.length === 0) return items.some((i) => i.kind === "anyUser") ? { kind: "anyUser" } : { kind: "allOf", items: [] };
  return { kind: "allOf", items: flat };
}

/**
 * Add `item` to `flat` unless an equal one (the same JSON) is there. Items of another kind, or permissions of another
 * id, cannot be equal: only the rest are written as JSON (`written[i]` is `flat[i]`'s, once written), since writing
 * every item of every action's requirements cost more than lowering them.
 */
function addOnce(item: Requirement, flat: Requirement[], written: Array<string | undefined>): void {
  let json: string | undefined;
  for (let i = 0; i < flat.length; i++) {
    const known = flat[i]!;
    if (known === item) return;
    if (known.kind !== item.kind || (known.kind === "permission" && item.kind === "permission" && known.permission !== item.permission)) continue;
    json ??= JSON.stringify(item);
    if ((written[i] ??= JSON.stringify(known)) === json) return;
  }
  flat.push(item);
  written.push(json);
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
  switch (req.kind) {
    case "allOf":
    case "anyOf":
      for (const item of req.items) conditionsOf(item, into);
      break;
    case "condition":
      addCondition(req.condition, into);
      break;
    case "onlyIf":
      addCondition(req.condition, into);
      conditionsOf(req.then, into);
      break;
  }
  return into;
}

/** A condition not yet among `into` (equal as JSON): an action reads a handful, so a scan is enough. */
function addCondition(c: Condition, into: Condition[]): void {
  const key = JSON.stringify(c);
  if (!into.some((known) => JSON.stringify(known) === key)) into.push(c);
}

/** The positive conditions a requirement reads: every condition, with negations replaced by what they negate. */
function readConditions(req: Requirement): Condition[] {
  return conditionsOf(req).map((c) => (c.kind === "not" ? c.condition : c));
}

/** The request keys a requirement reads, each list sorted: context keys, resource attributes, principal attributes. */
export function requestKeysOf(req: Requirement): { contextKeys: string[]; resourceAttributes: string[]; principalAttributes: string[] } {
  const context = new Set<string>();
  const resource = new Set<string>();
  const principal = new Set<string>();
  for (const c of readConditions(req)) {
    if (c.kind === "contextFlag" || (c.kind === "holdsAllListed" && c.from === "context")) context.add(c.key);
    if (c.kind === "resourceIn" || c.kind === "resourceFlag" || c.kind === "memberOfRole" || c.kind === "relation") resource.add(c.attribute);
    if (c.kind === "holdsAllListed" && c.from === "resource") resource.add(c.key);
    if (c.kind === "principalFlag" || c.kind === "principalIn") principal.add(c.attribute);
  }
  return { contextKeys: [...context].sort(), resourceAttributes: [...resource].sort(), principalAttributes: [...principal].sort() };
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
export function actionConditions(action: Pick<ActionIR, "effective" | "denies" | "nonMembers">): Condition[] {
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
