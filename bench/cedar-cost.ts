// What one cedar-wasm `statefulIsAuthorized` call costs, piece by piece, on calls built for the purpose (in its own
// process): the floor, then one thing added at a time (a policy, an attribute, parents, a set in an attribute), then
// policy sets of growing size whose extra permits are for other actions. The slopes say what each piece costs, so
// the engine's figures in docs/benchmarks.md can be read against them: the whole set of a system with one permit
// per action can cost no less than the floor plus its number of policies times the per-policy slope.
// Usage: node --import tsx bench/cedar-cost.ts       Prints one JSON line.
import "../src/targets/cedar/wasm-workaround.ts";
import { preparsePolicySet, statefulIsAuthorized, type StatefulAuthorizationCall } from "@cedar-policy/cedar-wasm/nodejs";

/** Each round lasts about this long: short rounds, many of them, so that one a busy machine preempted is outdone by the others. */
const ROUND_MS = 20;
const ROUNDS = 15;

/** Mean µs per call in a round, the best of ROUNDS rounds after warming up; the answer must be `expected`. */
function measure(call: StatefulAuthorizationCall, expected: "allow" | "deny"): number {
  const answer = statefulIsAuthorized(call);
  if (answer.type !== "success" || answer.response.decision !== expected) throw new Error(`cedar-cost: unexpected answer ${JSON.stringify(answer)}`);
  const round = (calls: number) => {
    const started = performance.now();
    for (let i = 0; i < calls; i++) statefulIsAuthorized(call);
    return ((performance.now() - started) * 1000) / calls;
  };
  const calls = Math.max(20, Math.round((ROUND_MS * 1000) / round(200)));
  let best = Infinity;
  for (let i = 0; i < ROUNDS; i++) best = Math.min(best, round(calls));
  return best;
}

const uid = (type: string, id: string) => ({ type: `Bench::${type}`, id });
const permission = (i: number) => uid("Permission", `p${i}`);
const requested = (i: number) => `permit (principal, action == Bench::Action::"a${i}", resource);`;
const tests = (k: number) => Array.from({ length: k }, (_, i) => `principal in Bench::Permission::"p${i}"`).join(" && ");

function policySet(id: string, policies: string[]): string {
  const answer = preparsePolicySet(id, { staticPolicies: Object.fromEntries(policies.map((text, i) => [`policy${i}`, text])) });
  if (answer.type === "failure") throw new Error(`cedar-cost: ${JSON.stringify(answer.errors)}`);
  return id;
}

function call(set: string, user: { attrs?: Record<string, unknown>; parents?: number } | null): StatefulAuthorizationCall {
  const principal = uid("User", "u");
  const entities = user ? [{ uid: principal, attrs: user.attrs ?? {}, parents: Array.from({ length: user.parents ?? 0 }, (_, i) => permission(i)) }] : [];
  return { principal, action: uid("Action", "a0"), resource: uid("Resource", "r"), context: {}, entities, preparsedPolicySetId: set } as StatefulAuthorizationCall;
}

const rows: Array<{ shape: string; us: number }> = [];
const row = (shape: string, us: number) => rows.push({ shape, us: Number(us.toFixed(2)) });

const one = policySet("one", [requested(0)]);
measure(call(one, {}), "allow"); // warms up the engine and the JIT: the first shape measured is not slower for being first
const floor = measure(call(one, {}), "allow");
row("floor: one permit, the user entity alone", floor);
row("no entity at all", measure(call(one, null), "allow"));
row("the user with one Bool attribute", measure(call(one, { attrs: { projectUser: true } }), "allow"));
const forbid = 'forbid (principal, action, resource) unless { principal has projectUser && principal.projectUser == true };';
row("two policies: the permit and a forbid unless that attribute", measure(call(policySet("two", [requested(0), forbid]), { attrs: { projectUser: true } }), "allow"));

const PARENTS = [1, 2, 4, 8, 16];
const parentCosts = PARENTS.map((k) => {
  const us = measure(call(policySet(`in${k}`, [`${requested(0).slice(0, -1)} when { ${tests(k)} };`]), { parents: k }), "allow");
  row(`a permit testing ${k} permission${k === 1 ? "" : "s"} with \`in\`, the user with ${k} parent${k === 1 ? "" : "s"}`, us);
  return us;
});
const held = policySet("held", [`${requested(0).slice(0, -1)} when { principal has held && principal.held.contains("p0") };`]);
const stringCosts = PARENTS.map((k) => {
  const us = measure(call(held, { attrs: { held: Array.from({ length: k }, (_, i) => `p${i}`) } }), "allow");
  row(`the user with a Set<String> of ${k} item${k === 1 ? "" : "s"} (one \`contains\` test)`, us);
  return us;
});

const SIZES = [1, 10, 100, 250, 1000];
const wholeCosts = SIZES.map((size) => {
  const set = policySet(`whole${size}`, Array.from({ length: size }, (_, i) => requested(i)));
  const us = measure(call(set, {}), "allow");
  row(`${size} permit${size === 1 ? "" : "s"}, one per action, no conditions`, us);
  return us;
});
const bodies = policySet("bodies", Array.from({ length: 250 }, (_, i) => `${requested(i).slice(0, -1)} when { ${tests(3)} || principal in Bench::Role::"r" };`));
row("250 permits, one per action, each testing four entities", measure(call(bodies, { parents: 3 }), "allow"));

// The same 450 actions' permits grouped by page, ten actions a page: one permit per page whose scope lists its ten
// actions and whose condition has one branch per action. Fewer policies, as large in all.
const PAGES = 45;
const ROW = 10;
const rowTest = (a: number) => `(action == Bench::Action::"a${a}" && ${tests(3)})`;
const perAction = policySet("per-action", Array.from({ length: PAGES * ROW }, (_, a) => `${requested(a).slice(0, -1)} when { ${tests(3)} };`));
const actionsOf = (page: number) => Array.from({ length: ROW }, (_, r) => page * ROW + r);
const perPage = policySet(
  "per-page",
  Array.from({ length: PAGES }, (_, page) => `permit (principal, action in [${actionsOf(page).map((a) => `Bench::Action::"a${a}"`).join(", ")}], resource) when { ${actionsOf(page).map(rowTest).join(" || ")} };`),
);
const grouped = { perAction: measure(call(perAction, { parents: 3 }), "allow"), perPage: measure(call(perPage, { parents: 3 }), "allow") };
row(`${PAGES * ROW} permits, one per action, each testing three permissions (the user with three parents)`, grouped.perAction);
row(`the same ${PAGES * ROW} actions as ${PAGES} permits, one per page of ${ROW} (\`action in\` the ${ROW}, a branch per action)`, grouped.perPage);

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  return xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
}

console.log(
  JSON.stringify({
    rows,
    floor: Number(floor.toFixed(2)),
    perPolicy: Number(slope(SIZES, wholeCosts).toFixed(3)),
    perParent: Number(slope(PARENTS, parentCosts).toFixed(3)),
    perSetItem: Number(slope(PARENTS, stringCosts).toFixed(3)),
    grouped: { policies: PAGES * ROW, pages: PAGES, perAction: Number(grouped.perAction.toFixed(2)), perPage: Number(grouped.perPage.toFixed(2)) },
  }),
);
