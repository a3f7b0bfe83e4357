// "Did you mean": the closest of a list of known names to a name that is not one of them.

/** Edit distance with adjacent transpositions (optimal string alignment), case-sensitive. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

const fold = (s: string) => s.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();

/**
 * The known name a person most probably meant, or undefined when none is close: one that differs only by case or
 * spacing first, then the nearest by edit distance within about a third of the name's length.
 */
export function closest(name: string, known: Iterable<string>): string | undefined {
  const candidates = [...known];
  const folded = fold(name);
  const same = candidates.find((k) => fold(k) === folded);
  if (same !== undefined) return same;
  const limit = Math.max(2, Math.floor(folded.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of candidates) {
    const distance = editDistance(folded, fold(k));
    if (distance <= limit && distance < bestDistance) {
      best = k;
      bestDistance = distance;
    }
  }
  return best;
}

/** `; did you mean "X"?` or nothing. */
export function didYouMean(name: string, known: Iterable<string>): string {
  const guess = closest(name, known);
  return guess === undefined ? "" : `; did you mean ${JSON.stringify(guess)}?`;
}
