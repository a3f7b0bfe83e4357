import { beforeAll, describe, expect, it } from "vitest";
import { loadSystems } from "../src/compile/load-systems.ts";
import { ReferenceEvaluator } from "../src/eval/decide.ts";
import type { SystemIR } from "../src/ir/types.ts";

// The reference evaluator is the definition of the constructs every target compiles (docs/semantics.md): these
// cases pin its decisions on the golden language spec, one construct at a time.
let system: SystemIR;
let evaluator: ReferenceEvaluator;
beforeAll(async () => {
  system = (await loadSystems("test/golden/language/spec"))[0]!.system;
  evaluator = new ReferenceEvaluator(system);
});

const decide = (action: string, principal: Record<string, unknown>, resource: Record<string, unknown> = {}, context: Record<string, unknown> = {}) =>
  evaluator.decide({ action: `issues.${action}`, principal, resource, context });
const guest = { roles: ["Guest"] };
const developer = { roles: ["Developer"] };

describe("never", () => {
  it("denies everyone, whatever they hold", () => {
    const all = system.permissions.map((p) => p.name);
    expect(decide("force_push", { roles: ["Maintainer", "Auditor"], permissions: all, staff: true }).decision).toBe("deny");
  });
});

describe("deny rules", () => {
  it("win over the requirement when their condition holds", () => {
    expect(decide("editing.edit_an_issue", developer, { locked: false }).decision).toBe("allow");
    const archived = decide("editing.edit_an_issue", developer, { locked: false, archived: true });
    expect(archived).toMatchObject({ decision: "deny", reasons: ['denied by the rule "An archived project is read-only"'], missing: [] });
  });
  it("deny when their condition cannot be decided (an attribute without default omitted)", () => {
    expect(decide("editing.edit_an_issue", developer, {}).reasons).toEqual(['denied by the rule "resource locked is true"']);
  });
  it("take the attribute's default when it is omitted", () => {
    // archived defaults to false: the first rule lets the edit through.
    expect(decide("editing.edit_an_issue", developer, { locked: false }).decision).toBe("allow");
  });
  it("on a negation, deny unless the negated condition holds; an undeclared enum value is unknown", () => {
    const close = (visibility?: string) => decide("editing.close_an_issue", developer, { locked: false, ...(visibility ? { visibility } : {}) }).decision;
    expect([close("public"), close("internal"), close("private"), close("Public"), close()]).toEqual(["allow", "allow", "deny", "deny", "deny"]);
  });
});

describe("negated conditions", () => {
  it("hold when the condition is known not to hold, with defaults", () => {
    expect(decide("comment", guest).decision).toBe("allow");
    expect(decide("comment", { ...guest, external: false }).decision).toBe("allow");
    expect(decide("comment", { ...guest, external: true }).decision).toBe("deny");
  });
  it("of an omitted context flag hold (an omitted flag is false)", () => {
    expect(decide("reopen_during_an_incident", guest).decision).toBe("deny");
    expect(decide("reopen_during_an_incident", guest, {}, { emergency: true }).decision).toBe("allow");
    expect(decide("reopen_during_an_incident", { roles: ["Maintainer"] }).decision).toBe("allow");
  });
});

describe("role exceptions", () => {
  it("drop the excepted grants of included roles and keep the role's own", () => {
    expect(decide("read_the_audit_log", { roles: ["Auditor"] }).decision).toBe("allow");
    expect(decide("reopen_during_an_incident", { roles: ["Auditor"] }).decision).toBe("deny");
    expect(decide("view_a_confidential_issue", { roles: ["Auditor"] }).decision).toBe("deny");
    // Guest access comes through Maintainer -> Developer -> Guest and is not excepted.
    expect(decide("view_an_issue", { roles: ["Auditor"] }).decision).toBe("allow");
  });
});

describe("non-members", () => {
  it("are decided by the action's non-member rule, without the pages' requirements", () => {
    expect(decide("view_an_issue", { projectUser: false }, { visibility: "public" }).decision).toBe("allow");
    expect(decide("view_an_issue", { projectUser: false }, { visibility: "private" }).decision).toBe("deny");
    expect(decide("view_an_issue", { projectUser: false }).decision).toBe("deny");
  });
  it("are denied an action without such a rule, whatever they hold", () => {
    expect(decide("comment", { projectUser: false, roles: ["Maintainer"] }).decision).toBe("deny");
  });
});

describe("principal attributes", () => {
  it("read the principal's attribute, its default when omitted, and an undeclared value as unknown", () => {
    const board = (principal: Record<string, unknown>, resource: Record<string, unknown>) => decide("use_the_premium_board", { ...guest, ...principal }, resource).decision;
    expect(board({ plan: "premium" }, { tier: "premium" })).toBe("allow");
    expect(board({}, { tier: "premium" })).toBe("deny");
    expect(board({ plan: "premium" }, {})).toBe("deny");
    expect(board({ plan: "gold" }, { tier: "premium" })).toBe("deny");
  });
  it("of the wrong type make the request malformed", () => {
    expect(decide("comment", { ...guest, external: "yes" }).reasons[0]).toMatch(/^malformed request: "principal.external"/);
  });
});

describe("relations", () => {
  const view = (principal: Record<string, unknown>, resource: Record<string, unknown>) => decide("view_a_confidential_issue", { ...guest, ...principal }, resource).decision;
  it("hold when the principal's id is the resource's user or one of its users", () => {
    expect(view({ id: "u1" }, { author: "u1" })).toBe("allow");
    expect(view({ id: "u1" }, { assignees: ["u2", "u1"] })).toBe("allow");
  });
  it("do not hold for another user, an empty list, or a principal without id", () => {
    expect(view({ id: "u1" }, { author: "u2", assignees: [] })).toBe("deny");
    expect(view({}, { author: "u1" })).toBe("deny");
  });
  it("of the wrong type make the request malformed", () => {
    expect(decide("view_a_confidential_issue", { ...guest, id: "u1" }, { assignees: "u1" }).reasons[0]).toMatch(/^malformed request/);
  });
});
