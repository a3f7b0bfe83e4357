import type { ActionIR, Condition, Requirement, SystemIR } from "../../ir/types.ts";
import { readsHeldPermissions } from "./entities.ts";
import { namespaceFor } from "./identifiers.ts";
import { render } from "./render.ts";

/** A requirement as the policy template draws it; `wrap` asks for parentheses round a nested all/any. */
type RequirementView =
  | { kind: "permission"; name: string }
  | { kind: "allOf" | "anyOf"; items: RequirementView[]; wrap: boolean }
  | { kind: "always" | "never" }
  | { kind: "condition"; condition: Condition }
  | { kind: "onlyIf"; condition: Condition; then: RequirementView };

/** The `@id` of the forbid that keeps everyone but project users out (action ids have no hyphen, so none is taken). */
export const PROJECT_USER_POLICY = "not-a-project-user";

/** One policy before formatting: its `@id`, its effect, the action its scope names (none: every action) and its text. */
export interface PolicyBlock {
  id: string;
  effect: "permit" | "forbid";
  action: string | null;
  text: string;
}

/** policies.cedar before formatting: the file's opening comment, then the project-user forbid and one permit per action. */
export function renderPolicies(system: SystemIR): { header: string; policies: PolicyBlock[] } {
  const names = new Map(system.permissions.map((p) => [p.id, p.name]));
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
        return { kind: "condition", condition: req.condition };
      case "onlyIf":
        return { kind: "onlyIf", condition: req.condition, then: requirement(req.then, true) };
    }
  };
  const namespace = namespaceFor(system.id);
  const header = render("policies.cedar", { namespace, title: system.title, document: system.document, listsPermissions: readsHeldPermissions(system) });
  const forbid: PolicyBlock = { id: PROJECT_USER_POLICY, effect: "forbid", action: null, text: render("policy.cedar", { namespace, id: PROJECT_USER_POLICY, forbidNonProjectUsers: true }) };
  const permits = system.actions.map(
    (action): PolicyBlock => ({
      id: action.id,
      effect: "permit",
      action: action.id,
      text: render("policy.cedar", {
        namespace,
        forbidNonProjectUsers: false,
        id: action.id,
        heading: actionHeading(action),
        requirementText: action.rowRequirement,
        note: action.note,
        requirement: requirement(action.effective, false),
      }),
    }),
  );
  return { header, policies: [forbid, ...permits] };
}

/** Where the action sits in the document: its headings and its row, for comments. */
export function actionHeading(action: ActionIR): string {
  return [...action.path, action.row].join(" › ");
}
