// Bad requests are denied by every engine: the reference evaluator, every Cedar and Rego engine installed here
// (cedar-wasm, cedar-go, OPA, regorus, the embedded interpreter), the emitted policy evaluated directly with the
// embedded interpreter, and the CLI says why. No engine may crash, and none may turn an error into an allow.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSystems } from "../src/compile/load-systems.ts";
import { ReferenceEvaluator } from "../src/eval/decide.ts";
import type { PolicyRequest } from "../src/eval/request.ts";
import type { SystemIR } from "../src/ir/types.ts";
import { compileModules, evalRef, type RegoPolicy } from "../src/rego-interpreter/index.ts";
import { emitCedar } from "../src/targets/cedar/index.ts";
import { checkOutput } from "../src/targets/cedar/validate.ts";
import { renderData } from "../src/targets/rego/data.ts";
import { regoPaths } from "../src/targets/rego/identifiers.ts";
import { renderPolicy } from "../src/targets/rego/index.ts";
import type { OpenEngine } from "../src/engines/engine.ts";
import { loadAllEngines } from "../src/engines/registry.ts";
import { generateFixtures } from "../src/verify/fixtures.ts";
import { policyc } from "./support/policyc.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "policyc-fail-closed-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** One seed system with everything that decides for it. */
interface Subject {
  system: SystemIR;
  reference: ReferenceEvaluator;
  /** Every engine installed here but the reference. */
  engines: OpenEngine[];
  /** The emitted policy.rego compiled by the embedded interpreter, and its data.json, for direct evaluation. */
  regoPolicy: RegoPolicy;
  regoData: unknown;
  /** `data.policyc.<system>.allow` */
  allowRef: string;
  /** A request the reference allows, with resource and context content where the system has any: each bad request is made from it. */
  allowed: PolicyRequest;
}

const subjects: Subject[] = [];
const deciders = (await loadAllEngines()).filter((e) => e.name !== "reference" && !e.unavailable());
const engineNames = deciders.map((e) => e.name);
/** Each engine's name with one answer. */
const every = (answer: string) => Object.fromEntries(engineNames.map((name) => [name, answer]));

beforeAll(async () => {
  for (const { system } of await loadSystems(path.join(ROOT, "spec"))) {
    const reference = new ReferenceEvaluator(system);
    const allows = generateFixtures(system).fixtures.filter((f) => f.expected === "allow" && f.kind !== "request");
    const richest = (r: PolicyRequest) => Object.keys(r.resource ?? {}).length + Object.keys(r.context ?? {}).length + (r.principal.permissions?.length ?? 0);
    const allowed = allows.map((f) => f.request as PolicyRequest).sort((a, b) => richest(b) - richest(a))[0]!;
    subjects.push({
      system,
      reference,
      engines: await Promise.all(deciders.map((e) => e.open(system))),
      regoPolicy: compileModules([{ path: "policy.rego", text: renderPolicy(system) }]),
      regoData: JSON.parse(renderData(system)),
      allowRef: `${regoPaths(system.id).dataRef}.allow`,
      allowed,
    });
  }
  expect(subjects.map((s) => s.system.id).sort()).toEqual(["maestra", "maestro"]);
});
afterAll(async () => {
  for (const s of subjects) for (const engine of s.engines) await engine.close?.();
});

/** The emitted Rego's `allow` for a request, evaluated directly; "error" when the interpreter throws. */
function regoDirect(s: Subject, request: unknown): unknown {
  try {
    return evalRef(s.regoPolicy, s.allowRef, { data: s.regoData, input: request });
  } catch {
    return "error";
  }
}

/** The engines' decisions (by engine name) with the reference's and the direct Rego evaluation's. */
interface Answers {
  reference: unknown;
  engines: Record<string, unknown>;
  regoDirect: unknown;
}

/**
 * Every engine's answer to each request, each engine deciding the whole list in one batch; an engine that
 * throws or rejects (it must not) answers "threw".
 */
async function answers(s: Subject, requests: unknown[]): Promise<Answers[]> {
  const threw = (error: unknown) => `threw: ${(error as Error).message}`;
  const batches = await Promise.all(s.engines.map((e) => e.decideAll(requests).catch((error: unknown) => requests.map(() => threw(error)))));
  return requests.map((request, i) => {
    let reference: unknown;
    try {
      reference = s.reference.decide(request).decision;
    } catch (error) {
      reference = threw(error);
    }
    const engines = Object.fromEntries(s.engines.map((e, k) => [e.name, batches[k]![i]]));
    return { reference, engines, regoDirect: regoDirect(s, request) };
  });
}

const clone = <T>(value: T): T => structuredClone(value);
/** A copy of an object without one key (an absent key, which JSON and every engine read as absent). */
const omit = (value: object, key: string): Record<string, unknown> => Object.fromEntries(Object.entries(clone(value)).filter(([k]) => k !== key));
const nested = (depth: number, leaf: unknown): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};
const declaredNames = (s: Subject) => s.system.permissions.map((p) => p.name);

/** Requests that are malformed under docs/semantics.md, each made from the system's allowed request. */
function malformed(s: Subject): Array<[string, unknown]> {
  const base = s.allowed;
  const withPrincipal = (principal: unknown) => ({ ...clone(base), principal });
  const withPrincipalKey = (key: string, value: unknown) => ({ ...clone(base), principal: { ...clone(base.principal), [key]: value } });
  const cases: Array<[string, unknown]> = [
    ["the request is null", null],
    ["the request is an array", [clone(base)]],
    ["the request is a string", JSON.stringify(base)],
    ["the request is a number", 42],
    ["the request is an empty object", {}],
    ["action missing", omit(base, "action")],
    ["action a number", { ...clone(base), action: 7 }],
    ["action null", { ...clone(base), action: null }],
    ["action a list", { ...clone(base), action: [base.action] }],
    ["action an object", { ...clone(base), action: { id: base.action } }],
    ["unknown action", { ...clone(base), action: `${base.action}.not_declared` }],
    ["empty action", { ...clone(base), action: "" }],
    ["action with a NUL", { ...clone(base), action: `${base.action}\u0000` }],
    ["action with an unpaired surrogate", { ...clone(base), action: `${base.action}\ud800` }],
    ["action in another case", { ...clone(base), action: base.action.toUpperCase() }],
    ["principal missing", omit(base, "principal")],
    ["principal null", withPrincipal(null)],
    ["principal a list", withPrincipal([clone(base.principal)])],
    ["principal a string", withPrincipal("admin")],
    ["permissions a string", withPrincipalKey("permissions", "all")],
    ["permissions null", withPrincipalKey("permissions", null)],
    ["permissions hold a number", withPrincipalKey("permissions", [...(base.principal.permissions ?? []), 1])],
    ["permissions hold null", withPrincipalKey("permissions", [...(base.principal.permissions ?? []), null])],
    ["permissions hold a list", withPrincipalKey("permissions", [base.principal.permissions ?? []])],
    ["permissions an object", withPrincipalKey("permissions", { ...(base.principal.permissions ?? []) })],
    ["roles a string", withPrincipalKey("roles", "Admin")],
    ["roles null", withPrincipalKey("roles", null)],
    ["roles hold a number", withPrincipalKey("roles", [1])],
    ["staff a string", withPrincipalKey("staff", "true")],
    ["staff a number", withPrincipalKey("staff", 1)],
    ["staff null", withPrincipalKey("staff", null)],
    ["projectUser false", withPrincipalKey("projectUser", false)],
    ["projectUser a string", withPrincipalKey("projectUser", "true")],
    ["projectUser null", withPrincipalKey("projectUser", null)],
    ["resource a list", { ...clone(base), resource: [] }],
    ["resource a string", { ...clone(base), resource: "x" }],
    ["resource null", { ...clone(base), resource: null }],
    ["context a list", { ...clone(base), context: [] }],
    ["context true", { ...clone(base), context: true }],
    ["context null", { ...clone(base), context: null }],
    ["only unknown permission names, 100,000 of them", withPrincipal({ permissions: Array.from({ length: 100_000 }, (_, i) => `Not declared ${i}`) })],
    ["every declared name with a NUL appended", withPrincipal({ permissions: declaredNames(s).map((n) => `${n}\u0000`) })],
    ["every declared name with an unpaired surrogate", withPrincipal({ permissions: declaredNames(s).map((n) => `${n}\udc00`) })],
    ["every declared name in upper case", withPrincipal({ permissions: declaredNames(s).map((n) => n.toUpperCase()) })],
    ["every declared name padded with a space", withPrincipal({ permissions: declaredNames(s).map((n) => ` ${n}`) })],
  ];
  for (const key of s.system.contextKeys) {
    const wrong = key.kind === "flag" ? ["true", 1, null, {}, []] : ["x", [1], null, {}, [null]];
    for (const value of wrong) cases.push([`context ${key.key} = ${JSON.stringify(value)}`, { ...clone(base), context: { ...clone(base.context), [key.key]: value } }]);
    cases.push([`context ${key.key} nested 10,000 deep`, { ...clone(base), context: { ...clone(base.context), [key.key]: nested(10_000, true) } }]);
  }
  for (const attr of s.system.resourceAttributes) {
    const wrong = attr.kind === "flag" ? ["true", 0, null] : attr.kind === "permissionList" ? ["x", [1], null, {}] : [1, null, true, [], {}];
    for (const value of wrong) cases.push([`resource ${attr.name} = ${JSON.stringify(value)}`, { ...clone(base), resource: { ...clone(base.resource), [attr.name]: value } }]);
    cases.push([`resource ${attr.name} nested 10,000 deep`, { ...clone(base), resource: { ...clone(base.resource), [attr.name]: nested(10_000, "x") } }]);
  }
  return cases;
}

describe("fail-closed: malformed requests are denied by every engine", () => {
  it("the request they are made from is allowed by every engine", async () => {
    for (const s of subjects) expect(await answers(s, [s.allowed]), s.system.id).toEqual([{ reference: "allow", engines: every("allow"), regoDirect: true }]);
  });

  it("every malformed request: every engine denies, and the emitted Rego's allow is never true", { timeout: 180_000 }, async () => {
    for (const s of subjects) {
      const cases = malformed(s);
      const got = await answers(s, cases.map(([, request]) => request));
      const wrong = cases.flatMap(([name], i) => {
        const a = got[i]!;
        const fine = a.reference === "deny" && Object.values(a.engines).every((d) => d === "deny") && a.regoDirect !== true;
        return fine ? [] : [`${name}: ${JSON.stringify(a)}`];
      });
      expect(wrong, s.system.id).toEqual([]);
      // cedar-wasm denied by deciding, not by failing: it reports no thrown call.
      for (const engine of s.engines) expect(engine.note ?? "", `${s.system.id} ${engine.name}`).not.toMatch(/threw/);
    }
  });

  it("the emitted Rego denies them itself: its allow is false (not an evaluation error) except where the input cannot be read", () => {
    for (const s of subjects) {
      const errors = malformed(s)
        .filter(([name]) => !/nested 10,000 deep/.test(name))
        .filter(([, request]) => regoDirect(s, request) !== false)
        .map(([name, request]) => `${name}: ${String(regoDirect(s, request))}`);
      expect(errors, s.system.id).toEqual([]);
    }
  });

  it("the reference explains each denial: a malformed request names the field, an unknown action names it", () => {
    const s = subjects[0]!;
    const reason = (request: unknown) => s.reference.decide(request).reasons.join("; ");
    expect(reason(null)).toBe("malformed request: the request must be a JSON object");
    expect(reason({ ...s.allowed, action: 7 })).toBe('malformed request: "action" must be a string');
    expect(reason({ ...s.allowed, principal: { ...s.allowed.principal, permissions: [1] } })).toBe('malformed request: "principal.permissions" must be an array of strings');
    expect(reason({ ...s.allowed, principal: { ...s.allowed.principal, staff: "yes" } })).toBe('malformed request: "principal.staff" must be a boolean');
    expect(reason({ ...s.allowed, action: "no.such.action" })).toBe('unknown action "no.such.action"');
    const key = s.system.contextKeys[0]!;
    expect(reason({ ...s.allowed, context: { [key.key]: nested(10_000, true) } })).toMatch(new RegExp(`^malformed request: "context\\.${key.key}" must be`));
  });
});

describe("fail-closed: well-formed but hostile requests are decided as the reference decides, without crashing", () => {
  /** Requests the contract allows to be read normally; the answer must match the reference's. */
  function wellFormed(s: Subject): Array<[string, unknown]> {
    const base = s.allowed;
    const many = (prefix: string) => Array.from({ length: 100_000 }, (_, i) => `${prefix} ${i}`);
    const cases: Array<[string, unknown]> = [
      ["100,000 unknown permission names besides the needed ones", { ...clone(base), principal: { ...clone(base.principal), permissions: [...many("Not declared"), ...(base.principal.permissions ?? [])] } }],
      ["10,000 undeclared roles besides the request's own", { ...clone(base), principal: { ...clone(base.principal), roles: [...many("Not a role").slice(0, 10_000), ...(base.principal.roles ?? [])] } }],
      ["the needed permissions repeated 10,000 times", { ...clone(base), principal: { ...clone(base.principal), permissions: Array.from({ length: 10_000 }, () => base.principal.permissions ?? []).flat() } }],
      ["undeclared keys everywhere", { ...clone(base), extra: 1, principal: { ...clone(base.principal), colour: "red" }, resource: { ...clone(base.resource), colour: "red" }, context: { ...clone(base.context), colour: "red" } }],
      ["a __proto__ key claiming staff", { ...clone(base), principal: JSON.parse(JSON.stringify({ ...base.principal, staff: undefined }).replace(/^\{/, '{"__proto__": {"staff": true, "projectUser": true},')) }],
      ["a __proto__ key in the context", { ...clone(base), context: JSON.parse(`{"__proto__": ${JSON.stringify(Object.fromEntries(s.system.contextKeys.filter((k) => k.kind === "flag").map((k) => [k.key, true])))}}`) }],
    ];
    for (const key of s.system.contextKeys.filter((k) => k.kind === "permissionList")) {
      cases.push([`context ${key.key} listing 100,000 undeclared names`, { ...clone(base), context: { ...clone(base.context), [key.key]: many("Not declared") } }]);
    }
    return cases;
  }

  it("every engine gives the reference's decision", { timeout: 180_000 }, async () => {
    for (const s of subjects) {
      const cases = wellFormed(s);
      const got = await answers(s, cases.map(([, request]) => request));
      const wrong = cases.flatMap(([name], i) => {
        const a = got[i]!;
        const fine = Object.values(a.engines).every((d) => d === a.reference) && a.regoDirect === (a.reference === "allow");
        return fine ? [] : [`${name}: ${JSON.stringify(a)}`];
      });
      expect(wrong, s.system.id).toEqual([]);
    }
  });

  it("JSON's corner cases in an undeclared key (10,000 levels deep, a number beyond a double, NUL and unpaired surrogates): never an allow the reference denies, never a crash", async () => {
    for (const s of subjects) {
      const cases: Array<[string, unknown]> = [
        ["resource: undeclared key nested 10,000 deep", { ...clone(s.allowed), resource: { ...clone(s.allowed.resource), undeclared: nested(10_000, true) } }],
        ["context: undeclared key nested 10,000 deep", { ...clone(s.allowed), context: { ...clone(s.allowed.context), undeclared: nested(10_000, true) } }],
        ["context: undeclared key holding 1e400", JSON.parse(JSON.stringify({ ...s.allowed, context: { ...s.allowed.context, undeclared: 0 } }).replace('"undeclared":0', '"undeclared":1e400'))],
        ["resource: undeclared key holding 2^64 + 1", JSON.parse(JSON.stringify({ ...s.allowed, resource: { ...s.allowed.resource, undeclared: 0 } }).replace('"undeclared":0', '"undeclared":18446744073709551617'))],
        ["context: undeclared key holding NUL and an unpaired surrogate", { ...clone(s.allowed), context: { ...clone(s.allowed.context), "un\u0000declared\ud800": "\u0000\udfff" } }],
      ];
      const all = await answers(s, cases.map(([, request]) => request));
      for (const [i, [name]] of cases.entries()) {
        const got = all[i]!;
        // Undeclared keys are ignored (docs/semantics.md), so the reference and the Cedar engines (which are sent
        // declared keys only) allow as they allow the base.
        expect(got.reference, name).toBe("allow");
        for (const engine of s.engines.filter((e) => e.name.startsWith("cedar"))) expect(got.engines[engine.name], `${name} ${engine.name}`).toBe("allow");
        // The Rego engines read the whole input before evaluating; input one cannot read (too deep for its parser or
        // recursion, a number no double holds exactly) is an evaluation error, which the engine turns into a deny.
        for (const engine of s.engines) expect(["allow", "deny"], `${name} ${engine.name}`).toContain(got.engines[engine.name]);
        expect([true, "error"], name).toContain(got.regoDirect);
        if (got.engines["rego-embedded"]) expect(got.engines["rego-embedded"] === "allow", name).toBe(got.regoDirect === true);
      }
    }
  });
});

describe("fail-closed: Cedar output checks still reject what Cedar rejects", () => {
  it("a policy scoped to one action that reads an undeclared attribute fails strict validation (validated against the schema narrowed to that action)", () => {
    const s = subjects.find((x) => x.system.id === "maestro")!;
    const output = emitCedar(s.system);
    const action = s.system.actions[0]!.id;
    const bad = `@id("bad-one-action")\npermit (principal, action == Maestro::Action::${JSON.stringify(action)}, resource) when { resource.colour == "red" };\n`;
    const problems = checkOutput({ ...output, policies: output.policies + "\n" + bad }).join("\n");
    expect(problems).toMatch(/policy bad-one-action fails strict validation: .*colour/);
    const unknownAction = bad.replace("bad-one-action", "bad-unknown-action").replace(action, "no.such.action");
    expect(checkOutput({ ...output, policies: output.policies + "\n" + unknownAction }).join("\n")).toMatch(/policy bad-unknown-action fails strict validation/);
    expect(checkOutput(output)).toEqual([]);
  });
});

describe("fail-closed: the CLI", () => {
  const file = (name: string, content: string) => {
    const full = path.join(tmp, name);
    fs.writeFileSync(full, content);
    return full;
  };

  it("a requests file that is not JSON, is empty, or is not an array: exit 2 and the reason, no stack trace", async () => {
    const runs = await Promise.all([
      policyc("decide", "maestro", "--requests", file("broken.json", '[{"action": "forms.edit",')),
      policyc("decide", "maestro", "--requests", file("empty.json", "")),
      policyc("decide", "maestro", "--requests", file("object.json", '{"action": "forms.edit"}')),
      policyc("decide", "maestro", "--requests", file("binary.json", "\u0000\u00ff\ud800garbage")),
      policyc("decide", "maestro", "--requests", path.join(tmp, "missing.json")),
    ]);
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/^policyc: /);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(runs[0]!.stderr).toMatch(/broken\.json is not valid JSON/);
    expect(runs[2]!.stderr).toMatch(/must hold a JSON array of requests/);
    expect(runs[4]!.stderr).toMatch(/missing\.json/);
  });

  it("malformed requests: every engine denies each one, exit 1, and each result says what is wrong", async () => {
    const s = subjects.find((x) => x.system.id === "maestra")!;
    // Everything the engines were asked above except the largest, through one file. JSON.stringify cannot write
    // 10,000 levels (its recursion overflows long before), so the deep request is written out by hand.
    const requests = malformed(s).filter(([name]) => !name.includes("100,000") && !name.includes("nested 10,000 deep"));
    const key = s.system.contextKeys.find((k) => k.kind === "flag")!.key;
    const deep = `{"action": ${JSON.stringify(s.allowed.action)}, "principal": ${JSON.stringify(s.allowed.principal)}, "context": {${JSON.stringify(key)}: ${'{"a": '.repeat(10_000)}true${"}".repeat(10_000)}}}`;
    requests.push([`context ${key} nested 10,000 deep`, null]);
    const text = `[${[...requests.slice(0, -1).map(([, r]) => JSON.stringify(r)), deep].join(",\n")}]`;
    const run = await policyc("decide", "maestra", "--requests", file("malformed.json", text), "--engine", "all", "--json");
    expect(run.code, run.stderr).toBe(1);
    const results = JSON.parse(run.stdout) as Array<{ decision: string; engines: Record<string, string>; reasons: string[] }>;
    expect(results).toHaveLength(requests.length);
    results.forEach((result, i) => {
      const name = requests[i]![0];
      expect(result.engines, name).toEqual({ reference: "deny", ...every("deny") });
      expect(result.reasons.join("; "), name).toMatch(/^(malformed request: .+|unknown action ".*"|the principal is not a user of the project|to (open|do) ".+": needs .+)$/);
    });
  });
});
