import fc from "fast-check";
import { defineSystem, type SystemBuilder } from "../../src/dsl/system-builder.ts";
import type { Cond, Req } from "../../src/dsl/requirements.ts";
import type { SectionBuilder } from "../../src/dsl/system-builder.ts";

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
  roles: Array<{ grants: number[]; includes: number[] }>;
  flags: number;
  areas: Array<{ open: ReqShape | null; actions: ReqShape[]; sub: Array<{ open: ReqShape | null; actions: ReqShape[] }> }>;
}

export type ReqShape =
  | { t: "perm"; p: number }
  | { t: "all" | "any"; items: ReqShape[] }
  | { t: "none" }
  | { t: "anyUser" }
  | { t: "onlyIf"; c: CondShape; then: ReqShape }
  | { t: "require"; c: CondShape };

export type CondShape = { t: "flag"; k: number } | { t: "staff" } | { t: "status"; v: number[] } | { t: "locked"; v: boolean } | { t: "member" } | { t: "holdsGroup" } | { t: "holdsGranted" };

const cond: fc.Arbitrary<CondShape> = fc.oneof(
  fc.record({ t: fc.constant("flag" as const), k: fc.nat(1) }),
  fc.constant({ t: "staff" as const }),
  fc.record({ t: fc.constant("status" as const), v: fc.uniqueArray(fc.nat(2), { minLength: 1, maxLength: 2 }) }),
  fc.record({ t: fc.constant("locked" as const), v: fc.boolean() }),
  fc.constant({ t: "member" as const }),
  fc.constant({ t: "holdsGroup" as const }),
  fc.constant({ t: "holdsGranted" as const }),
);

const req: fc.Arbitrary<ReqShape> = fc.letrec<{ req: ReqShape }>((tie) => ({
  req: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ t: fc.constant("perm" as const), p: fc.nat(7) }),
    fc.record({ t: fc.constantFrom("all" as const, "any" as const), items: fc.array(tie("req"), { minLength: 1, maxLength: 3 }) }),
    fc.constant({ t: "none" as const }),
    fc.constant({ t: "anyUser" as const }),
    fc.record({ t: fc.constant("onlyIf" as const), c: cond, then: tie("req") }),
    fc.record({ t: fc.constant("require" as const), c: cond }),
  ),
})).req;

export const specShape: fc.Arbitrary<RandomSpecShape> = fc.record({
  permissions: fc.uniqueArray(fc.constantFrom(...nastyNames), { minLength: 1, maxLength: 6 }),
  roles: fc.array(fc.record({ grants: fc.uniqueArray(fc.nat(7), { maxLength: 3 }), includes: fc.uniqueArray(fc.nat(3), { maxLength: 2 }) }), { maxLength: 3 }),
  flags: fc.nat(2),
  areas: fc.array(
    fc.record({
      open: fc.option(req, { nil: null }),
      actions: fc.array(req, { minLength: 1, maxLength: 3 }),
      sub: fc.array(fc.record({ open: fc.option(req, { nil: null }), actions: fc.array(req, { minLength: 1, maxLength: 2 }) }), { maxLength: 2 }),
    }),
    { minLength: 1, maxLength: 2 },
  ),
});

/** Build a DSL system from a random shape. Indices wrap around the declared lists, so every shape is well-typed. */
export function buildRandomSpec(shape: RandomSpecShape, id = "fuzz"): SystemBuilder<string, string, string, string> {
  const names = shape.permissions;
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
        { id: `r${i}`, grants: r.grants.map((g) => names[g % names.length]!), includes: r.includes.filter((j) => j < i).map((j) => roleNames[j]!) },
      ]),
    ),
    context: { ...Object.fromEntries(flagKeys.map((k) => [k, { description: k }])), granted: { kind: "permissionList" as const, description: "granted" } },
    resource: {
      status: { kind: "enum" as const, values: ["draft", "live", "gone"], description: "status" },
      locked: { kind: "flag" as const, description: "locked" },
      group: { kind: "roleName" as const, description: "group" },
      groupPermissions: { kind: "permissionList" as const, description: "group permissions" },
    },
  }) as unknown as SystemBuilder<string, string, string, string>;
  const toCond = (c: CondShape): Cond => {
    switch (c.t) {
      case "flag":
        return { kind: "contextFlag", key: flagKeys[c.k % flagKeys.length]! };
      case "staff":
        return { kind: "principalStaff" };
      case "status":
        return { kind: "resourceIn", attribute: "status", values: c.v.map((v) => ["draft", "live", "gone"][v]!) };
      case "locked":
        return { kind: "resourceFlag", attribute: "locked", value: c.v };
      case "member":
        return { kind: "memberOfRole", attribute: "group" };
      case "holdsGroup":
        return { kind: "holdsAllListed", from: "resource", key: "groupPermissions" };
      case "holdsGranted":
        return { kind: "holdsAllListed", from: "context", key: "granted" };
    }
  };
  const at = system.at;
  const toReq = (r: ReqShape): Req<string> => {
    switch (r.t) {
      case "perm":
        return { kind: "permission", name: names[r.p % names.length]!, at };
      case "all":
        return { kind: "allOf", items: r.items.map(toReq), at };
      case "any":
        return { kind: "anyOf", items: r.items.map(toReq), at };
      case "none":
        return { kind: "none", at };
      case "anyUser":
        return { kind: "anyUser", at };
      case "onlyIf":
        return { kind: "onlyIf", condition: toCond(r.c), then: toReq(r.then), at };
      case "require":
        return { kind: "condition", condition: toCond(r.c), at };
    }
  };
  const fill = (section: SectionBuilder<string>, actions: ReqShape[]) => actions.forEach((a, i) => section.action(`Row ${i} "x" \\ }`, toReq(a), { id: `a${i}` }));
  shape.areas.forEach((area, i) => {
    system.area(`Area ${i}`, { id: `area${i}`, ...(area.open ? { open: toReq(area.open) } : {}) }, (s) => {
      fill(s, area.actions);
      area.sub.forEach((sub, j) => s.section(`Page ${j} # "p"`, { id: `page${j}`, ...(sub.open ? { open: toReq(sub.open) } : {}) }, (p) => fill(p, sub.actions)));
    });
  });
  return system;
}
