// Exact arithmetic on JS numbers. OPA computes with arbitrary precision; a
// double agrees with it only when operands and result are exact binary
// fractions whose shortest decimal text is their exact value. Anything else
// is refused rather than rounded.

import { unsupported, type SourceLocation } from "./errors.ts";
import { MAX_SAFE } from "./values.ts";

interface Dyadic {
  n: bigint;
  /** value = n * 2^e, e <= 0 */
  e: number;
}

function toDyadic(x: number): Dyadic {
  let e = 0;
  while (!Number.isInteger(x)) {
    x *= 2;
    e--;
  }
  return { n: BigInt(x), e };
}

/** The double equals the decimal number its shortest text denotes. */
function printsExactly(x: number): boolean {
  if (Number.isInteger(x)) return Math.abs(x) <= MAX_SAFE;
  const s = String(Math.abs(x));
  if (s.includes("e")) return false;
  const [intPart, frac = ""] = s.split(".");
  const digits = BigInt(intPart! + frac);
  const { n, e } = toDyadic(Math.abs(x));
  // n * 2^e == digits / 10^frac.length  <=>  n * 10^f == digits * 2^-e
  return n * 10n ** BigInt(frac.length) === digits * 2n ** BigInt(-e);
}

function sameRational(a: Dyadic, b: Dyadic): boolean {
  const e = Math.min(a.e, b.e);
  return a.n * 2n ** BigInt(a.e - e) === b.n * 2n ** BigInt(b.e - e);
}

function addD(a: Dyadic, b: Dyadic, sign: 1n | -1n): Dyadic {
  const e = Math.min(a.e, b.e);
  return { n: a.n * 2n ** BigInt(a.e - e) + sign * b.n * 2n ** BigInt(b.e - e), e };
}

function check(op: string, a: number, b: number, result: number, exact: () => boolean, loc: SourceLocation): number {
  if (Number.isInteger(a) && Number.isInteger(b) && Number.isInteger(result) && Math.abs(result) <= MAX_SAFE && op !== "/") {
    return result === 0 ? 0 : result;
  }
  if (!printsExactly(a) || !printsExactly(b) || !Number.isFinite(result) || !printsExactly(result) || !exact()) {
    throw unsupported(`arithmetic ${a} ${op} ${b} that a double cannot compute exactly`, loc);
  }
  return result === 0 ? 0 : result;
}

export function exactPlus(a: number, b: number, loc: SourceLocation): number {
  return check("+", a, b, a + b, () => sameRational(addD(toDyadic(a), toDyadic(b), 1n), toDyadic(a + b)), loc);
}

export function exactMinus(a: number, b: number, loc: SourceLocation): number {
  return check("-", a, b, a - b, () => sameRational(addD(toDyadic(a), toDyadic(b), -1n), toDyadic(a - b)), loc);
}

export function exactTimes(a: number, b: number, loc: SourceLocation): number {
  return check("*", a, b, a * b, () => {
    const x = toDyadic(a);
    const y = toDyadic(b);
    return sameRational({ n: x.n * y.n, e: x.e + y.e }, toDyadic(a * b));
  }, loc);
}

/** Caller has excluded b === 0. */
export function exactDivide(a: number, b: number, loc: SourceLocation): number {
  const r = a / b;
  return check("/", a, b, r, () => {
    const x = toDyadic(a);
    const y = toDyadic(b);
    const q = toDyadic(r);
    return sameRational({ n: q.n * y.n, e: q.e + y.e }, x);
  }, loc);
}

export function exactSum(xs: number[], loc: SourceLocation): number {
  let acc = 0;
  for (const x of xs) acc = exactPlus(acc, x, loc);
  return acc;
}
