import type { Requirement } from "../ir/types.ts";
import { conditionHolds, type Situation } from "./conditions.ts";
import type { SystemIndex } from "./principal.ts";
import { compareText } from "../ir/order.ts";

/** Bound on alternatives kept while expanding; requirements in practice stay far below it. */
const MAX_ALTERNATIVES = 4096;

/**
 * The permission sets that would satisfy `req` in this situation (conditions are fixed by the request),
 * as a list of alternatives: the requirement in disjunctive normal form over permissions.
 */
export function alternatives(req: Requirement, s: Situation, index: SystemIndex): Set<string>[] {
  switch (req.kind) {
    case "permission":
      return [new Set([req.permission])];
    case "anyUser":
      return [new Set()];
    case "never":
      return [];
    case "condition":
      return conditionHolds(req.condition, s, index) ? [new Set()] : [];
    case "onlyIf":
      return conditionHolds(req.condition, s, index) ? alternatives(req.then, s, index) : [new Set()];
    case "anyOf":
      return minimise(req.items.flatMap((i) => alternatives(i, s, index)));
    case "allOf": {
      let acc: Set<string>[] = [new Set()];
      for (const item of req.items) {
        const rights = alternatives(item, s, index);
        const next: Set<string>[] = [];
        for (const left of acc) for (const right of rights) next.push(union(left, right));
        acc = minimise(next).slice(0, MAX_ALTERNATIVES);
      }
      return acc;
    }
  }
}

/** The members of `left`, then those of `right` it lacks, in that order. */
function union(left: Set<string>, right: Set<string>): Set<string> {
  const both = new Set(left);
  for (const p of right) both.add(p);
  return both;
}

/** Drop alternatives that contain another one. */
function minimise(sets: Set<string>[]): Set<string>[] {
  const sorted = [...sets].sort((a, b) => a.size - b.size);
  const kept: Set<string>[] = [];
  for (const set of sorted) {
    if (!kept.some((k) => contains(set, k))) kept.push(set);
  }
  return kept;
}

function contains(set: Set<string>, subset: Set<string>): boolean {
  for (const p of subset) if (!set.has(p)) return false;
  return true;
}

/** The smallest sets of permission ids that, added to what the principal holds, would satisfy `req`. */
export function minimalMissing(req: Requirement, s: Situation, index: SystemIndex): string[][] {
  const gaps = minimise(alternatives(req, s, index).map((alt) => notHeld(alt, s)));
  const smallest = gaps.length ? gaps[0]!.size : 0;
  return gaps
    .filter((g) => g.size === smallest && g.size > 0)
    .map((g) => [...g])
    .sort((a, b) => compareText(a.join("\n"), b.join("\n")));
}

/** The permissions of an alternative that the principal does not hold, in the alternative's order. */
function notHeld(alternative: Set<string>, s: Situation): Set<string> {
  const missing = new Set<string>();
  for (const p of alternative) if (!s.held.has(p)) missing.add(p);
  return missing;
}
