import { describeRequirement } from "../ir/describe.ts";
import { describeCondition } from "../ir/describe.ts";
import { negation } from "../ir/requirement.ts";
import type { ActionIR, DenyIR, Requirement, SystemIR } from "../ir/types.ts";
import { conditionHolds, type Situation } from "./conditions.ts";
import { SystemIndex } from "./principal.ts";
import { checkRequest, type CheckedRequest } from "./request.ts";
import { minimalMissing } from "./missing.ts";

export type Decision = "allow" | "deny";

export interface DecisionResult {
  action: string;
  decision: Decision;
  /** Why it was denied, for a person; empty when allowed. */
  reasons: string[];
  /** One smallest set of permission names that would make it allow; empty when allowed or when no permission can. */
  missing: string[];
  /** Every smallest set of permission names that would make it allow. */
  missingOptions: string[][];
}

/** The reference evaluator of one system: decides every request from the IR alone. */
export class ReferenceEvaluator {
  readonly index: SystemIndex;
  private readonly actions: Map<string, ActionIR>;
  private readonly pagesById: Map<string, SystemIR["pages"][number]>;

  constructor(readonly system: SystemIR) {
    this.index = new SystemIndex(system);
    this.actions = new Map(system.actions.map((a) => [a.id, a]));
    this.pagesById = new Map(system.pages.map((p) => [p.id, p]));
  }

  action(id: string): ActionIR | undefined {
    return this.actions.get(id);
  }

  decide(raw: unknown): DecisionResult {
    const actionId = typeof (raw as { action?: unknown })?.action === "string" ? (raw as { action: string }).action : "";
    const deny = (reason: string): DecisionResult => ({ action: actionId, decision: "deny", reasons: [reason], missing: [], missingOptions: [] });
    const found = this.situation(raw);
    if (!found.ok) return deny(found.reason);
    const { action, situation } = found;
    const rule = this.denyingRule(action, situation);
    if (rule) return { action: action.id, decision: "deny", reasons: [`denied by the rule "${rule.text ?? describeCondition(rule.when)}"`], missing: [], missingOptions: [] };
    const requirement = this.requirementFor(action, situation);
    if (requirement === null) return deny("the principal is not a user of the project");
    if (this.holds(requirement, situation)) return { action: action.id, decision: "allow", reasons: [], missing: [], missingOptions: [] };
    const options = this.smallestMissing(requirement, situation);
    return {
      action: action.id,
      decision: "deny",
      reasons: situation.request.projectUser ? this.failedParts(action, situation) : [`a principal who is not a user of the project needs ${describeRequirement(requirement, (id) => this.index.permissionNameById.get(id) ?? id)}`],
      missing: options[0] ?? [],
      missingOptions: options,
    };
  }

  /**
   * The decision alone: what `decide(raw).decision` is, without the explanations and smallest missing sets,
   * which cost far more than the decision (fixture generation and the cross-check ask for millions).
   */
  decision(raw: unknown): Decision {
    const checked = checkRequest(this.system, raw);
    return checked.ok ? this.checkedDecision(checked.request) : "deny";
  }

  /**
   * The decision on a request `checkRequest` has already accepted. A caller deciding many variations of one request
   * that only differ in the principal's roles or permissions (the docs' role matrix) checks it once.
   */
  checkedDecision(request: CheckedRequest): Decision {
    const action = this.actions.get(request.action);
    if (!action) return "deny";
    const situation = this.situationOf(request);
    const requirement = this.requirementFor(action, situation);
    return requirement !== null && this.holds(requirement, situation) && !this.denyingRule(action, situation) ? "allow" : "deny";
  }

  /**
   * What `decide(raw).missingOptions` is for a request `checkRequest` has accepted, without the reasons written for
   * a person: fixture generation asks for it for every covering set of a large system.
   */
  checkedMissingOptions(request: CheckedRequest): string[][] {
    const action = this.actions.get(request.action);
    if (!action) return [];
    const situation = this.situationOf(request);
    if (this.denyingRule(action, situation)) return [];
    const requirement = this.requirementFor(action, situation);
    if (requirement === null || this.holds(requirement, situation)) return [];
    return this.smallestMissing(requirement, situation);
  }

  /** The smallest sets of permission names that would satisfy a requirement the situation does not. */
  private smallestMissing(requirement: Requirement, s: Situation): string[][] {
    return minimalMissing(requirement, s, this.index).map((ids) => ids.map((id) => this.index.permissionNameById.get(id) ?? id).sort());
  }

  /** What the request's principal needs: the effective requirement for a project user, the non-member rule otherwise. */
  private requirementFor(action: ActionIR, s: Situation): Requirement | null {
    return s.request.projectUser ? action.effective : action.nonMembers;
  }

  /** The first deny rule that holds or cannot be decided: only a rule whose negation holds lets the action through. */
  denyingRule(action: ActionIR, s: Situation): DenyIR | undefined {
    for (const rule of action.denies) if (!conditionHolds(negation(rule.when), s, this.index)) return rule;
    return undefined;
  }

  /** The action and situation a request is decided in, or why it is denied before any requirement is read. */
  private situation(raw: unknown): { ok: true; action: ActionIR; situation: Situation } | { ok: false; reason: string } {
    const checked = checkRequest(this.system, raw);
    if (!checked.ok) return { ok: false, reason: `malformed request: ${checked.problem}` };
    const action = this.actions.get(checked.request.action);
    if (!action) return { ok: false, reason: `unknown action "${checked.request.action}"` };
    return { ok: true, action, situation: this.situationOf(checked.request) };
  }

  private situationOf(request: CheckedRequest): Situation {
    return { request, held: this.index.heldPermissions(request.permissions, request.roles), memberships: this.index.memberships(request.roles) };
  }

  holds(req: Requirement, s: Situation): boolean {
    switch (req.kind) {
      case "permission":
        return s.held.has(req.permission);
      // Loops rather than every/some with a closure: fixture generation and the docs decide millions of times.
      case "allOf":
        for (const item of req.items) if (!this.holds(item, s)) return false;
        return true;
      case "anyOf":
        for (const item of req.items) if (this.holds(item, s)) return true;
        return false;
      case "anyUser":
        return true;
      case "condition":
        return conditionHolds(req.condition, s, this.index);
      case "onlyIf":
        return !conditionHolds(req.condition, s, this.index) || this.holds(req.then, s);
      case "never":
        return false;
    }
  }

  /** The page open requirements and the action's own requirement that fail, each named for a person. */
  private failedParts(action: ActionIR, s: Situation): string[] {
    const name = (id: string) => this.index.permissionNameById.get(id) ?? id;
    const reasons: string[] = [];
    for (const pageId of action.opensFrom) {
      const page = this.pagesById.get(pageId)!;
      if (page.open && !this.holds(page.open, s)) reasons.push(`to open "${page.title}": needs ${describeRequirement(page.open, name)}`);
    }
    if (!this.holds(action.requires, s)) reasons.push(`to do "${action.row}": needs ${describeRequirement(action.requires, name)}`);
    // Staff gates live only in the effective requirement.
    if (reasons.length === 0) reasons.push(`needs ${describeRequirement(action.effective, name)}`);
    return reasons;
  }
}

const evaluators = new WeakMap<SystemIR, ReferenceEvaluator>();

/** Decide one request against a system with the reference evaluator. */
export function decide(system: SystemIR, request: unknown): DecisionResult {
  let evaluator = evaluators.get(system);
  if (!evaluator) evaluators.set(system, (evaluator = new ReferenceEvaluator(system)));
  return evaluator.decide(request);
}
