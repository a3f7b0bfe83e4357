// The view model of policy.rego: one `action_allowed` rule per action, keyed on `input.action` so OPA's rule
// indexing picks the one rule a request needs, with helper rules for the requirement's disjunctions.
import { describeCondition, describeRequirement } from "../../ir/describe.ts";
import type { ActionIR, Condition, Requirement, SystemIR } from "../../ir/types.ts";
import { actionStem, refTo, regoPaths, RuleNames, MODEL_KEY } from "./identifiers.ts";
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

export interface PolicyView {
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
    document: system.document,
    systemId: system.id,
    title: system.title,
    packageName: paths.packageName,
    dataRef: paths.dataRef,
    modelRef: paths.modelRef,
    actions: system.actions.map((action) => actionRule(action, names, (id) => permissionName.get(id) ?? id)),
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

  /** A helper rule with one definition per alternative; named and listed before its alternatives' own helpers. */
  private helper(kind: string, req: Requirement, alternatives: Array<() => string[]>): string {
    const name = this.names.claim(`${this.stem}_${kind}`);
    const rule: HelperRuleView = { name, description: describe(req, this.permissionName), definitions: [] };
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

/** One Rego expression that holds exactly when the condition does (see docs/semantics.md). */
export function conditionExpression(c: Condition): string {
  switch (c.kind) {
    case "contextFlag":
      return `${refTo("input.context", c.key)} == true`;
    case "principalStaff":
      return "is_staff";
    case "resourceIn":
      return `${refTo("input.resource", c.attribute)} in [${c.values.map(regoString).join(", ")}]`;
    case "resourceFlag":
      return `${refTo("input.resource", c.attribute)} == ${c.value}`;
    case "memberOfRole":
      return `${refTo("input.resource", c.attribute)} in role_memberships`;
    case "holdsAllListed":
      // An omitted context list is empty (nothing is being granted); an omitted resource list is unknown and fails.
      return c.from === "context"
        ? `holds_all_listed(object.get(request_context, ${regoString(c.key)}, []))`
        : `holds_all_listed(${refTo("input.resource", c.key)})`;
  }
}
