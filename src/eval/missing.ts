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
        const next: Set<string>[] = [];
        for (const left of acc) for (const right of alternatives(item, s, index)) next.push(new Set([...left, ...right]));
        acc = minimise(next).slice(0, MAX_ALTERNATIVES);
      }
      return acc;
    }
  }
}

/** Drop alternatives that contain another one. */
function minimise(sets: Set<string>[]): Set<string>[] {
  const sorted = [...sets].sort((a, b) => a.size - b.size);
  const kept: Set<string>[] = [];
  for (const set of sorted) {
    if (!kept.some((k) => [...k].every((p) => set.has(p)))) kept.push(set);
  }
  return kept;
}

/** The smallest sets of permission ids that, added to what the principal holds, would satisfy `req`. */
export function minimalMissing(req: Requirement, s: Situation, index: SystemIndex): string[][] {
  const gaps = minimise(alternatives(req, s, index).map((alt) => new Set([...alt].filter((p) => !s.held.has(p)))));
  const smallest = gaps.length ? gaps[0]!.size : 0;
  return gaps
    .filter((g) => g.size === smallest && g.size > 0)
    .map((g) => [...g])
    .sort((a, b) => compareText(a.join("\n"), b.join("\n")));
}
