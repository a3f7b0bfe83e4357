import { describeRequirement, nameLookup } from "../ir/describe.ts";
import type { ActionIR, SystemIR } from "../ir/types.ts";
import { ReferenceEvaluator, type Decision } from "../eval/decide.ts";
import { generateFixtures, type Fixture } from "../verify/fixtures.ts";

/** A request whose decision differs between the two versions. */
export interface Flip {
  request: unknown;
  old: Decision;
  new: Decision;
}

export interface ActionChange {
  action: string;
  path: string[];
  row: string;
  /** "more permissive": some request now allowed was denied; "less permissive": the reverse; "both": some of each. */
  direction: "more permissive" | "less permissive" | "both";
  /** Requests decided by both versions (the union of both versions' fixtures for the action). */
  compared: number;
  /** Requests denied before and allowed now. */
  loosened: number;
  /** Requests allowed before and denied now. */
  tightened: number;
  /** The smallest request that flips each way (fewest permissions, roles and stated keys). */
  examples: { loosened: Flip | null; tightened: Flip | null };
  old: string;
  new: string;
}

export interface ActionSummary {
  action: string;
  path: string[];
  row: string;
  requires: string;
}

export interface SystemDiff {
  system: string;
  title: string;
  status: "added" | "removed" | "changed" | "unchanged";
  actionsAdded: ActionSummary[];
  actionsRemoved: ActionSummary[];
  /** Actions in both versions whose decisions differ on some request. */
  changed: ActionChange[];
  /** Actions in both versions whose requirement reads differently while every compared decision stayed the same. */
  rewritten: Array<ActionSummary & { old: string }>;
  permissionsAdded: string[];
  permissionsRemoved: string[];
  rolesAdded: string[];
  rolesRemoved: string[];
  /** Roles in both versions whose grants or includes (by name) differ. */
  rolesChanged: string[];
  requestsCompared: number;
}

export interface DiffReport {
  old: string;
  new: string;
  systems: SystemDiff[];
}

/** Compare two versions of a set of systems, matched by id, by the decisions of their reference evaluators. */
export function compareVersions(oldLabel: string, oldSystems: SystemIR[], newLabel: string, newSystems: SystemIR[]): DiffReport {
  const ids = [...new Set([...oldSystems.map((s) => s.id), ...newSystems.map((s) => s.id)])].sort();
  return {
    old: oldLabel,
    new: newLabel,
    systems: ids.map((id) => compareSystem(oldSystems.find((s) => s.id === id), newSystems.find((s) => s.id === id))),
  };
}

function compareSystem(before: SystemIR | undefined, after: SystemIR | undefined): SystemDiff {
  const some = (after ?? before)!;
  const diff: SystemDiff = {
    system: some.id,
    title: some.title,
    status: "unchanged",
    actionsAdded: [],
    actionsRemoved: [],
    changed: [],
    rewritten: [],
    permissionsAdded: [],
    permissionsRemoved: [],
    rolesAdded: [],
    rolesRemoved: [],
    rolesChanged: [],
    requestsCompared: 0,
  };
  if (!before || !after) {
    const system = (before ?? after)!;
    const summaries = system.actions.map((a) => summary(system, a));
    if (before) Object.assign(diff, { status: "removed", actionsRemoved: summaries });
    else Object.assign(diff, { status: "added", actionsAdded: summaries });
    return diff;
  }

  const oldActions = new Map(before.actions.map((a) => [a.id, a]));
  const newIds = new Set(after.actions.map((a) => a.id));
  diff.actionsAdded = after.actions.filter((a) => !oldActions.has(a.id)).map((a) => summary(after, a));
  diff.actionsRemoved = before.actions.filter((a) => !newIds.has(a.id)).map((a) => summary(before, a));
  diff.permissionsAdded = missingFrom(after.permissions.map((p) => p.name), before.permissions.map((p) => p.name));
  diff.permissionsRemoved = missingFrom(before.permissions.map((p) => p.name), after.permissions.map((p) => p.name));
  diff.rolesAdded = missingFrom(after.roles.map((r) => r.name), before.roles.map((r) => r.name));
  diff.rolesRemoved = missingFrom(before.roles.map((r) => r.name), after.roles.map((r) => r.name));
  const oldRoles = new Map(before.roles.map((r) => [r.name, roleShape(before, r.name)]));
  diff.rolesChanged = after.roles.filter((r) => oldRoles.has(r.name) && oldRoles.get(r.name) !== roleShape(after, r.name)).map((r) => r.name);

  const oldEvaluator = new ReferenceEvaluator(before);
  const newEvaluator = new ReferenceEvaluator(after);
  const requests = fixturesByAction([...generateFixtures(before).fixtures, ...generateFixtures(after).fixtures]);
  for (const action of after.actions) {
    const previous = oldActions.get(action.id);
    if (!previous) continue;
    const asked = requests.get(action.id) ?? [];
    diff.requestsCompared += asked.length;
    const flips = { loosened: [] as Flip[], tightened: [] as Flip[] };
    for (const request of asked) {
      const was = oldEvaluator.decide(request).decision;
      const now = newEvaluator.decide(request).decision;
      if (was !== now) (now === "allow" ? flips.loosened : flips.tightened).push({ request, old: was, new: now });
    }
    const oldText = describeRequirement(previous.effective, nameLookup(before.permissions));
    const newText = describeRequirement(action.effective, nameLookup(after.permissions));
    if (flips.loosened.length || flips.tightened.length) {
      diff.changed.push({
        action: action.id,
        path: action.path,
        row: action.row,
        direction: flips.loosened.length && flips.tightened.length ? "both" : flips.loosened.length ? "more permissive" : "less permissive",
        compared: asked.length,
        loosened: flips.loosened.length,
        tightened: flips.tightened.length,
        examples: { loosened: smallestFlip(flips.loosened, oldEvaluator, newEvaluator), tightened: smallestFlip(flips.tightened, oldEvaluator, newEvaluator) },
        old: oldText,
        new: newText,
      });
    } else if (oldText !== newText) {
      diff.rewritten.push({ ...summary(after, action), old: oldText });
    }
  }
  const touched =
    diff.actionsAdded.length + diff.actionsRemoved.length + diff.changed.length + diff.rewritten.length +
    diff.permissionsAdded.length + diff.permissionsRemoved.length + diff.rolesAdded.length + diff.rolesRemoved.length + diff.rolesChanged.length;
  diff.status = touched ? "changed" : "unchanged";
  return diff;
}

type Shape = { action: string; principal: Record<string, unknown>; resource?: Record<string, unknown>; context?: Record<string, unknown> };

/** How much a request states: its permissions and roles, its principal flags, its context and resource keys. */
function requestSize(request: unknown): number {
  const r = request as Shape;
  const list = (v: unknown) => (Array.isArray(v) ? v.length : 0);
  const keys = (o: unknown) => (o && typeof o === "object" ? Object.keys(o).length : 0);
  return list(r.principal?.permissions) + list(r.principal?.roles) + keys(r.principal) + keys(r.context) + keys(r.resource);
}

/**
 * The smallest of the flips, then made smaller still: each permission, role and stated key is dropped while the
 * request still flips the same way. A reviewer reads the one thing that changed, not every permission there is.
 */
export function smallestFlip(flips: Flip[], before: ReferenceEvaluator, after: ReferenceEvaluator): Flip | null {
  if (flips.length === 0) return null;
  const start = flips.reduce((best, f) => (requestSize(f.request) < requestSize(best.request) ? f : best));
  const flipsSame = (request: unknown) => before.decision(request) === start.old && after.decision(request) === start.new;
  let request = structuredClone(start.request) as Shape;
  for (const shrink of shrinkSteps(request)) {
    const next = shrink(request);
    if (next && flipsSame(next)) request = next;
  }
  return { request, old: start.old, new: start.new };
}

/** One step per permission, role and key of the request, each returning the request without it (or null). */
function shrinkSteps(request: Shape): Array<(r: Shape) => Shape | null> {
  const steps: Array<(r: Shape) => Shape | null> = [];
  for (const list of ["permissions", "roles"] as const) {
    const names = Array.isArray(request.principal?.[list]) ? (request.principal[list] as string[]) : [];
    for (const name of names) {
      steps.push((r) => {
        const current = r.principal[list] as string[];
        const kept = current.filter((n) => n !== name);
        const principal = { ...r.principal, [list]: kept };
        if (kept.length === 0) delete principal[list];
        return { ...r, principal };
      });
    }
  }
  for (const key of Object.keys(request.principal ?? {})) {
    if (key === "permissions" || key === "roles") continue;
    steps.push((r) => {
      const principal = { ...r.principal };
      delete principal[key];
      return { ...r, principal };
    });
  }
  for (const where of ["context", "resource"] as const) {
    for (const key of Object.keys(request[where] ?? {})) {
      steps.push((r) => {
        const object = { ...r[where] };
        delete object[key];
        const next = { ...r, [where]: object };
        if (Object.keys(object).length === 0) delete next[where];
        return next;
      });
    }
  }
  return steps;
}

/** Requests per action, each once, in fixture order (old version's first). */
function fixturesByAction(fixtures: Fixture[]): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const seen = new Set<string>();
  for (const f of fixtures) {
    const key = JSON.stringify(f.request);
    if (seen.has(key)) continue;
    seen.add(key);
    const list = out.get(f.action) ?? [];
    list.push(f.request);
    out.set(f.action, list);
  }
  return out;
}

function summary(system: SystemIR, action: ActionIR): ActionSummary {
  return { action: action.id, path: action.path, row: action.row, requires: describeRequirement(action.effective, nameLookup(system.permissions)) };
}

function missingFrom(items: string[], other: string[]): string[] {
  const known = new Set(other);
  return items.filter((i) => !known.has(i));
}

/** A role's grants and includes by name, order-free, as one comparable string. */
function roleShape(system: SystemIR, roleName: string): string {
  const role = system.roles.find((r) => r.name === roleName)!;
  const permission = nameLookup(system.permissions);
  const roleNames = new Map(system.roles.map((r) => [r.id, r.name]));
  return JSON.stringify({ grants: role.grants.map(permission).sort(), includes: role.includes.map((i) => roleNames.get(i) ?? i).sort() });
}
