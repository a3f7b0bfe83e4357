// Rego values and OPA's canonical ordering and equality.
// Scalars are plain JS values; arrays are JS arrays; objects and sets are
// classes keyed by a canonical string, so int 1 and float 1.0 are one key.

export type RegoValue = null | boolean | number | string | RegoValue[] | RegoObject | RegoSet;

export class RegoObject {
  private readonly entries = new Map<string, [RegoValue, RegoValue]>();
  private sortedCache: Array<[RegoValue, RegoValue]> | undefined;
  private keyCache: string | undefined;

  static fromPairs(pairs: Iterable<[RegoValue, RegoValue]>): RegoObject {
    const o = new RegoObject();
    for (const [k, v] of pairs) o.set(k, v);
    return o;
  }

  get size(): number {
    return this.entries.size;
  }

  get(k: RegoValue): RegoValue | undefined {
    return this.entries.get(canonicalKey(k))?.[1];
  }

  has(k: RegoValue): boolean {
    return this.entries.has(canonicalKey(k));
  }

  /** Mutates; only while a value is being built, before anyone else sees it. */
  set(k: RegoValue, v: RegoValue): void {
    this.entries.set(canonicalKey(k), [k, v]);
    this.sortedCache = undefined;
    this.keyCache = undefined;
  }

  delete(k: RegoValue): void {
    this.entries.delete(canonicalKey(k));
    this.sortedCache = undefined;
    this.keyCache = undefined;
  }

  /** Entries in OPA's key order, which is also OPA's iteration order. */
  sorted(): Array<[RegoValue, RegoValue]> {
    if (!this.sortedCache) this.sortedCache = [...this.entries.values()].sort((a, b) => compare(a[0], b[0]));
    return this.sortedCache;
  }

  canonical(): string {
    if (this.keyCache === undefined) {
      const parts = [...this.entries.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      this.keyCache = "o" + JSON.stringify(parts.map(([k, [, v]]) => [k, canonicalKey(v)]));
    }
    return this.keyCache;
  }

  copy(): RegoObject {
    return RegoObject.fromPairs(this.entries.values());
  }
}

export class RegoSet {
  private readonly members = new Map<string, RegoValue>();
  private sortedCache: RegoValue[] | undefined;
  private keyCache: string | undefined;

  static of(items: Iterable<RegoValue>): RegoSet {
    const s = new RegoSet();
    for (const v of items) s.add(v);
    return s;
  }

  get size(): number {
    return this.members.size;
  }

  has(v: RegoValue): boolean {
    return this.members.has(canonicalKey(v));
  }

  /** Mutates; only while a value is being built. Returns false when already present. */
  add(v: RegoValue): boolean {
    const k = canonicalKey(v);
    if (this.members.has(k)) return false;
    this.members.set(k, v);
    this.sortedCache = undefined;
    this.keyCache = undefined;
    return true;
  }

  sorted(): RegoValue[] {
    if (!this.sortedCache) this.sortedCache = [...this.members.values()].sort(compare);
    return this.sortedCache;
  }

  canonical(): string {
    if (this.keyCache === undefined) this.keyCache = "S" + JSON.stringify([...this.members.keys()].sort());
    return this.keyCache;
  }
}

const arrayKeys = new WeakMap<RegoValue[], string>();

/** A string that is equal for two values exactly when OPA's Compare says 0. */
export function canonicalKey(v: RegoValue): string {
  switch (typeof v) {
    case "string":
      return "s" + v;
    case "number":
      return "n" + String(v);
    case "boolean":
      return v ? "t" : "f";
  }
  if (v === null) return "z";
  if (Array.isArray(v)) {
    let k = arrayKeys.get(v);
    if (k === undefined) {
      k = "a" + JSON.stringify(v.map(canonicalKey));
      arrayKeys.set(v, k);
    }
    return k;
  }
  return v.canonical();
}

export function equal(a: RegoValue, b: RegoValue): boolean {
  if (a === b) return true;
  const ta = typeof a;
  if (ta !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return canonicalKey(a) === canonicalKey(b);
}

export type RegoTypeName = "null" | "boolean" | "number" | "string" | "array" | "object" | "set";

export function typeName(v: RegoValue): RegoTypeName {
  switch (typeof v) {
    case "string":
      return "string";
    case "number":
      return "number";
    case "boolean":
      return "boolean";
  }
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return v instanceof RegoSet ? "set" : "object";
}

const typeRank: Record<RegoTypeName, number> = {
  null: 0,
  boolean: 1,
  number: 2,
  string: 3,
  array: 4,
  object: 5,
  set: 6,
};

/** Go compares strings bytewise (UTF-8), i.e. by code point; JS compares UTF-16 units. */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x < 0xe000 ? x + 0x2000 : x - 0x800;
      y = y < 0xe000 ? y + 0x2000 : y - 0x800;
    }
    return x < y ? -1 : 1;
  }
  return a.length - b.length < 0 ? -1 : a.length > b.length ? 1 : 0;
}

/** OPA's total order: null < boolean < number < string < array < object < set. */
export function compare(a: RegoValue, b: RegoValue): number {
  const ta = typeName(a);
  const tb = typeName(b);
  if (ta !== tb) return typeRank[ta] < typeRank[tb] ? -1 : 1;
  switch (ta) {
    case "null":
      return 0;
    case "boolean":
      return a === b ? 0 : a ? 1 : -1;
    case "number":
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case "string":
      return compareStrings(a as string, b as string);
    case "array":
      return compareSequences(a as RegoValue[], b as RegoValue[]);
    case "set":
      return compareSequences((a as RegoSet).sorted(), (b as RegoSet).sorted());
    case "object": {
      const ea = (a as RegoObject).sorted();
      const eb = (b as RegoObject).sorted();
      const n = Math.min(ea.length, eb.length);
      for (let i = 0; i < n; i++) {
        const [ka, va] = ea[i]!;
        const [kb, vb] = eb[i]!;
        const c = compare(ka, kb) || compare(va, vb);
        if (c !== 0) return c;
      }
      return ea.length < eb.length ? -1 : ea.length > eb.length ? 1 : 0;
    }
  }
}

function compareSequences(a: RegoValue[], b: RegoValue[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compare(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

export const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Numbers we cannot represent exactly are refused by callers, not rounded. */
export function isExactNumber(n: number): boolean {
  return Number.isFinite(n) && (!Number.isInteger(n) || Math.abs(n) <= MAX_SAFE);
}

export class InexactNumberError extends Error {}

/** Plain JSON (as from JSON.parse or YAML) to a Rego value. */
export function fromJson(x: unknown): RegoValue {
  switch (typeof x) {
    case "string":
    case "boolean":
      return x;
    case "number":
      if (!isExactNumber(x)) throw new InexactNumberError(String(x));
      return x;
    case "bigint":
      if (x > BigInt(MAX_SAFE) || x < -BigInt(MAX_SAFE)) throw new InexactNumberError(String(x));
      return Number(x);
    case "object":
      if (x === null) return null;
      if (Array.isArray(x)) return x.map(fromJson);
      if (x instanceof RegoObject || x instanceof RegoSet) return x;
      return RegoObject.fromPairs(Object.entries(x as Record<string, unknown>).map(([k, v]) => [k, fromJson(v)]));
  }
  throw new TypeError(`not a JSON value: ${typeof x}`);
}

/** Rego value to JSON as OPA's ast.JSON does: sets become sorted arrays, non-string keys their JSON text. */
export function toJson(v: RegoValue): unknown {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(toJson);
  if (v instanceof RegoSet) return v.sorted().map(toJson);
  const out: Record<string, unknown> = {};
  for (const [k, val] of v.sorted()) out[typeof k === "string" ? k : JSON.stringify(toJson(k))] = toJson(val);
  return out;
}
