import type { Requirement } from "../ir/types.ts";
import { conditionHolds, type Situation } from "./conditions.ts";
import type { SystemIndex } from "./principal.ts";
import { compareText } from "../ir/order.ts";

/** Bound on alternatives kept while expanding; requirements in practice stay far below it. */
const MAX_ALTERNATIVES = 4096;

/**
 * The permission sets that would satisfy `req` in this situation (conditions are fixed by the request),
 * as a list of alternatives: the requirement in disjunctive normal form over permissions. Each alternative is a list
 * of distinct ids in the order they were met: lists rather than sets, since they hold a handful of ids and fixture
 * generation asks for the smallest missing sets of every covering template (about 19,000 at 10,000 actions), where
 * making and copying sets was most of the cost.
 */
export function alternatives(req: Requirement, s: Situation, index: SystemIndex): string[][] {
  switch (req.kind) {
    case "permission":
      return [[req.permission]];
    case "anyUser":
      return [[]];
    case "never":
      return [];
    case "condition":
      return conditionHolds(req.condition, s, index) ? [[]] : [];
    case "onlyIf":
      return conditionHolds(req.condition, s, index) ? alternatives(req.then, s, index) : [[]];
    case "anyOf": {
      const all: string[][] = [];
      for (const item of req.items) for (const alternative of alternatives(item, s, index)) all.push(alternative);
      return minimise(all);
    }
    case "allOf": {
      let acc: string[][] = [[]];
      for (const item of req.items) {
        const rights = alternatives(item, s, index);
        const next: string[][] = [];
        for (const left of acc) for (const right of rights) next.push(union(left, right));
        acc = minimise(next).slice(0, MAX_ALTERNATIVES);
      }
      return acc;
    }
  }
}

/** The members of `left`, then those of `right` it lacks, in that order (each list holds distinct ids). */
function union(left: string[], right: string[]): string[] {
  const both = left.slice();
  for (const p of right) if (!left.includes(p)) both.push(p);
  return both;
}

/** Drop alternatives that contain another one; the others by size, in their order within a size. */
function minimise(sets: string[][]): string[][] {
  const sorted = [...sets].sort((a, b) => a.length - b.length);
  const kept: string[][] = [];
  for (const set of sorted) {
    if (!kept.some((k) => contains(set, k))) kept.push(set);
  }
  return kept;
}

function contains(set: string[], subset: string[]): boolean {
  for (const p of subset) if (!set.includes(p)) return false;
  return true;
}

/** The smallest sets of permission ids that, added to what the principal holds, would satisfy `req`. */
export function minimalMissing(req: Requirement, s: Situation, index: SystemIndex): string[][] {
  const gaps = minimise(alternatives(req, s, index).map((alt) => notHeld(alt, s)));
  const smallest = gaps.length ? gaps[0]!.length : 0;
  return gaps.filter((g) => g.length === smallest && g.length > 0).sort((a, b) => compareText(a.join("\n"), b.join("\n")));
}

/** The permissions of an alternative that the principal does not hold, in the alternative's order. */
function notHeld(alternative: string[], s: Situation): string[] {
  const missing: string[] = [];
  for (const p of alternative) if (!s.held.has(p)) missing.push(p);
  return missing;
}
