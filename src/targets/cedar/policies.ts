import { describeCondition, describeRequirement, nameLookup } from "../../ir/describe.ts";
import { allOf, negation } from "../../ir/requirement.ts";
import type { Condition, Requirement } from "../../ir/types.ts";
import type { CedarAction, CedarSystem } from "./cedar-system.ts";
import { hasRoleMembers, readsHeldPermissions } from "./entities.ts";
import { namespaceFor } from "./identifiers.ts";
import { render } from "./render.ts";

/** A requirement as the policy template draws it; `wrap` asks for parentheses round a nested all/any. */
type RequirementView =
  | { kind: "permission"; name: string }
  | { kind: "allOf" | "anyOf"; items: RequirementView[]; wrap: boolean }
  | { kind: "always" | "never" }
  | { kind: "condition"; condition: ConditionView }
  /** `then` is needed unless `unless` holds (`negate`: unless it does not). */
  | { kind: "onlyIf"; unless: ConditionView; negate: boolean; then: RequirementView };

/**
 * A condition as the condition partial draws it. `strict` compares a flag with `== true`, which never errors
 * whatever type a caller sends, where the plain read would error (forbids: an erroring forbid is skipped).
 * Enum and flag tests fold the attribute's default in: `absentHolds` says whether an omitted attribute satisfies
 * the test (its default does), else an omitted one fails it (no default, or a default that does not).
 */
type ConditionView =
  | { kind: "contextFlag"; key: string; strict: boolean; negated: boolean }
  | { kind: "principalStaff"; strict: boolean; negated: boolean }
  | { kind: "enumIn"; base: "resource" | "principal"; attribute: string; values: string[]; absentHolds: boolean }
  | { kind: "flagIs"; base: "resource" | "principal"; attribute: string; value: boolean; absentHolds: boolean }
  | { kind: "memberOfRole"; attribute: string; negated: boolean; members: boolean }
  | { kind: "holdsAllListed"; from: "context" | "resource"; key: string; negated: boolean }
  | { kind: "relation"; attribute: string; users: boolean; negated: boolean }
  | { kind: "false" };

/** The `@id` of the forbid that keeps everyone but project users out (action ids have no hyphen, so none is taken). */
export const PROJECT_USER_POLICY = "not-a-project-user";

/** The `@id`s of an action's other policies: its permit for non-members and its forbid for deny rules. */
export const nonMembersPolicy = (actionId: string) => `${actionId}-non-members`;
export const deniedPolicy = (actionId: string) => `${actionId}-denied`;

/** One policy before formatting: its `@id`, its effect, the action its scope names (none: every action) and its text. */
export interface PolicyBlock {
  id: string;
  effect: "permit" | "forbid";
  action: string | null;
  text: string;
}

/** Builds the template views of one system's requirements and conditions. */
class Views {
  private readonly names: (id: string) => string;
  private readonly resource: Map<string, CedarSystem["resourceAttributes"][number]>;
  private readonly principal: Map<string, CedarSystem["principalAttributes"][number]>;
  private readonly members: boolean;

  constructor(readonly system: CedarSystem) {
    this.names = nameLookup(system.permissions);
    this.resource = new Map(system.resourceAttributes.map((a) => [a.name, a]));
    this.principal = new Map(system.principalAttributes.map((a) => [a.name, a]));
    this.members = hasRoleMembers(system);
  }

  requirement(req: Requirement, nested: boolean): RequirementView {
    switch (req.kind) {
      case "permission":
        return { kind: "permission", name: this.names(req.permission) };
      case "allOf":
      case "anyOf":
        if (req.items.length === 0) return { kind: req.kind === "allOf" ? "always" : "never" };
        if (req.items.length === 1) return this.requirement(req.items[0]!, nested);
        return { kind: req.kind, items: req.items.map((i) => this.requirement(i, true)), wrap: nested };
      case "anyUser":
        return { kind: "always" };
      case "never":
        return { kind: "never" };
      case "condition":
        return { kind: "condition", condition: this.condition(req.condition, false) };
      case "onlyIf": {
        // "Unless a flag is off" reads the flag itself rather than a double negation.
        const c = req.condition;
        const plain = c.kind === "not" && (c.condition.kind === "contextFlag" || c.condition.kind === "principalStaff");
        const unless = plain ? this.condition(c.condition, true) : this.condition(c, false);
        return { kind: "onlyIf", unless, negate: !plain, then: this.requirement(req.then, true) };
      }
    }
  }

  /** Whether a condition's strict view never errors, whatever the types of the values it reads. */
  total(c: Condition): boolean {
    const view = this.condition(c, true);
    return !(view.kind === "memberOfRole" || view.kind === "holdsAllListed" || (view.kind === "relation" && view.users));
  }

  /** A condition's view; `strict` for a forbid's body, which must not error on any value (see ConditionView). */
  condition(c: Condition, strict: boolean): ConditionView {
    const negated = c.kind === "not";
    const inner = c.kind === "not" ? c.condition : c;
    switch (inner.kind) {
      case "contextFlag":
        return { kind: "contextFlag", key: inner.key, strict: strict || negated, negated };
      case "principalStaff":
        return { kind: "principalStaff", strict: strict || negated, negated };
      case "resourceIn":
      case "principalIn": {
        const base = inner.kind === "resourceIn" ? "resource" : "principal";
        const declared = (base === "resource" ? this.resource : this.principal).get(inner.attribute);
        // Known and false: a declared value outside the list (an undeclared value is unknown, so satisfies neither).
        const values = negated ? (declared?.values ?? []).filter((v) => !inner.values.includes(v)) : inner.values;
        if (values.length === 0) return { kind: "false" };
        const fallback = declared?.default;
        return { kind: "enumIn", base, attribute: inner.attribute, values, absentHolds: typeof fallback === "string" && values.includes(fallback) };
      }
      case "resourceFlag":
      case "principalFlag": {
        const base = inner.kind === "resourceFlag" ? "resource" : "principal";
        const fallback = (base === "resource" ? this.resource : this.principal).get(inner.attribute)?.default;
        // Known and false: the flag is a boolean, the other one.
        const value = negated ? !inner.value : inner.value;
        return { kind: "flagIs", base, attribute: inner.attribute, value, absentHolds: fallback === value };
      }
      case "memberOfRole":
        return { kind: "memberOfRole", attribute: inner.attribute, negated, members: this.members };
      case "holdsAllListed":
        return { kind: "holdsAllListed", from: inner.from, key: inner.key, negated };
      case "relation":
        return { kind: "relation", attribute: inner.attribute, users: this.resource.get(inner.attribute)?.kind === "users", negated };
      case "not":
        // The IR never nests negations.
        return this.condition(inner.condition, strict);
    }
  }
}

/**
 * policies.cedar's opening comment. `perPolicyFiles`: whether policies/ is written beside it (not for a system over
 * Amazon Verified Permissions' quotas, see avp.ts), which the comment then points to.
 */
export function renderHeader(system: CedarSystem, perPolicyFiles: boolean): string {
  return render("policies.cedar", {
    namespace: namespaceFor(system.id),
    title: system.title,
    document: system.document,
    listsPermissions: readsHeldPermissions(system),
    nonMembers: system.actions.some(openToNonMembers),
    denies: system.actions.some((a) => a.denies.length > 0),
    perPolicyFiles,
  });
}

const openToNonMembers = (a: CedarAction) => a.nonMembers !== null && a.nonMembers.kind !== "never";

/**
 * The policies of policies.cedar before formatting: the project-user forbid and, per action, its permit (or, when
 * no member may do it, a forbid saying so), its permit for non-members and its forbid for deny rules.
 */
export function renderPolicies(system: CedarSystem): { policies: PolicyBlock[] } {
  const views = new Views(system);
  const namespace = namespaceFor(system.id);
  const names = nameLookup(system.permissions);
  const pages = new Map(system.pages.map((p) => [p.id, p.title]));
  const exempt = system.actions.filter(openToNonMembers).map((a) => a.id);
  const policy = (id: string, effect: PolicyBlock["effect"], action: string | null, view: object): PolicyBlock => ({
    id,
    effect,
    action,
    text: render("policy.cedar", { namespace, id, action, ...view }),
  });
  const policies: PolicyBlock[] = [policy(PROJECT_USER_POLICY, "forbid", null, { policy: "projectUsers", exempt })];
  for (const action of system.actions) {
    const about = { heading: actionHeading(action), requirementText: action.rowRequirement, note: action.note };
    const nonMembers = openToNonMembers(action);
    // A forbid that errors is skipped: a deny rule whose negation can error on a value of the wrong type (a role, a
    // list or a set of users read from the resource) is also required by the action's permits, where an error denies.
    const guards = action.denies.map((d) => negation(d.when)).filter((c) => !views.total(c));
    const permitted = (req: Requirement): Requirement => (guards.length ? allOf([req, ...guards.map((c): Requirement => ({ kind: "condition", condition: c }))]) : req);
    if (action.effective.kind === "never") {
      policies.push(policy(action.id, "forbid", action.id, { policy: "never", ...about, nonMembers }));
    } else {
      policies.push(policy(action.id, "permit", action.id, { policy: "permit", ...about, guarded: nonMembers, requirement: views.requirement(permitted(action.effective), nonMembers) }));
    }
    if (nonMembers) {
      const rule = describeRequirement(action.nonMembers!, names);
      policies.push(policy(nonMembersPolicy(action.id), "permit", action.id, { policy: "nonMembers", heading: about.heading, rule, requirement: views.requirement(permitted(action.nonMembers!), true) }));
    }
    if (action.denies.length) {
      const rules = action.denies.map((d) => ({
        text: d.text ?? describeCondition(d.when),
        page: d.page === null ? null : (pages.get(d.page) ?? d.page),
        condition: views.condition(negation(d.when), true),
      }));
      policies.push(policy(deniedPolicy(action.id), "forbid", action.id, { policy: "denied", heading: about.heading, rules, alsoInPermits: guards.length > 0 }));
    }
  }
  return { policies };
}

/** Where the action sits in the document: its headings and its row, for comments. */
export function actionHeading(action: CedarAction): string {
  return [...action.path, action.row].join(" › ");
}
