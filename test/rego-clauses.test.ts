import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Requirement } from "../src/ir/types.ts";
import { ClauseLimitError, requirementClauses, type Clauses, type Literal } from "../src/targets/rego/clauses.ts";

const name = (id: string) => id.toUpperCase();
const p = (permission: string): Requirement => ({ kind: "permission", permission });
const flag = (key: string) => ({ kind: "contextFlag" as const, key });

describe("requirements as clauses (conjunctive normal form)", () => {
  it("writes each shape as the evaluator reads it", () => {
    expect(requirementClauses({ kind: "anyUser" }, name)).toEqual([]);
    expect(requirementClauses({ kind: "anyOf", items: [] }, name)).toEqual([[]]);
    expect(requirementClauses({ kind: "allOf", items: [p("a"), p("b"), p("a")] }, name)).toEqual([[{ permission: "A" }], [{ permission: "B" }]]);
    expect(requirementClauses({ kind: "anyOf", items: [{ kind: "allOf", items: [p("a"), p("b")] }, p("c")] }, name)).toEqual([
      [{ permission: "A" }, { permission: "C" }],
      [{ permission: "B" }, { permission: "C" }],
    ]);
    expect(requirementClauses({ kind: "onlyIf", condition: flag("x"), then: { kind: "allOf", items: [p("a"), p("b")] } }, name)).toEqual([
      [{ unless: { contextFlag: "x" } }, { permission: "A" }],
      [{ unless: { contextFlag: "x" } }, { permission: "B" }],
    ]);
    expect(requirementClauses({ kind: "anyOf", items: [p("a"), { kind: "anyUser" }] }, name)).toEqual([]);
  });

  it("refuses a requirement whose clauses would explode, with a clear error", () => {
    const wide: Requirement = { kind: "anyOf", items: Array.from({ length: 13 }, (_, i) => ({ kind: "allOf", items: [p(`a${i}`), p(`b${i}`)] })) };
    expect(() => requirementClauses(wide, name)).toThrow(ClauseLimitError);
  });

  it("holds exactly when the requirement does, for every assignment (property)", () => {
    const leaf = fc.oneof(fc.constantFrom("a", "b", "c", "d").map(p), fc.constant<Requirement>({ kind: "condition", condition: flag("x") }), fc.constant<Requirement>({ kind: "anyUser" }));
    const requirement = fc.letrec<{ req: Requirement }>((tie) => ({
      req: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.array(tie("req"), { maxLength: 3 }).map((items): Requirement => ({ kind: "allOf", items })),
        fc.array(tie("req"), { maxLength: 3 }).map((items): Requirement => ({ kind: "anyOf", items })),
        tie("req").map((then): Requirement => ({ kind: "onlyIf", condition: flag("y"), then })),
      ),
    })).req;
    const holds = (req: Requirement, t: Set<string>): boolean => {
      switch (req.kind) {
        case "permission":
          return t.has(req.permission.toUpperCase());
        case "condition":
        case "onlyIf": {
          const c = t.has(`flag:${(req.condition as { key: string }).key}`);
          return req.kind === "condition" ? c : !c || holds(req.then, t);
        }
        case "anyUser":
          return true;
        case "allOf":
          return req.items.every((i) => holds(i, t));
        case "anyOf":
          return req.items.some((i) => holds(i, t));
      }
    };
    const literal = (l: Literal, t: Set<string>) =>
      "permission" in l ? t.has(l.permission) : "condition" in l ? t.has(`flag:${(l.condition as { contextFlag: string }).contextFlag}`) : !t.has(`flag:${(l.unless as { contextFlag: string }).contextFlag}`);
    const clausesHold = (clauses: Clauses, t: Set<string>) => clauses.every((clause) => clause.some((l) => literal(l, t)));
    const truths = fc.subarray(["A", "B", "C", "D", "flag:x", "flag:y"]).map((xs) => new Set(xs));
    fc.assert(fc.property(requirement, truths, (req, t) => clausesHold(requirementClauses(req, name), t) === holds(req, t)), { numRuns: 2000, seed: 7 });
  });
});
