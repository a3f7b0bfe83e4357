// The built-in functions we implement, with OPA's semantics. A built-in
// signals a type or value error with BuiltinError; the evaluator turns it
// into an undefined expression, or an error in strict mode, as OPA does.

import type { SourceLocation } from "./errors.ts";
import { unsupported } from "./errors.ts";
import { exactDivide, exactMinus, exactPlus, exactSum, exactTimes } from "./numbers.ts";
import { formatSprintf } from "./sprintf.ts";
import { compare, equal, MAX_SAFE, RegoObject, RegoSet, typeName, type RegoTypeName, type RegoValue } from "./values.ts";

export class BuiltinError extends Error {
  constructor(
    readonly kind: "type" | "builtin",
    message: string,
    /** errors OPA raises even in non-strict mode */
    readonly halt = false,
    /** index of the operand whose type was wrong */
    readonly operand?: number,
  ) {
    super(message);
  }
}

export interface Builtin {
  name: string;
  arity: number;
  impl: (args: RegoValue[], loc: SourceLocation) => RegoValue | undefined;
}

const table = new Map<string, Builtin>();

function def(name: string, arity: number, impl: Builtin["impl"]): void {
  table.set(name, { name, arity, impl });
}

export function getBuiltin(name: string): Builtin | undefined {
  return table.get(name);
}

export function implementedArity(name: string): number | undefined {
  return table.get(name)?.arity;
}

function describe(types: RegoTypeName[]): string {
  return types.length === 1 ? types[0]! : `one of {${types.join(", ")}}`;
}

function operand<T extends RegoValue>(args: RegoValue[], i: number, ...types: RegoTypeName[]): T {
  const v = args[i]!;
  const t = typeName(v);
  if (!types.includes(t)) throw new BuiltinError("type", `operand ${i + 1} must be ${describe(types)} but got ${t}`, false, i);
  return v as T;
}

const num = (args: RegoValue[], i: number) => operand<number>(args, i, "number");
const str = (args: RegoValue[], i: number) => operand<string>(args, i, "string");

// ---- comparison and membership

def("equal", 2, (a) => equal(a[0]!, a[1]!));
def("neq", 2, (a) => !equal(a[0]!, a[1]!));
def("lt", 2, (a) => compare(a[0]!, a[1]!) < 0);
def("lte", 2, (a) => compare(a[0]!, a[1]!) <= 0);
def("gt", 2, (a) => compare(a[0]!, a[1]!) > 0);
def("gte", 2, (a) => compare(a[0]!, a[1]!) >= 0);

def("internal.member_2", 2, ([x, coll]) => {
  if (Array.isArray(coll)) return coll.some((e) => equal(e, x!));
  if (coll instanceof RegoSet) return coll.has(x!);
  if (coll instanceof RegoObject) return coll.sorted().some(([, v]) => equal(v, x!));
  return false;
});

def("internal.member_3", 3, ([key, val, coll], loc) => {
  if (Array.isArray(coll)) {
    const i = key;
    return typeof i === "number" && Number.isInteger(i) && i >= 0 && i < coll.length ? equal(coll[i]!, val!) : false;
  }
  if (coll instanceof RegoObject) {
    const v = coll.get(key!);
    return v !== undefined && equal(v, val!);
  }
  if (coll instanceof RegoSet) throw unsupported("`k, v in s` on a set", loc);
  return false;
});

// ---- arithmetic and set operators

def("plus", 2, (a, loc) => exactPlus(num(a, 0), num(a, 1), loc));
def("mul", 2, (a, loc) => exactTimes(num(a, 0), num(a, 1), loc));
def("minus", 2, (a, loc) => {
  const x = operand(a, 0, "number", "set");
  const y = operand(a, 1, "number", "set");
  if (typeof x === "number" && typeof y === "number") return exactMinus(x, y, loc);
  if (x instanceof RegoSet && y instanceof RegoSet) return RegoSet.of(x.sorted().filter((e) => !y.has(e)));
  throw new BuiltinError("type", `operand 2 must be ${typeof x === "number" ? "number" : "set"} but got ${typeName(y)}`, false, 1);
});
def("div", 2, (a, loc) => {
  const x = num(a, 0);
  const y = num(a, 1);
  if (y === 0) throw new BuiltinError("builtin", "divide by zero");
  return exactDivide(x, y, loc);
});
def("rem", 2, (a, loc) => {
  const x = num(a, 0);
  const y = num(a, 1);
  if (!Number.isInteger(x) || !Number.isInteger(y)) throw unsupported("% on non-integers", loc);
  if (y === 0) throw new BuiltinError("builtin", "modulo by zero");
  const r = x % y;
  return r === 0 ? 0 : r;
});
def("and", 2, (a) => {
  const x = operand<RegoSet>(a, 0, "set");
  const y = operand<RegoSet>(a, 1, "set");
  return RegoSet.of(x.sorted().filter((e) => y.has(e)));
});
def("or", 2, (a) => {
  const x = operand<RegoSet>(a, 0, "set");
  const y = operand<RegoSet>(a, 1, "set");
  return RegoSet.of([...x.sorted(), ...y.sorted()]);
});

// ---- aggregates

def("count", 1, (a) => {
  const v = operand(a, 0, "array", "object", "set", "string");
  if (typeof v === "string") return [...v].length;
  if (Array.isArray(v)) return v.length;
  return (v as RegoObject | RegoSet).size;
});

function elements(a: RegoValue[], i: number): RegoValue[] {
  const v = operand(a, i, "array", "set");
  return Array.isArray(v) ? v : (v as RegoSet).sorted();
}

def("sum", 1, (a, loc) => {
  const xs = elements(a, 0);
  for (const x of xs) if (typeof x !== "number") throw new BuiltinError("type", `operand 1 must be one of {array, set} of numbers but got ${typeName(x)}`, false, 0);
  return exactSum(xs as number[], loc);
});
def("max", 1, (a) => {
  const xs = elements(a, 0);
  return xs.length === 0 ? undefined : xs.reduce((m, x) => (compare(x, m) > 0 ? x : m));
});
def("min", 1, (a) => {
  const xs = elements(a, 0);
  return xs.length === 0 ? undefined : xs.reduce((m, x) => (compare(x, m) < 0 ? x : m));
});
def("sort", 1, (a) => elements(a, 0).slice().sort(compare));

// ---- strings

def("concat", 2, (a) => {
  const sep = str(a, 0);
  const parts = elements(a, 1);
  for (const p of parts) if (typeof p !== "string") throw new BuiltinError("type", `operand 2 must be one of {array, set} of strings but got ${typeName(p)}`, false, 1);
  return (parts as string[]).join(sep);
});
def("startswith", 2, (a) => str(a, 0).startsWith(str(a, 1)));
def("endswith", 2, (a) => str(a, 0).endsWith(str(a, 1)));
def("contains", 2, (a) => str(a, 0).includes(str(a, 1)));
/** Go maps case rune by rune (simple mappings); JS applies full, context-sensitive ones. */
function mapCase(s: string, f: (c: string) => string, loc: SourceLocation): string {
  if (/^[\x00-\x7f]*$/.test(s)) return f(s);
  let out = "";
  for (const c of s) {
    const m = f(c);
    if ([...m].length !== 1) throw unsupported(`case mapping of ${JSON.stringify(c)}`, loc);
    out += m;
  }
  return out;
}

def("lower", 1, (a, loc) => mapCase(str(a, 0), (c) => c.toLowerCase(), loc));
def("upper", 1, (a, loc) => mapCase(str(a, 0), (c) => c.toUpperCase(), loc));
def("sprintf", 2, (a, loc) => formatSprintf(str(a, 0), operand<RegoValue[]>(a, 1, "array"), loc));

def("to_number", 1, (a, loc) => {
  const v = operand(a, 0, "null", "boolean", "number", "string");
  if (v === null) return 0;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number") return v;
  const s = v as string;
  if (!/^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(s)) throw unsupported(`to_number of ${JSON.stringify(s)}`, loc);
  const n = Number(s);
  if (!Number.isFinite(n) || (Number.isInteger(n) && Math.abs(n) > MAX_SAFE)) throw unsupported(`to_number of ${JSON.stringify(s)} (beyond 2^53)`, loc);
  return n;
});

def("format_int", 2, (a, loc) => {
  const n = num(a, 0);
  const base = num(a, 1);
  if (![2, 8, 10, 16].includes(base)) throw new BuiltinError("builtin", "operand 2 must be one of {2, 8, 10, 16}");
  if (!Number.isInteger(n)) throw unsupported("format_int of a non-integer", loc);
  return n.toString(base);
});

// ---- types

def("type_name", 1, (a) => typeName(a[0]!));
for (const t of ["string", "boolean", "number", "array", "object", "set", "null"] as const) {
  def(`is_${t}`, 1, (a) => typeName(a[0]!) === t);
}

// ---- collections

function setOfSets(a: RegoValue[]): RegoSet[] {
  const s = operand<RegoSet>(a, 0, "set");
  const out: RegoSet[] = [];
  for (const x of s.sorted()) {
    if (!(x instanceof RegoSet)) throw new BuiltinError("type", `operand 1 must be set of sets but got set containing ${typeName(x)}`, false, 0);
    out.push(x);
  }
  return out;
}

def("union", 1, (a) => RegoSet.of(setOfSets(a).flatMap((s) => s.sorted())));
def("intersection", 1, (a) => {
  const sets = setOfSets(a);
  if (sets.length === 0) return new RegoSet();
  return RegoSet.of(sets[0]!.sorted().filter((x) => sets.every((s) => s.has(x))));
});

def("array.concat", 2, (a) => [...operand<RegoValue[]>(a, 0, "array"), ...operand<RegoValue[]>(a, 1, "array")]);

def("object.keys", 1, (a) => RegoSet.of(operand<RegoObject>(a, 0, "object").sorted().map(([k]) => k)));

def("object.get", 3, (a, loc) => {
  const obj = operand<RegoObject>(a, 0, "object");
  const key = a[1]!;
  const dflt = a[2]!;
  // Only an absent key takes the default: a key present with null gives null, as in OPA.
  if (!Array.isArray(key)) {
    const value = obj.get(key);
    return value === undefined ? dflt : value;
  }
  let cur: RegoValue = obj;
  for (const k of key) {
    if (cur instanceof RegoObject) {
      const next = cur.get(k);
      if (next === undefined) return dflt;
      cur = next;
    } else if (Array.isArray(cur)) {
      if (typeof k !== "number" || !Number.isInteger(k) || k < 0 || k >= cur.length) return dflt;
      cur = cur[k]!;
    } else if (cur instanceof RegoSet) {
      throw unsupported("object.get with a path through a set", loc);
    } else return dflt;
  }
  return cur;
});

function unionObjects(a: RegoObject, b: RegoObject): RegoObject {
  const out = a.copy();
  for (const [k, v] of b.sorted()) {
    const cur = out.get(k);
    out.set(k, cur instanceof RegoObject && v instanceof RegoObject ? unionObjects(cur, v) : v);
  }
  return out;
}

def("object.union", 2, (a) => unionObjects(operand<RegoObject>(a, 0, "object"), operand<RegoObject>(a, 1, "object")));

// ---- numbers

/** floor/ceil/abs agree with OPA's arbitrary precision when the double's text is short. */
function roundable(x: number, loc: SourceLocation): number {
  if (!Number.isInteger(x) && (Math.abs(x) >= 2 ** 52 || String(x).replace(/^-?0\.0*|[-.]/g, "").length > 15)) {
    throw unsupported(`rounding ${x}: too many digits for exact arithmetic`, loc);
  }
  return x;
}

def("floor", 1, (a, loc) => Math.floor(roundable(num(a, 0), loc)) || 0);
def("ceil", 1, (a, loc) => Math.ceil(roundable(num(a, 0), loc)) || 0);
def("abs", 1, (a) => Math.abs(num(a, 0)));

def("numbers.range", 2, (a, loc) => {
  const x = num(a, 0);
  const y = num(a, 1);
  if (!Number.isInteger(x)) throw new BuiltinError("builtin", "operand 1 must be integer number but got floating-point number");
  if (!Number.isInteger(y)) throw new BuiltinError("builtin", "operand 2 must be integer number but got floating-point number");
  if (Math.abs(y - x) > 1_000_000) throw unsupported("numbers.range over more than a million numbers", loc);
  const out: number[] = [];
  if (x <= y) for (let i = x; i <= y; i++) out.push(i);
  else for (let i = x; i >= y; i--) out.push(i);
  return out;
});
