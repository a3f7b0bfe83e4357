import type { ActionIR, Condition, Requirement, SystemIR } from "../../ir/types.ts";
import { conditionsOf } from "../../ir/requirement.ts";
import { namespaceFor } from "./identifiers.ts";
import { render } from "./render.ts";

/** A requirement as the policy template draws it; `wrap` asks for parentheses round a nested all/any. */
type RequirementView =
  | { kind: "permission"; name: string }
  | { kind: "allOf" | "anyOf"; items: RequirementView[]; wrap: boolean }
  | { kind: "always" | "never" }
  | { kind: "condition"; condition: ConditionView }
  | { kind: "onlyIf"; condition: ConditionView; then: RequirementView };

/** A condition plus, for holdsAllListed, the declared permission names it quantifies over. */
type ConditionView = Condition & { universe: string[] };

/** policies.cedar before formatting: a project-user forbid and one permit per action. */
export function renderPolicies(system: SystemIR): string {
  const names = new Map(system.permissions.map((p) => [p.id, p.name]));
  const universe = system.permissions.map((p) => p.name);
  const requirement = (req: Requirement, nested: boolean): RequirementView => {
    switch (req.kind) {
      case "permission":
        return { kind: "permission", name: names.get(req.permission) ?? req.permission };
      case "allOf":
      case "anyOf":
        if (req.items.length === 0) return { kind: req.kind === "allOf" ? "always" : "never" };
        if (req.items.length === 1) return requirement(req.items[0]!, nested);
        return { kind: req.kind, items: req.items.map((i) => requirement(i, true)), wrap: nested };
      case "anyUser":
        return { kind: "always" };
      case "condition":
        return { kind: "condition", condition: { ...req.condition, universe } };
      case "onlyIf":
        return { kind: "onlyIf", condition: { ...req.condition, universe }, then: requirement(req.then, true) };
    }
  };
  return render("policies.cedar", {
    namespace: namespaceFor(system.id),
    title: system.title,
    document: system.document,
    listsPermissions: system.actions.some((a) => conditionsOf(a.effective).some((c) => c.kind === "holdsAllListed")),
    policies: system.actions.map((action) => ({
      id: action.id,
      heading: actionHeading(action),
      requirementText: action.rowRequirement,
      note: action.note,
      requirement: requirement(action.effective, false),
    })),
  });
}

/** Where the action sits in the document: its headings and its row, for comments. */
export function actionHeading(action: ActionIR): string {
  return [...action.path, action.row].join(" › ");
}
