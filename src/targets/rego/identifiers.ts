// Rego names: keywords, the package and data paths of a system, refs, and rule names that cannot collide.
import { createHash } from "node:crypto";
import { regoString } from "./strings.ts";

/** Rego v1 keywords; none can be a rule name or follow `.` in a ref. */
export const REGO_KEYWORDS = new Set([
  "as", "contains", "default", "else", "every", "false", "if", "import", "in", "not", "null", "package", "some",
  "true", "with",
]);

/** Root documents and built-ins the generated policy calls: a rule of the same name would shadow or conflict. */
const RESERVED_NAMES = new Set([
  "data", "input", "set", "count", "object", "concat", "sprintf", "startswith", "endswith", "lower", "upper",
  "is_string", "is_boolean", "is_array", "is_object", "is_number", "is_null", "type_name", "union", "intersection", "sort",
]);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A name Rego accepts bare: as a rule name, a variable, or after `.` in a ref. */
export function isRegoIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !REGO_KEYWORDS.has(name);
}

/** `base.key` when the key is an identifier, `base["key"]` otherwise: the spelling `opa fmt` keeps. */
export function refTo(base: string, key: string): string {
  return isRegoIdentifier(key) ? `${base}.${key}` : `${base}[${regoString(key)}]`;
}

/** Every system gets its own package under `policyc`, so bundles of several systems never overlap. */
const ROOT = "policyc";

/** Where a system's data.json puts the declarations the policy reads, below the package path. */
export const MODEL_KEY = "model";

export interface RegoPaths {
  /** Path segments of the policy package, e.g. ["policyc", "shop"]. */
  segments: string[];
  /** `package` line argument, e.g. `policyc.shop`. */
  packageName: string;
  /** The test package, e.g. `policyc.shop_test`. */
  testPackageName: string;
  /** `data.policyc.shop`: where the rules are. */
  dataRef: string;
  /** `data.policyc.shop.model`: where data.json's declarations are. */
  modelRef: string;
  /** Bundle roots for `.manifest`: the policy package only (the tests are not part of the deployed bundle). */
  roots: string[];
  /** Where the tests' fixtures live in `data` (outside the bundle's roots), e.g. `data.policyc_fixtures.shop`. */
  fixturesRef: string;
  /** The path segments of fixturesRef below `data`. */
  fixturesSegments: string[];
}

/** The package, data and bundle paths of a system. System ids are dotted lowercase identifiers. */
export function regoPaths(systemId: string): RegoPaths {
  const segments = [ROOT, ...systemId.split(".")];
  const last = segments[segments.length - 1]!;
  const testSegments = [...segments.slice(0, -1), `${last}_test`];
  const fixturesSegments = [`${ROOT}_fixtures`, ...systemId.split(".")];
  const ref = (parts: string[]) => parts.slice(1).reduce((acc, part) => refTo(acc, part), parts[0]!);
  return {
    segments,
    packageName: ref(segments),
    testPackageName: ref(testSegments),
    dataRef: ref(["data", ...segments]),
    modelRef: ref(["data", ...segments, MODEL_KEY]),
    roots: [segments.join("/")],
    fixturesRef: ref(["data", ...fixturesSegments]),
    fixturesSegments,
  };
}

/**
 * Allocates rule names in one package: each is a valid identifier, not a keyword or reserved name, and distinct
 * from every name taken before. A clash is settled by a short hash of what the rule checks, never by a counter,
 * so adding a rule never renames another one in a reviewer's diff.
 */
export class RuleNames {
  private readonly taken = new Set<string>();

  constructor(fixed: Iterable<string> = []) {
    for (const name of fixed) this.taken.add(name);
  }

  /** `wanted` made an identifier, or that with a hash of `meaning` (what the rule checks) when it is taken. */
  claim(wanted: string, meaning: string = wanted): string {
    let base = wanted.replace(/[^A-Za-z0-9_]+/g, "_");
    if (!/^[A-Za-z_]/.test(base)) base = `r_${base}`;
    const free = (name: string) => !this.taken.has(name) && !REGO_KEYWORDS.has(name) && !RESERVED_NAMES.has(name);
    let name = base;
    // Identical meanings under one name cannot happen within an action; the longer hash is a last resort.
    for (let length = 6; !free(name); length += 2) name = `${base}_${createHash("sha256").update(meaning).digest("hex").slice(0, length)}`;
    this.taken.add(name);
    return name;
  }
}

/** `orders.export_orders` -> `orders_export_orders`: an action id as the stem of rule names. */
export function actionStem(actionId: string): string {
  return actionId.replace(/\./g, "_");
}
