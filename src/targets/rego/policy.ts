// The view model of policy.rego: one `action_allowed` rule per action, keyed on `input.action` so OPA's rule
// indexing picks the one rule a request needs, with helper rules for the requirement's disjunctions.
import { describeCondition, describeRequirement } from "../../ir/describe.ts";
import { conditionsOf } from "../../ir/requirement.ts";
import type { ActionIR, Condition, Requirement, SystemIR } from "../../ir/types.ts";
import { actionStem, nameSlug, refTo, regoPaths, RuleNames, MODEL_KEY } from "./identifiers.ts";
import { regoString } from "./strings.ts";

/** Rules and functions the template defines; requirement helpers must not take these names. */
export const FIXED_RULES = [
  "allow", "decision", "missing", "action_allowed", "valid_request", "absent_or_fits", "has_type",
  "is_project_user", "is_staff", "request_context", "request_resource",
  "held_permissions", "has_permission", "role_memberships", "holds_all_listed", MODEL_KEY,
];

/** A rule defined once per alternative: it holds when any of its bodies does. */
export interface HelperRuleView {
  name: string;
  /** What the rule stands for, in the document's words. */
  description: string;
  definitions: string[][];
}

export interface ActionRuleView {
  id: string;
  path: string;
  row: string;
  rowRequirement: string | null;
  note: string | null;
  source: string;
  /** Expressions after `input.action == ...`, one per line. */
  body: string[];
  helpers: HelperRuleView[];
}

/** Which of the template's shared rules the system needs: only those are emitted, so tests can cover every line. */
export interface PolicyUses {
  contextKeys: boolean;
  resourceAttributes: boolean;
  /** Some declared key or attribute holds a single string (an enum or a role name). */
  stringValues: boolean;
  staff: boolean;
  roles: boolean;
  membership: boolean;
  holdsAllListed: boolean;
}

export interface PolicyView {
  uses: PolicyUses;
  document: string;
  systemId: string;
  title: string;
  packageName: string;
  dataRef: string;
  modelRef: string;
  actions: ActionRuleView[];
}

export function policyView(system: SystemIR): PolicyView {
  const paths = regoPaths(system.id);
  const names = new RuleNames(FIXED_RULES);
  const permissionName = new Map(system.permissions.map((p) => [p.id, p.name]));
  return {
    uses: policyUses(system),
    document: system.document,
    systemId: system.id,
    title: system.title,
    packageName: paths.packageName,
    dataRef: paths.dataRef,
    modelRef: paths.modelRef,
    actions: system.actions.map((action) => actionRule(action, names, (id) => permissionName.get(id) ?? id)),
  };
}

function policyUses(system: SystemIR): PolicyUses {
  const kinds = new Set(system.actions.flatMap((a) => conditionsOf(a.effective)).map((c) => c.kind));
  return {
    contextKeys: system.contextKeys.length > 0,
    resourceAttributes: system.resourceAttributes.length > 0,
    stringValues: system.resourceAttributes.some((a) => a.kind === "enum" || a.kind === "roleName"),
    staff: kinds.has("principalStaff"),
    roles: system.roles.length > 0,
    membership: kinds.has("memberOfRole"),
    holdsAllListed: kinds.has("holdsAllListed"),
  };
}

function actionRule(action: ActionIR, names: RuleNames, permissionName: (id: string) => string): ActionRuleView {
  const writer = new RequirementWriter(actionStem(action.id), names, permissionName);
  const body = writer.conjuncts(action.effective);
  return {
    id: action.id,
    path: action.path.join(" > "),
    row: action.row,
    rowRequirement: action.rowRequirement,
    note: action.note,
    // The spec file without its line: a line number would churn every rule below an edit in reviewers' diffs.
    source: action.source.file,
    body,
    helpers: writer.helpers,
  };
}

/** Turns one action's requirement into body expressions, adding a helper rule for each `anyOf` and `onlyIf`. */
class RequirementWriter {
  readonly helpers: HelperRuleView[] = [];

  constructor(
    private readonly stem: string,
    private readonly names: RuleNames,
    private readonly permissionName: (id: string) => string,
  ) {}

  /** Expressions that together hold exactly when `req` holds; empty when it always holds. */
  conjuncts(req: Requirement): string[] {
    switch (req.kind) {
      case "permission":
        return [`has_permission(${regoString(this.permissionName(req.permission))})`];
      case "allOf":
        return req.items.flatMap((item) => this.conjuncts(item));
      case "anyUser":
        return [];
      case "condition":
        return [conditionExpression(req.condition)];
      case "anyOf":
        if (req.items.length === 0) return ["false"];
        if (req.items.length === 1) return this.conjuncts(req.items[0]!);
        return [this.helper("any_of", req, req.items.map((item) => () => this.conjuncts(item)))];
      case "onlyIf":
        if (alwaysHolds(req.then)) return [];
        return [this.helper("only_if", req, [() => [`not ${conditionExpression(req.condition)}`], () => this.conjuncts(req.then)])];
    }
  }

  /**
   * A helper rule with one definition per alternative; named and listed before its alternatives' own helpers.
   * Its name says what it checks (the condition, or the first alternatives), so a spec change renames only the
   * rules it changes.
   */
  private helper(kind: string, req: Requirement, alternatives: Array<() => string[]>): string {
    const description = describe(req, this.permissionName);
    const subject = req.kind === "onlyIf" ? describeCondition(req.condition) : description;
    const name = this.names.claim(`${this.stem}_${kind}_${nameSlug(subject)}`, description);
    const rule: HelperRuleView = { name, description, definitions: [] };
    this.helpers.push(rule);
    for (const alternative of alternatives) {
      const body = alternative();
      rule.definitions.push(body.length ? body : ["true"]);
    }
    return name;
  }
}

/** Requirements that `conjuncts` writes as no expression at all. */
function alwaysHolds(req: Requirement): boolean {
  if (req.kind === "anyUser") return true;
  if (req.kind === "allOf") return req.items.every(alwaysHolds);
  if (req.kind === "onlyIf") return alwaysHolds(req.then);
  if (req.kind === "anyOf") return req.items.length === 1 && alwaysHolds(req.items[0]!);
  return false;
}

function describe(req: Requirement, permissionName: (id: string) => string): string {
  if (req.kind === "onlyIf") return `${describeRequirement(req.then, permissionName)}, only if ${describeCondition(req.condition)}`;
  return describeRequirement(req, permissionName);
}

/**
 * One Rego expression that holds exactly when the condition does (see docs/semantics.md). A condition may be
 * negated (`not ...`), and OPA evaluates a call's reference arguments before the `not` (its RewriteDynamicTerms
 * stage), so an absent attribute would make `not input.resource.x in [...]` fail instead of hold. Calls therefore
 * read attributes through `object.get` on the always-defined `request_resource`, never as a bare input reference.
 */
export function conditionExpression(c: Condition): string {
  switch (c.kind) {
    case "contextFlag":
      return `${refTo("input.context", c.key)} == true`;
    case "principalStaff":
      return "is_staff";
    case "resourceIn":
      return c.values.length === 1
        ? `${resourceValue(c.attribute)} == ${regoString(c.values[0]!)}`
        : `${resourceValue(c.attribute)} in [${c.values.map(regoString).join(", ")}]`;
    case "resourceFlag":
      return `${refTo("input.resource", c.attribute)} == ${c.value}`;
    case "memberOfRole":
      return `${resourceValue(c.attribute)} in role_memberships`;
    case "holdsAllListed":
      // An omitted context list is empty (nothing is being granted); an omitted resource list is unknown and fails.
      return c.from === "context"
        ? `holds_all_listed(object.get(request_context, ${regoString(c.key)}, []))`
        : `holds_all_listed(${resourceValue(c.key)})`;
  }
}

/** A resource attribute's value, or null when it is absent: null is never a listed value, role or list. */
function resourceValue(attribute: string): string {
  return `object.get(request_resource, ${regoString(attribute)}, null)`;
}
