// Cedar decision latency of the generated policies, against a naive single-policy encoding of the same system.
// Usage: node --import tsx bench/cedar-latency.ts <spec file>
// Every decision fixture that reaches Cedar (request-shape fixtures are denied before it) is decided with
// statefulIsAuthorized on preparsed policies and schema, as the Cedar engine decides, in three encodings:
//   per-action  the generated policies, each request given only the policies whose scope admits its action (the engine's way)
//   whole set   the generated policies as one set: one permit per action plus the project-user forbid
//   naive       one permit whose condition is `(action == A && requirement of A) || ...` over every action, plus the forbid
// Each call is timed on its own after a warm-up pass; every encoding must give every fixture its expected decision.
// Prints one JSON line.
import { preparsePolicySet, preparseSchema, statefulIsAuthorized } from "@cedar-policy/cedar-wasm/nodejs";
import { buildSystem } from "../src/compile/build-system.ts";
import { loadSpec } from "../src/compile/load-specs.ts";
import { emitCedar } from "../src/targets/cedar/index.ts";
import { entityUid } from "../src/targets/cedar/entities.ts";
import { cedarString } from "../src/targets/cedar/identifiers.ts";
import { policiesById, type ParsedPolicy } from "../src/targets/cedar/validate.ts";
import { cedarEntitiesFor, type CedarRequest } from "../src/runtime/cedar-request.ts";
import { decisionOf } from "../src/engines/cedar-wasm/index.ts";
import { generateFixtures } from "../src/verify/fixtures.ts";

const specFile = process.argv[2] ?? "spec/maestra.ts";
const system = buildSystem((await loadSpec(specFile)).builder);
const output = emitCedar(system);
const parsed = policiesById(output.policies);
if (!parsed.ok) throw new Error(parsed.problem);
const policies = parsed.value;

const cases: Array<{ request: CedarRequest; expected: string }> = [];
for (const fixture of generateFixtures(system).fixtures) {
  const built = cedarEntitiesFor(system, fixture.request);
  if (built.ok) cases.push({ request: built.request, expected: fixture.expected });
}

/** The condition of a generated permit: the text of its `when { ... }` clause. */
function conditionOf(policy: ParsedPolicy): string {
  // The formatter writes `when {` on one line or `when` and `{` on two; the scope before it holds no brace.
  const open = /\)\s*when\s*\{/.exec(policy.text);
  if (!open) throw new Error(`no when clause in ${policy.text}`);
  return policy.text.slice(open.index + open[0].length, policy.text.lastIndexOf("}")).trim();
}

/** `a || b || ...` as a balanced tree, so the expression stays shallow however many actions there are. */
function balancedOr(terms: string[]): string {
  if (terms.length === 1) return terms[0]!;
  const middle = Math.ceil(terms.length / 2);
  return `(${balancedOr(terms.slice(0, middle))}) || (${balancedOr(terms.slice(middle))})`;
}

const actionType = entityUid(system, "action", "").type;
const scopedTo = (policy: ParsedPolicy): string | null => {
  if (policy.action.op !== "==" || !("entity" in policy.action)) return null;
  const uid = "__entity" in policy.action.entity ? policy.action.entity.__entity : policy.action.entity;
  return uid.type === actionType ? uid.id : null;
};
const permits = [...policies].filter(([, p]) => scopedTo(p) !== null);
const unscoped = Object.fromEntries([...policies].filter(([, p]) => scopedTo(p) === null).map(([id, p]) => [id, p.text]));
const naiveText = `permit (principal, action, resource) when { ${balancedOr(
  permits.map(([, p]) => `(action == ${actionType}::${cedarString(scopedTo(p)!)} && (${conditionOf(p)}))`),
)} };`;

const schemaId = "bench-schema";
const check = (answer: { type: string; errors?: unknown }) => {
  if (answer.type === "failure") throw new Error(JSON.stringify(answer.errors));
};
check(preparseSchema(schemaId, output.schema));

interface Encoding {
  name: string;
  /** The preparsed policy set to ask for a request. */
  setFor: (request: CedarRequest) => string;
  preparseSeconds: number;
  policies: number;
  bytes: number;
}

function preparse(id: string, staticPolicies: Record<string, string>): number {
  const started = performance.now();
  check(preparsePolicySet(id, { staticPolicies }));
  return (performance.now() - started) / 1000;
}

const all = Object.fromEntries([...policies].map(([id, p]) => [id, p.text]));
const encodings: Encoding[] = [];
{
  let seconds = 0;
  let bytes = 0;
  const ids = new Map<string, string>();
  for (const [id, policy] of permits) {
    const part = { ...unscoped, [id]: policy.text };
    ids.set(scopedTo(policy)!, `bench-per-action-${id}`);
    seconds += preparse(`bench-per-action-${id}`, part);
    bytes = Math.max(bytes, Object.values(part).join("\n").length);
  }
  encodings.push({ name: "per-action", setFor: (r) => ids.get(r.action.id)!, preparseSeconds: seconds, policies: Object.keys(unscoped).length + 1, bytes });
}
encodings.push({ name: "whole set", setFor: () => "bench-whole", preparseSeconds: preparse("bench-whole", all), policies: policies.size, bytes: output.policies.length });
encodings.push({
  name: "naive single permit",
  setFor: () => "bench-naive",
  preparseSeconds: preparse("bench-naive", { ...unscoped, naive: naiveText }),
  policies: Object.keys(unscoped).length + 1,
  bytes: naiveText.length,
});

function decideAll(encoding: Encoding, timings?: number[]): number {
  let wrong = 0;
  for (const { request, expected } of cases) {
    const started = performance.now();
    const answer = statefulIsAuthorized({ ...request, preparsedSchemaName: schemaId, preparsedPolicySetId: encoding.setFor(request), validateRequest: true });
    timings?.push((performance.now() - started) * 1000);
    if (decisionOf(answer) !== expected) wrong++;
  }
  return wrong;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
/** Rounds per encoding, interleaved so a burst of load on a shared machine does not fall on one encoding only; the fastest is kept. */
const ROUNDS = 3;
const rounds = new Map<string, Array<{ timings: number[]; seconds: number; wrong: number }>>();
for (const encoding of encodings) decideAll(encoding);
for (let round = 0; round < ROUNDS; round++) {
  for (const encoding of encodings) {
    const timings: number[] = [];
    const started = performance.now();
    const wrong = decideAll(encoding, timings);
    const list = rounds.get(encoding.name) ?? [];
    list.push({ timings: timings.sort((a, b) => a - b), seconds: (performance.now() - started) / 1000, wrong });
    rounds.set(encoding.name, list);
  }
}
const results = encodings.map((encoding) => {
  const all = rounds.get(encoding.name)!;
  const best = all.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return {
    encoding: encoding.name,
    policiesPerRequest: encoding.policies,
    largestSetBytes: encoding.bytes,
    preparseSeconds: Number(encoding.preparseSeconds.toFixed(3)),
    decisions: cases.length,
    wrong: Math.max(...all.map((r) => r.wrong)),
    medianMicros: Number(quantile(best.timings, 0.5).toFixed(1)),
    p99Micros: Number(quantile(best.timings, 0.99).toFixed(1)),
    meanMicros: Number(((best.seconds * 1e6) / cases.length).toFixed(1)),
    decisionsPerSecond: Math.round(cases.length / best.seconds),
  };
});
console.log(JSON.stringify({ system: system.id, actions: system.actions.length, results }));
