import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Condition, Requirement } from "../src/ir/types.ts";
import { ClauseLimitError, conditionLiteral, requirementClauses, requirementData, type Clauses, type ConditionData, type Literal } from "../src/targets/rego/clauses.ts";

const name = (id: string) => id.toUpperCase();
const p = (permission: string): Requirement => ({ kind: "permission", permission });
const flag = (key: string) => ({ kind: "contextFlag" as const, key });
const not = (condition: Condition): Condition => ({ kind: "not", condition });
const users = new Map([
  ["author", "user"],
  ["assignees", "users"],
] as const);

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

  it("writes the constructs of IR 2: no one, negations, principal attributes and relations", () => {
    // "No one" is a clause without literals; in an any-of it drops out, in an all-of it is the whole requirement.
    expect(requirementClauses({ kind: "never" }, name)).toEqual([[]]);
    expect(requirementClauses({ kind: "anyOf", items: [{ kind: "never" }, p("a")] }, name)).toEqual([[{ permission: "A" }]]);
    expect(requirementClauses({ kind: "allOf", items: [p("a"), { kind: "never" }] }, name)).toEqual([[{ permission: "A" }], []]);
    // A negated condition is known not to hold; "only if" one is the literal that holds unless it is.
    expect(requirementClauses({ kind: "condition", condition: not(flag("x")) }, name)).toEqual([[{ not: { contextFlag: "x" } }]]);
    expect(requirementClauses({ kind: "onlyIf", condition: not(flag("x")), then: p("a") }, name)).toEqual([[{ unlessNot: { contextFlag: "x" } }, { permission: "A" }]]);
    const data = (c: Condition) => requirementClauses({ kind: "condition", condition: c }, name, users)[0]![0];
    expect(data({ kind: "principalFlag", attribute: "external", value: true })).toEqual({ condition: { principalFlag: "external", value: true } });
    expect(data({ kind: "principalIn", attribute: "plan", values: ["premium"] })).toEqual({ condition: { principalIn: "plan", values: ["premium"] } });
    // A relation reads one user id or a list of them, as the attribute's kind says.
    expect(data({ kind: "relation", attribute: "author" })).toEqual({ condition: { principalIs: "author" } });
    expect(data({ kind: "relation", attribute: "assignees" })).toEqual({ condition: { principalAmong: "assignees" } });
    expect(data(not({ kind: "relation", attribute: "assignees" }))).toEqual({ not: { principalAmong: "assignees" } });
  });

  it("writes a deny rule's condition as a literal, a double negation as the condition itself", () => {
    expect(conditionLiteral({ kind: "resourceFlag", attribute: "archived", value: true }, users)).toEqual({ condition: { resourceFlag: "archived", value: true } });
    expect(conditionLiteral(not({ kind: "resourceIn", attribute: "visibility", values: ["public"] }), users)).toEqual({ not: { resourceIn: "visibility", values: ["public"] } });
    expect(conditionLiteral(not(not(flag("x"))), users)).toEqual({ condition: { contextFlag: "x" } });
  });

  it("sorts clauses into what the evaluator checks by name (allOf, anyOf) and the rest, keeping their order", () => {
    const clauses: Clauses = [[{ permission: "A" }], [{ unless: { contextFlag: "x" } }, { permission: "B" }], [{ permission: "C" }, { permission: "D" }], [], [{ permission: "E" }]];
    expect(requirementData(clauses)).toEqual({
      allOf: ["A", "E"],
      anyOf: [["C", "D"], []],
      clauses: [[{ unless: { contextFlag: "x" } }, { permission: "B" }]],
    });
    expect(requirementData([])).toEqual({ allOf: [], anyOf: [], clauses: [] });
  });

  it("refuses a requirement whose clauses would explode, with a clear error", () => {
    const wide: Requirement = { kind: "anyOf", items: Array.from({ length: 13 }, (_, i) => ({ kind: "allOf", items: [p(`a${i}`), p(`b${i}`)] })) };
    expect(() => requirementClauses(wide, name)).toThrow(ClauseLimitError);
  });

  it("holds exactly when the requirement does, for every assignment, with conditions true, false or unknown (property)", () => {
    // Each flag is true, false or unknown (an attribute omitted or undeclared): a condition holds when true, its
    // negation when false, and neither when unknown, as src/eval/conditions.ts decides them.
    type State = "true" | "false" | "unknown";
    const conditions = fc.constantFrom<Condition>(flag("x"), flag("y"), not(flag("x")), not(flag("y")));
    const leaf = fc.oneof(
      fc.constantFrom("a", "b", "c", "d").map(p),
      conditions.map((condition): Requirement => ({ kind: "condition", condition })),
      fc.constant<Requirement>({ kind: "anyUser" }),
      fc.constant<Requirement>({ kind: "never" }),
    );
    const requirement = fc.letrec<{ req: Requirement }>((tie) => ({
      req: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.array(tie("req"), { maxLength: 3 }).map((items): Requirement => ({ kind: "allOf", items })),
        fc.array(tie("req"), { maxLength: 3 }).map((items): Requirement => ({ kind: "anyOf", items })),
        fc.tuple(conditions, tie("req")).map(([condition, then]): Requirement => ({ kind: "onlyIf", condition, then })),
      ),
    })).req;
    interface Truths {
      held: Set<string>;
      flags: Record<string, State>;
    }
    const conditionHolds = (c: Condition, t: Truths): boolean =>
      c.kind === "not" ? t.flags[(c.condition as { key: string }).key] === "false" : t.flags[(c as { key: string }).key] === "true";
    const holds = (req: Requirement, t: Truths): boolean => {
      switch (req.kind) {
        case "permission":
          return t.held.has(req.permission.toUpperCase());
        case "condition":
          return conditionHolds(req.condition, t);
        case "onlyIf":
          return !conditionHolds(req.condition, t) || holds(req.then, t);
        case "anyUser":
          return true;
        case "never":
          return false;
        case "allOf":
          return req.items.every((i) => holds(i, t));
        case "anyOf":
          return req.items.some((i) => holds(i, t));
      }
    };
    const state = (c: ConditionData, t: Truths) => t.flags[(c as { contextFlag: string }).contextFlag];
    const literal = (l: Literal, t: Truths) => {
      if ("permission" in l) return t.held.has(l.permission);
      if ("condition" in l) return state(l.condition, t) === "true";
      if ("unless" in l) return state(l.unless, t) !== "true";
      if ("not" in l) return state(l.not, t) === "false";
      return state(l.unlessNot, t) !== "false";
    };
    const clausesHold = (clauses: Clauses, t: Truths) => clauses.every((clause) => clause.some((l) => literal(l, t)));
    const states = fc.constantFrom<State>("true", "false", "unknown");
    const truths = fc.record({
      held: fc.subarray(["A", "B", "C", "D"]).map((xs) => new Set(xs)),
      flags: fc.record({ x: states, y: states }),
    });
    fc.assert(fc.property(requirement, truths, (req, t) => clausesHold(requirementClauses(req, name), t) === holds(req, t)), { numRuns: 3000, seed: 7 });
  });
});
