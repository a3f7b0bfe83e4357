// The emitted Cedar fails closed on its own, outside policyc: decided by Cedar with request validation off and
// Cedar's raw answer taken as it is (an erroring policy is skipped, as every Cedar caller sees it, rather than
// turned into deny as policyc's engines do), every fixture is decided as the reference decides it; and with any
// one attribute of the user, the resource or the context removed or of the wrong type, or the user or resource
// entity missing, no request is allowed that the reference denies for the same request with that part omitted
// (policyc's meaning of an omission: a flag off, a list empty, an attribute that satisfies no condition). An
// application, cedar-agent or AVP caller that forgets an attribute, or sends a wrong one, gains nothing by it.
import path from "node:path";
import { preparsePolicySet, statefulIsAuthorized, type CedarValueJson, type EntityJson } from "@cedar-policy/cedar-wasm/nodejs";
import { beforeAll, describe, expect, it } from "vitest";
import { loadSystems } from "../src/compile/compile.ts";
import { cedarEntitiesFor, type CedarRequest } from "../src/runtime/cedar-request.ts";
import { ReferenceEvaluator } from "../src/eval/decide.ts";
import type { PolicyRequest } from "../src/eval/request.ts";
import type { SystemIR } from "../src/ir/types.ts";
import { emitCedar } from "../src/targets/cedar/index.ts";
import { PROJECT_USER_POLICY } from "../src/targets/cedar/policies.ts";
import { policiesById, policyTexts } from "../src/targets/cedar/validate.ts";
import { generateFixtures, type Fixture } from "../src/verify/fixtures.ts";
import { clubSystem } from "./cedar-constructs-system.ts";

const ROOT = path.resolve(import.meta.dirname, "..");

interface Subject {
  system: SystemIR;
  reference: ReferenceEvaluator;
  fixtures: Fixture[];
  /** The written policy set, keyed by @id. */
  policies: Record<string, string>;
  /** Per action, the @ids of the policies whose scope admits it (its permit and the forbid on every action). */
  applying: Map<string, string[]>;
}

const subjects: Subject[] = [];

beforeAll(async () => {
  for (const dir of ["spec", "test/golden/constructs/spec", "test/golden/language/spec"]) {
    for (const { system } of await loadSystems(path.join(ROOT, dir))) {
      subjects.push(subject(system));
    }
  }
  subjects.push(subject(clubSystem()));
  expect(subjects.map((s) => s.system.id).sort()).toEqual(["club", "maestra", "maestro", "shop", "tracker"]);
});

function subject(system: SystemIR): Subject {
  const parsed = policiesById(emitCedar(system).policies);
  if (!parsed.ok) throw new Error(parsed.problem);
  const files = emitCedar(system).policyFiles;
  const applying = new Map(system.actions.map((a) => [a.id, files.filter((f) => f.action === null || f.action === a.id).map((f) => f.id)]));
  return { system, reference: new ReferenceEvaluator(system), fixtures: generateFixtures(system).fixtures, policies: policyTexts(parsed.value), applying };
}

let setCount = 0;
/**
 * A raw Cedar decider over a policy set: no schema, no request validation, errors not turned into deny. Each
 * request is decided on the policies whose scope admits its action (as the cedar-wasm engine does: a policy
 * scoped to another action never applies), which is several times faster than the whole set and decides the same.
 */
function rawCedar(subject: Subject, policies: Record<string, string>) {
  const setIds = new Map<string, string>();
  for (const [action, ids] of subject.applying) {
    const id = `fail-closed-${setCount++}`;
    const preparsed = preparsePolicySet(id, { staticPolicies: Object.fromEntries(ids.map((p) => [p, policies[p]!])) });
    if (preparsed.type === "failure") throw new Error(preparsed.errors.map((e) => e.message).join("\n"));
    setIds.set(action, id);
  }
  return (request: CedarRequest, entities: EntityJson[] = request.entities) => {
    const answer = statefulIsAuthorized({ ...request, entities, preparsedPolicySetId: setIds.get(request.action.id)!, validateRequest: false });
    if (answer.type === "failure") throw new Error(answer.errors.map((e) => e.message).join("\n"));
    return { decision: answer.response.decision, errors: answer.response.diagnostics.errors.length };
  };
}

/** One way a caller can get part of a request wrong: the Cedar request it sends, and the policyc request that omits that part. */
interface Omission {
  what: string;
  cedar: CedarRequest;
  entities: EntityJson[];
  /** The policyc request with the same part omitted; the user's heldPermissions has none, so it is the request itself. */
  request: PolicyRequest;
}

/** A value of another type than `value`, as a caller that skips validation might send: a bool as text, text as a bool, a set or entity as text. */
function confused(value: unknown): CedarValueJson {
  if (typeof value === "boolean") return String(value);
  if (typeof value === "string") return true;
  return JSON.stringify(value);
}

/** The ways one attribute of a record can go wrong: left out, or sent with the wrong type. */
function spoiled<T extends Record<string, CedarValueJson>>(record: T, attr: string): Array<[string, T]> {
  const without = Object.fromEntries(Object.entries(record).filter(([k]) => k !== attr)) as T;
  return [
    ["removed", without],
    ["of the wrong type", { ...record, [attr]: confused(record[attr]) }],
  ];
}

/**
 * Each way a caller can get part of a request wrong: one attribute of the user or resource, or one context key,
 * removed or of the wrong type, or a whole entity missing. Cedar must then decide no more than the reference
 * does for the policyc request with that part omitted.
 */
function omissions(cedar: CedarRequest, request: PolicyRequest): Omission[] {
  const out: Omission[] = [];
  const user = cedar.entities[0]!;
  const resource = cedar.entities[1]!;
  const without = (record: Record<string, unknown> | undefined, key: string) => Object.fromEntries(Object.entries(record ?? {}).filter(([k]) => k !== key));
  for (const attr of Object.keys(user.attrs)) {
    // A user without a boolean projectUser is not known to be a project user, so Cedar must decide no more than
    // the reference does for the request as it was (policyc's own requests say true when they omit it).
    const kept = attr === "heldPermissions" || attr === "projectUser";
    const principal = kept ? request.principal : (without(request.principal, attr) as PolicyRequest["principal"]);
    for (const [how, attrs] of spoiled(user.attrs, attr)) {
      out.push({ what: `principal.${attr} ${how}`, cedar, entities: [{ ...user, attrs }, ...cedar.entities.slice(1)], request: { ...request, principal } });
    }
  }
  out.push({ what: "the principal entity missing", cedar, entities: cedar.entities.slice(1), request });
  for (const attr of Object.keys(resource.attrs)) {
    for (const [how, attrs] of spoiled(resource.attrs, attr)) {
      const entities = [user, { ...resource, attrs }, ...cedar.entities.slice(2)];
      out.push({ what: `resource.${attr} ${how}`, cedar, entities, request: { ...request, resource: without(request.resource, attr) } });
    }
  }
  out.push({ what: "the resource entity missing", cedar, entities: [user, ...cedar.entities.slice(2)], request: { ...request, resource: {} } });
  for (const key of Object.keys(cedar.context)) {
    for (const [how, context] of spoiled(cedar.context, key)) {
      out.push({ what: `context.${key} ${how}`, cedar: { ...cedar, context }, entities: cedar.entities, request: { ...request, context: without(request.context, key) } });
    }
  }
  return out;
}

/** Every fixture decided raw, then each omission of it: the decisions that differ from the reference, or allow what it denies. */
function violations(subject: Subject, policies: Record<string, string>): { decided: number; wrong: string[] } {
  const decide = rawCedar(subject, policies);
  const wrong: string[] = [];
  let decided = 0;
  for (const fixture of subject.fixtures) {
    const built = cedarEntitiesFor(subject.system, fixture.request);
    if (!built.ok) continue; // Malformed or unknown: denied before Cedar is asked.
    const whole = decide(built.request);
    decided++;
    if (whole.decision !== fixture.expected || whole.errors) wrong.push(`${fixture.id}: ${whole.decision} with ${whole.errors} errors, reference ${fixture.expected}`);
    for (const omission of omissions(built.request, fixture.request as PolicyRequest)) {
      decided++;
      if (decide(omission.cedar, omission.entities).decision === "deny") continue;
      const reference = subject.reference.decide(omission.request).decision;
      if (reference === "deny") wrong.push(`${fixture.id}, ${omission.what}: allow, reference deny`);
    }
  }
  return { decided, wrong };
}

describe("Cedar fails closed without policyc", () => {
  it("decides every fixture as the reference, and never allows more with an attribute missing or mistyped, or an entity missing", () => {
    for (const subject of subjects) {
      const { decided, wrong } = violations(subject, subject.policies);
      expect(wrong, subject.system.id).toEqual([]);
      expect(decided).toBeGreaterThan(subject.fixtures.length);
    }
  });

  it("keeps out a user whose projectUser is missing, false or not a boolean, whatever it holds", () => {
    for (const subject of subjects) {
      const decide = rawCedar(subject, subject.policies);
      // An action open to non-members lets some of them in by its own permit; every other action keeps them out.
      const closed = new Set(subject.system.actions.filter((a) => a.nonMembers === null).map((a) => a.id));
      const allowed = subject.fixtures.find((f) => f.expected === "allow" && f.kind !== "request" && closed.has((f.request as PolicyRequest).action))!;
      const built = cedarEntitiesFor(subject.system, allowed.request);
      if (!built.ok) throw new Error(built.problem);
      const [user, ...others] = built.request.entities as [CedarRequest["entities"][number], ...CedarRequest["entities"]];
      expect(decide(built.request).decision).toBe("allow");
      for (const projectUser of [undefined, false, "true", 1]) {
        const { projectUser: _, ...attrs } = user.attrs;
        const variant = projectUser === undefined ? attrs : { ...attrs, projectUser };
        expect(decide(built.request, [{ ...user, attrs: variant as typeof attrs }, ...others]).decision, `${subject.system.id} projectUser ${projectUser}`).toBe("deny");
      }
    }
  });

  it("catches the fail-open forbid it replaced", () => {
    // The project-user rule as it was written before: a user without `projectUser` makes it error, Cedar skips
    // it, and the permit allows. The same check must find that.
    const maestro = subjects.find((s) => s.system.id === "maestro")!;
    const old = '@id("not-a-project-user")\nforbid (principal, action, resource)\nwhen { !principal.projectUser };';
    const { wrong } = violations(maestro, { ...maestro.policies, [PROJECT_USER_POLICY]: old });
    expect(wrong.some((w) => w.includes("principal.projectUser removed: allow, reference deny"))).toBe(true);
  });
});
