// sprintf as OPA does it: Go's fmt.Sprintf over the arguments converted the
// way OPA converts them (integers to int, other numbers to float64, strings
// to string, anything else to its Rego text). Verbs and flags we do not
// reproduce exactly are refused.

import { unsupported, type SourceLocation } from "./errors.ts";
import { RegoObject, RegoSet, type RegoValue } from "./values.ts";

export function formatSprintf(format: string, args: RegoValue[], loc: SourceLocation): string {
  let out = "";
  let argi = 0;
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== "%") {
      out += c;
      continue;
    }
    const verb = format[i + 1];
    i++;
    if (verb === "%") {
      out += "%";
      continue;
    }
    if (verb === undefined) {
      out += "%!(NOVERB)";
      continue;
    }
    if (verb !== "v" && verb !== "s" && verb !== "d") throw unsupported(`sprintf verb or flag %${verb}`, loc);
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatArg(verb, args[argi++]!, loc);
  }
  if (argi < args.length) throw unsupported("sprintf with extra arguments", loc);
  return out;
}

function formatArg(verb: "v" | "s" | "d", v: RegoValue, loc: SourceLocation): string {
  if (typeof v === "string") {
    if (verb === "d") return `%!d(string=${v})`;
    return v;
  }
  if (typeof v === "number") {
    if (Number.isInteger(v)) {
      if (verb === "s") return `%!s(int=${v})`;
      return String(v);
    }
    if (verb !== "v") throw unsupported(`sprintf %${verb} of a non-integer number`, loc);
    return goFloat(v);
  }
  if (verb === "d") throw unsupported("sprintf %d of a non-number", loc);
  return regoText(v, loc);
}

/** Go's %v for float64 (%g, shortest digits): exponent form when exp < -4 or exp >= 6. */
function goFloat(x: number): string {
  const [mant, expStr] = x.toExponential().split("e");
  const exp = Number(expStr);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? "-" : "+";
    const abs = Math.abs(exp);
    return `${mant}e${sign}${abs < 10 ? "0" + abs : abs}`;
  }
  return String(x);
}

/** The text OPA's Term.String gives a value. */
function regoText(v: RegoValue, loc: SourceLocation): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number") {
    if (!Number.isInteger(v)) throw unsupported("sprintf of a composite holding a non-integer number", loc);
    return String(v);
  }
  if (typeof v === "string") {
    if (/[\u0000-\u001f\u007f-\u009f]/.test(v) || /[\ud800-\udfff]/.test(v)) throw unsupported("sprintf of a string with control characters inside a composite", loc);
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${v.map((x) => regoText(x, loc)).join(", ")}]`;
  if (v instanceof RegoSet) return v.size === 0 ? "set()" : `{${v.sorted().map((x) => regoText(x, loc)).join(", ")}}`;
  return `{${(v as RegoObject).sorted().map(([k, x]) => `${regoText(k, loc)}: ${regoText(x, loc)}`).join(", ")}}`;
}
