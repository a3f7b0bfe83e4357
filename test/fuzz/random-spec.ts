import fc from "fast-check";
import { defineSystem, type AnySystemBuilder, type DenyDecl, type SectionBuilder } from "../../src/dsl/system-builder.ts";
import type { Cond, Req } from "../../src/dsl/requirements.ts";
import type { Condition } from "../../src/ir/types.ts";

// Names chosen to break naive emitters: quotes, backslashes, braces, comment markers, keywords, unicode.
const nastyNames = [
  'a" || true || "b',
  "back\\slash",
  "brace } {",
  "# not a comment",
  "line\nbreak",
  "tab\there",
  "package",
  "permit",
  "when",
  "default",
  "Ünïcödé ✓",
  "emoji 🔐",
  "it's",
  "`raw`",
  "plain permission",
  "Another one",
  "$ {x}",
  "\\u0041",
];

export interface RandomSpecShape {
  permissions: string[];
  roles: Array<{ grants: number[]; includes: number[]; except: number[] }>;
  flags: number;
  /** Declared defaults (null: none) of the resource's status and locked, and of the principal's flag and plan. */
  defaults: { status: number | null; locked: boolean | null; external: boolean | null; plan: number | null };
  areas: Array<{ open: ReqShape | null; deny: CondShape[]; actions: ActionShape[]; sub: Array<{ open: ReqShape | null; deny: CondShape[]; actions: ActionShape[] }> }>;
}

/** A row: its requirement, its own deny rules, and what a non-member needs (null: non-members may not). */
export interface ActionShape {
  req: ReqShape;
  deny: CondShape[];
  nonMembers: ReqShape | null;
}

export type ReqShape =
  | { t: "perm"; p: number }
  | { t: "all" | "any"; items: ReqShape[] }
  | { t: "none" }
  | { t: "anyUser" }
  | { t: "never" }
  | { t: "onlyIf"; c: CondShape; then: ReqShape }
  | { t: "require"; c: CondShape };

export type PositiveCondShape =
  | { t: "flag"; k: number }
  | { t: "staff" }
  | { t: "status"; v: number[] }
  | { t: "locked"; v: boolean }
  | { t: "member" }
  | { t: "holdsGroup" }
  | { t: "holdsGranted" }
  | { t: "external"; v: boolean }
  | { t: "plan"; v: number[] }
  | { t: "author" }
  | { t: "assignee" };

export type CondShape = PositiveCondShape | { t: "not"; c: PositiveCondShape };

const STATUSES = ["draft", "live", "gone"];
const PLANS = ["free", "premium"];

const positiveCond: fc.Arbitrary<PositiveCondShape> = fc.oneof(
  fc.record({ t: fc.constant("flag" as const), k: fc.nat(1) }),
  fc.constant({ t: "staff" as const }),
  fc.record({ t: fc.constant("status" as const), v: fc.uniqueArray(fc.nat(2), { minLength: 1, maxLength: 2 }) }),
  fc.record({ t: fc.constant("locked" as const), v: fc.boolean() }),
  fc.constant({ t: "member" as const }),
  fc.constant({ t: "holdsGroup" as const }),
  fc.constant({ t: "holdsGranted" as const }),
  fc.record({ t: fc.constant("external" as const), v: fc.boolean() }),
  fc.record({ t: fc.constant("plan" as const), v: fc.uniqueArray(fc.nat(1), { minLength: 1, maxLength: 2 }) }),
  fc.constant({ t: "author" as const }),
  fc.constant({ t: "assignee" as const }),
);

const cond: fc.Arbitrary<CondShape> = fc.oneof(positiveCond, fc.record({ t: fc.constant("not" as const), c: positiveCond }));

const req: fc.Arbitrary<ReqShape> = fc.letrec<{ req: ReqShape }>((tie) => ({
  req: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ t: fc.constant("perm" as const), p: fc.nat(7) }),
    fc.record({ t: fc.constantFrom("all" as const, "any" as const), items: fc.array(tie("req"), { minLength: 1, maxLength: 3 }) }),
    fc.constant({ t: "none" as const }),
    fc.constant({ t: "anyUser" as const }),
    fc.constant({ t: "never" as const }),
    fc.record({ t: fc.constant("onlyIf" as const), c: cond, then: tie("req") }),
    fc.record({ t: fc.constant("require" as const), c: cond }),
  ),
})).req;

/** Deny rules are rarer than requirements: most sections and rows have none. */
const denies = fc.oneof({ weight: 3, arbitrary: fc.constant([] as CondShape[]) }, { weight: 1, arbitrary: fc.array(cond, { minLength: 1, maxLength: 2 }) });

const action: fc.Arbitrary<ActionShape> = fc.record({
  req,
  deny: denies,
  nonMembers: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: req }),
});

export const specShape: fc.Arbitrary<RandomSpecShape> = fc.record({
  permissions: fc.uniqueArray(fc.constantFrom(...nastyNames), { minLength: 1, maxLength: 6 }),
  roles: fc.array(
    fc.record({ grants: fc.uniqueArray(fc.nat(7), { maxLength: 3 }), includes: fc.uniqueArray(fc.nat(3), { maxLength: 2 }), except: fc.uniqueArray(fc.nat(7), { maxLength: 2 }) }),
    { maxLength: 3 },
  ),
  flags: fc.nat(2),
  defaults: fc.record({
    status: fc.option(fc.nat(2), { nil: null, freq: 2 }),
    locked: fc.option(fc.boolean(), { nil: null, freq: 2 }),
    external: fc.option(fc.boolean(), { nil: null, freq: 2 }),
    plan: fc.option(fc.nat(1), { nil: null, freq: 2 }),
  }),
  areas: fc.array(
    fc.record({
      open: fc.option(req, { nil: null }),
      deny: denies,
      actions: fc.array(action, { minLength: 1, maxLength: 3 }),
      sub: fc.array(fc.record({ open: fc.option(req, { nil: null }), deny: denies, actions: fc.array(action, { minLength: 1, maxLength: 2 }) }), { maxLength: 2 }),
    }),
    { minLength: 1, maxLength: 2 },
  ),
});

/** Build a DSL system from a random shape. Indices wrap around the declared lists, so every shape is well-typed. */
export function buildRandomSpec(shape: RandomSpecShape, id = "fuzz"): AnySystemBuilder {
  const names = shape.permissions;
  const d = shape.defaults;
  const flagKeys = ["ifRed", "ifBlue", "ifGreen"].slice(0, Math.max(1, shape.flags));
  const roleNames = shape.roles.map((_, i) => `Role ${i} "q"`);
  const system = defineSystem({
    id,
    title: "Random system",
    document: "fuzz",
    permissions: Object.fromEntries(names.map((n, i) => [n, { id: `p${i}`, staffOnly: i === 1, aliases: i === 0 ? [`${n} (also "spelt")`] : [] }])),
    roles: Object.fromEntries(
      shape.roles.map((r, i) => [
        roleNames[i]!,
        {
          id: `r${i}`,
          grants: r.grants.map((g) => names[g % names.length]!),
          includes: r.includes.filter((j) => j < i).map((j) => roleNames[j]!),
          except: [...new Set(r.except.map((e) => names[e % names.length]!))],
        },
      ]),
    ),
    context: { ...Object.fromEntries(flagKeys.map((k) => [k, { description: k }])), granted: { kind: "permissionList" as const, description: "granted" } },
    resource: {
      status: { kind: "enum" as const, values: STATUSES, ...(d.status === null ? {} : { default: STATUSES[d.status]! }), description: "status" },
      locked: { kind: "flag" as const, ...(d.locked === null ? {} : { default: d.locked }), description: "locked" },
      group: { kind: "roleName" as const, description: "group" },
      groupPermissions: { kind: "permissionList" as const, description: "group permissions" },
      author: { kind: "user" as const, description: "author" },
      assignees: { kind: "users" as const, description: "assignees" },
    },
    principal: {
      external: { kind: "flag" as const, ...(d.external === null ? {} : { default: d.external }), description: "external" },
      plan: { kind: "enum" as const, values: PLANS, ...(d.plan === null ? {} : { default: PLANS[d.plan]! }), description: "plan" },
    },
  }) as unknown as AnySystemBuilder;
  const toCond = (c: CondShape): Cond => {
    switch (c.t) {
      case "flag":
        return { kind: "contextFlag", key: flagKeys[c.k % flagKeys.length]! };
      case "staff":
        return { kind: "principalStaff" };
      case "status":
        return { kind: "resourceIn", attribute: "status", values: c.v.map((v) => STATUSES[v]!) };
      case "locked":
        return { kind: "resourceFlag", attribute: "locked", value: c.v };
      case "member":
        return { kind: "memberOfRole", attribute: "group" };
      case "holdsGroup":
        return { kind: "holdsAllListed", from: "resource", key: "groupPermissions" };
      case "holdsGranted":
        return { kind: "holdsAllListed", from: "context", key: "granted" };
      case "external":
        return { kind: "principalFlag", attribute: "external", value: c.v };
      case "plan":
        return { kind: "principalIn", attribute: "plan", values: c.v.map((v) => PLANS[v]!) };
      case "author":
        return { kind: "relation", attribute: "author" };
      case "assignee":
        return { kind: "relation", attribute: "assignees" };
      case "not":
        return { kind: "not", condition: toCond(c.c) as Condition };
    }
  };
  // Odd rules carry the document's words, even ones only the condition.
  const toDenies = (rules: CondShape[]): DenyDecl[] => rules.map((c, i) => (i % 2 ? { when: toCond(c), text: `Rule ${i} "no" \\ }` } : toCond(c)));
  const at = system.at;
  // "No one" opening a page makes every row below it unsatisfiable, which validation rejects: opens read it as any user.
  const toReq = (r: ReqShape, inOpen = false): Req<string> => {
    switch (r.t) {
      case "perm":
        return { kind: "permission", name: names[r.p % names.length]!, at };
      case "all":
        return { kind: "allOf", items: r.items.map((i) => toReq(i, inOpen)), at };
      case "any":
        return { kind: "anyOf", items: r.items.map((i) => toReq(i, inOpen)), at };
      case "none":
        return { kind: "none", at };
      case "anyUser":
        return { kind: "anyUser", at };
      case "never":
        return inOpen ? { kind: "anyUser", at } : { kind: "never", at };
      case "onlyIf":
        return { kind: "onlyIf", condition: toCond(r.c), then: toReq(r.then, inOpen), at };
      case "require":
        return { kind: "condition", condition: toCond(r.c), at };
    }
  };
  const fill = (section: SectionBuilder<string>, actions: ActionShape[]) =>
    actions.forEach((a, i) =>
      section.action(`Row ${i} "x" \\ }`, toReq(a.req), {
        id: `a${i}`,
        ...(a.deny.length ? { deny: toDenies(a.deny) } : {}),
        ...(a.nonMembers ? { nonMembers: toReq(a.nonMembers) } : {}),
      }),
    );
  const options = (id: string, open: ReqShape | null, deny: CondShape[]) => ({ id, ...(open ? { open: toReq(open, true) } : {}), ...(deny.length ? { deny: toDenies(deny) } : {}) });
  shape.areas.forEach((area, i) => {
    system.area(`Area ${i}`, options(`area${i}`, area.open, area.deny), (s) => {
      fill(s, area.actions);
      area.sub.forEach((sub, j) => s.section(`Page ${j} # "p"`, options(`page${j}`, sub.open, sub.deny), (p) => fill(p, sub.actions)));
    });
  });
  return system;
}
