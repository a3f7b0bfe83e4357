// The "Engines side by side" section of docs/benchmarks.md, from bench/engine-latency.ts's rows.
import type { EngineRow } from "./engine-latency.ts";

/** One measurement of one system: its rows, or why it did not run. */
export type EngineMeasurement = { subject: string; measurement: string; rows: EngineRow[] } | { subject: string; measurement: string; failed: string };

export interface EngineSubject {
  subject: string;
  label: string;
  system: string;
  actions: number;
  fixtures: number;
  requests: number;
  /** Of the requests, those whose expected decision is allow. */
  allowed: number;
}

/** What each row times, in the table's order. */
export const ENGINE_ROWS: Array<[string, string]> = [
  ["reference", "the reference evaluator (src/eval), decision only, in process"],
  ["cedar-floor", "one `statefulIsAuthorized` call on one permit and one entity (of the system's types): the least any cedar-wasm call costs"],
  ["cedar-wasm", "the cedar-wasm engine: request built and cut to what the action's policies read, one `statefulIsAuthorized` call on those policies"],
  ["cedar-wasm-call", "the same calls, each built before its timer starts: Cedar's part of the decision alone"],
  ["cedar-wasm-whole", "the same calls on the whole policy set (one permit per action and the forbid), as AVP evaluates it"],
  ["cedar-go", "cedar-go on the whole set, timed in Go (`bench/cedar-go-latency`): reading the request JSON (the engine's, entities whole) and `cedar.Authorize`"],
  ["rego-embedded", "the embedded Rego interpreter (src/rego-interpreter): one evaluation of `allow`, in process"],
  ["regorus", "regorus 0.14.1, timed in Rust (`bench/regorus-latency`): setting the input and evaluating `allow`"],
  ["opa-go-floor", "the program of opa-go on a one-line policy (`allow if input.action == \"x\"`, no data), same requests: the least any evaluation of a prepared query costs"],
  ["opa-go", "OPA 1.22.3's Go API, timed in Go (`bench/opa-latency`): the query for `allow` prepared once on the bundle (`rego.PrepareForEval`, data.json in OPA's in-memory store), then one `Eval` per request with the request set as input (read into OPA's values before the timer starts, as the server reads a POST before its eval timer)"],
  ["opa-bench", "`opa bench` deciding every request in one query (`with input as`): its time per run over the requests; a mean only"],
  ["opa-server (OPA's eval timer)", "`opa run --server`, one Data API POST per request: OPA's own `timer_rego_query_eval_ns` (`?metrics=true`)"],
  ["opa-server (HTTP round trip)", "the same POSTs timed by the client on 127.0.0.1: HTTP, JSON and OPA's handler included"],
];

const n = (x: number | null | undefined, digits = 1) => (x === null || x === undefined || Number.isNaN(x) ? "–" : x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const int = (x: number | null | undefined) => (x === null || x === undefined ? "–" : Math.round(x).toLocaleString("en-US"));
const ratio = (a: number | null | undefined, b: number | null | undefined) => (a && b ? `${n(a / b, 2)}×` : "–");
/** A Markdown table: the first column left-aligned, the others (figures) right-aligned. */
export const table = (head: string[], rows: Array<Array<string | number>>) =>
  [`| ${head.join(" | ")} |`, `|${head.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

/** bench/cedar-cost.ts's answer: one cedar-wasm call's cost, piece by piece, in µs. */
export interface CedarCost {
  rows: Array<{ shape: string; us: number }>;
  floor: number;
  perPolicy: number;
  perParent: number;
  perSetItem: number;
  /** The same actions' permits, one per action and grouped into one per page: µs per call on each set. */
  grouped: { policies: number; pages: number; perAction: number; perPage: number };
}

export function renderEngines(subjects: EngineSubject[], measurements: EngineMeasurement[], cedarCost: CedarCost): string {
  const rowFor = (subject: string, engine: string): EngineRow | undefined =>
    measurements.flatMap((m) => (m.subject === subject && "rows" in m ? m.rows : [])).find((r) => r.engine === engine);
  const [maestra, maestro, small, large] = subjects.map((s) => s.subject) as [string, string, string, string];
  const labels = subjects.map((s) => s.label);
  const byEngine = (value: (r: EngineRow) => number | null, format: (x: number | null) => string, lowerIsBetter = true) =>
    ENGINE_ROWS.map(([engine]) => {
      const values = subjects.map((s) => {
        const row = rowFor(s.subject, engine);
        return row ? value(row) : null;
      });
      const [a, b, c, d] = values;
      const ratios = lowerIsBetter ? [ratio(a, b), ratio(d, c)] : [ratio(b, a), ratio(c, d)];
      return [engine, ...values.map(format), ...ratios];
    });
  const head = (what: string) => [what, ...labels, `${labels[0]} / ${labels[1]}`, `${labels[3]} / ${labels[2]}`];
  const failures = measurements.filter((m): m is Extract<EngineMeasurement, { failed: string }> => "failed" in m);
  const wrong = measurements.flatMap((m) => ("rows" in m ? m.rows.filter((r) => r.wrong).map((r) => `${m.subject} ${r.engine}: ${r.wrong} wrong`) : []));

  const mean = (subject: string, engine: string) => rowFor(subject, engine)?.mean ?? null;
  const p50 = (subject: string, engine: string) => rowFor(subject, engine)?.p50 ?? null;
  const verdict = (met: boolean | null) => (met === null ? "not measured" : met ? "**met**" : "**not met**");
  const le = (a: number | null, b: number) => (a === null ? null : a <= b);
  const regorusMean = mean(maestra, "regorus");
  const opaP50 = p50(maestra, "opa-server (OPA's eval timer)");
  const opaGo = p50(maestra, "opa-go");
  const opaFloor = p50(maestra, "opa-go-floor");
  const opaGrowth = [p50(large, "opa-server (OPA's eval timer)"), mean(large, "opa-bench")];
  const floor = p50(maestra, "cedar-floor");
  const sliced = p50(maestra, "cedar-wasm");
  const whole = p50(maestra, "cedar-wasm-whole");
  const cedarAlone = p50(maestra, "cedar-wasm-call");
  const sent = rowFor(maestra, "cedar-wasm-call")?.sent;
  const leastSliced = leastSlicedCall(cedarCost, sent);
  const goals = [
    `regorus at most 100 µs per maestra decision: ${verdict(le(regorusMean, 100))} (mean ${n(regorusMean)} µs, p50 ${n(p50(maestra, "regorus"))} µs); maestra / maestro at most 1.5×: ${verdict(regorusMean && mean(maestro, "regorus") ? regorusMean / mean(maestro, "regorus")! <= 1.5 : null)} (${ratio(regorusMean, mean(maestro, "regorus"))} on the mean, ${ratio(p50(maestra, "regorus"), p50(maestro, "regorus"))} on p50).`,
    `OPA p50 at most 20 µs per maestra decision: ${verdict(le(opaGo, 20))} on OPA's own evaluation through its Go API (p50 ${n(opaGo)} µs, ${ratio(opaGo, opaFloor)} its floor of ${n(opaFloor)} µs; the allowed requests alone ${n(rowFor(maestra, "opa-go")?.p50Allowed)} µs, since a denied request skips the request-shape checks); OPA's server eval timer (p50 ${n(opaP50)} µs) and \`opa bench\` (mean ${n(mean(maestra, "opa-bench"))} µs) time per-query work of their own besides; synthetic ${labels[3]} within 1.5× of maestra: ${verdict(opaGrowth[0] && opaP50 ? opaGrowth[0] / opaP50 <= 1.5 : null)} (${ratio(opaGrowth[0], opaP50)} on the eval timer's p50, ${ratio(p50(large, "opa-go"), opaGo)} on the Go API's, ${ratio(opaGrowth[1], mean(maestra, "opa-bench"))} on \`opa bench\`'s mean).`,
    `Embedded Rego at least as fast as regorus on the same requests: ${subjects
      .map((s) => `${s.label} ${ratio(mean(s.subject, "rego-embedded"), mean(s.subject, "regorus"))} of regorus's mean, ${ratio(p50(s.subject, "rego-embedded"), p50(s.subject, "regorus"))} of its p50`)
      .join("; ")}: ${verdict(subjects.every((s) => (mean(s.subject, "rego-embedded") ?? Infinity) <= (mean(s.subject, "regorus") ?? 0)))} on the means.`,
    `Reference at least 1,000,000 decisions per second on maestra's fixtures: ${verdict((rowFor(maestra, "reference")?.perSecond ?? 0) >= 1e6)} (${subjects.map((s) => `${s.label} ${int(rowFor(s.subject, "reference")?.perSecond)}`).join(", ")}).`,
    `cedar-wasm p50 on maestra at most 1.5× the floor: ${verdict(floor && sliced ? sliced / floor <= 1.5 : null)} (${n(sliced)} µs against ${n(floor)} µs, ${ratio(sliced, floor)}; Cedar's part alone ${n(cedarAlone)} µs, ${ratio(cedarAlone, floor)}; priced by bench/cedar-cost.ts's slopes, which leave out context values and policies' size, a call of the median shape costs at least ${ratio(leastSliced, cedarCost.floor)} the floor measured beside them). The whole set at most 2× the sliced set: ${verdict(whole && sliced ? whole / sliced <= 2 : null)} (${n(whole)} µs, ${ratio(whole, sliced)}).`,
  ];

  return `## Engines side by side
\`bench/engine-inputs.ts\` writes each system's compiled output and requests once; \`bench/engine-latency.ts\` then runs
one engine on them per process. Every engine decides the same requests: every decision fixture of the seeds, an
evenly spaced sample of the synthetic systems' (${subjects.map((s) => `${s.label}: ${int(s.requests)} of ${int(s.fixtures)}`).join("; ")}).
Each decision is timed alone; in-process engines and the Rust and Go programs decide every request once to warm
up, then seven more times, keeping each request's fastest time (the machine is shared: a decision another process
preempted is slow in one round, not in all). Every decision is checked against its fixture${wrong.length ? `, and these differ: ${wrong.join("; ")}` : " (none differs)"}.
Requests the engines deny before any policy is read (malformed, unknown action) are in every row except
cedar-go's, which is never sent them.

${ENGINE_ROWS.map(([engine, what]) => `- **${engine}**: ${what}`).join("\n")}

**p50, µs per decision**

${table(head("engine"), byEngine((r) => r.p50, (x) => n(x)))}

**p50 of the allowed requests alone, µs per decision** (the Rego policy checks a request's shape only once its
requirement holds, so there a denied request costs less than an allowed one; ${subjects.map((s) => `${s.label}: ${int(s.allowed)} of ${int(s.requests)} requests allowed`).join("; ")})

${table(head("engine"), byEngine((r) => r.p50Allowed, (x) => n(x)))}

**p99, µs per decision**

${table(head("engine"), byEngine((r) => r.p99, (x) => n(x)))}

**Decisions per second** (one after the other, on one core: for the engines in process, the requests decided in a row, again and again for at least 50 ms, timed as a whole, best of seven rounds; for the others, the requests over the sum of their fastest single times)

${table(head("engine"), byEngine((r) => r.perSecond, (x) => int(x), false))}

The ratio columns divide the larger system's figure by the smaller's (for decisions per second, the smaller's
rate by the larger's), so each says how much slower a decision is on the larger system.
${failures.length ? `\nNot run: ${failures.map((f) => `${f.subject} ${f.measurement} (${f.failed})`).join("; ")}.\n` : ""}
**Where cedar-wasm's time goes** (maestra, p50): the floor, ${n(floor)} µs, is what any call costs: the call turned
into JSON and parsed by Cedar, each entity uid parsed by Cedar's parser (the four of the floor's call), the answer
back as JSON. A maestra decision adds what its policies need: two policies instead of one (the forbid on every
action and the action's permit; what Cedar spends per policy shows in the whole set, ${n(whole && sliced ? (whole - sliced) / Math.max(1, (subjects[0]?.actions ?? 1) - 1) : null, 2)} µs more
per policy it holds), the user's \`projectUser\` attribute, and one parent per permission the permit tests that the user holds,
each a uid Cedar parses${sent ? ` (the median call sends ${sent.entities} entit${sent.entities === 1 ? "y" : "ies"}, the user with ${sent.attributes} attribute${sent.attributes === 1 ? "" : "s"} and ${sent.parents} parent${sent.parents === 1 ? "" : "s"})` : ""}. Cedar's part alone
(cedar-wasm-call) is ${n(cedarAlone)} µs, ${ratio(cedarAlone, floor)} the floor; building the request in JavaScript and cutting it down is the rest,
${n(sliced !== null && cedarAlone !== null ? sliced - cedarAlone : null)} µs. Priced by the slopes below (measured in a process of their own, so compared with their own floor), a call of
that median shape costs at least ${ratio(leastSliced, cedarCost.floor)} the floor: the permit and the forbid with the attribute
(${n(twoPolicies(cedarCost))} µs there) plus ${n(cedarCost.perParent, 2)} µs a parent, before the context's values and the size of the action's
real permit, which the slopes leave out and which make up the rest of Cedar's part. Before the engine cut requests to what the action's policies read, every request
carried the user's every permission and role, the role entities and \`heldPermissions\`, and was validated
against the schema, which also adds the schema's action entities to every call.

${renderCedarCost(cedarCost, subjects[0]!, sliced, whole)}

The Rego engines (OPA, regorus, the embedded interpreter) all run the same policy.rego: one fixed evaluator that
reads the action's requirement from data.json, so a decision walks that evaluator whatever the action, and the
system's size shows only through data lookups.

**Goals** (issue #16):
${goals.map((g) => `- ${g}`).join("\n")}
`;
}

/** bench/cedar-cost.ts's call of two policies (a permit and the forbid) with the user's one attribute, in µs. */
const twoPolicies = (cost: CedarCost) => cost.rows.find((r) => r.shape.startsWith("two policies"))?.us ?? null;

/** The least a call of the median shape sent can cost at the measured slopes: two policies and the attribute, plus each parent. */
function leastSlicedCall(cost: CedarCost, sent: { parents: number } | undefined): number | null {
  const base = twoPolicies(cost);
  return base === null || !sent ? null : base + sent.parents * cost.perParent;
}

/**
 * What one cedar-wasm call costs piece by piece, and the least the whole set of the first system can cost at the
 * measured per-policy slope: the bound the goal "whole set at most 2x the sliced set" runs into.
 */
function renderCedarCost(cost: CedarCost, subject: EngineSubject, sliced: number | null, whole: number | null): string {
  const policies = subject.actions + 1;
  const least = cost.floor + (policies - 1) * cost.perPolicy;
  const withBodies = cost.rows.find((r) => r.shape.startsWith("250 permits") && r.shape.includes("testing"));
  const fits = sliced ? Math.max(0, Math.floor((2 * sliced - cost.floor) / cost.perPolicy) + 1) : null;
  return `**What one cedar-wasm call costs** (\`bench/cedar-cost.ts\`: calls built for the purpose, each shape called
again and again in rounds of about 20 ms, the best round's mean, µs per call):

${table(["call", "µs"], cost.rows.map((r) => [r.shape, n(r.us)]))}

Slopes (least squares over the rows above): **${n(cost.perPolicy, 2)} µs per policy** in the set even when its scope
does not match the request (the permits of other actions, without conditions; ${withBodies ? `with conditions, whose scope does not match either, ${n((withBodies.us - cost.floor) / 249, 2)} µs each` : "with conditions not measured"});
${n(cost.perParent, 2)} µs per parent of the user (and per \`in\` test);
${n(cost.perSetItem, 2)} µs per item of a set attribute. cedar-wasm passes each call to Cedar as JSON text (\`JSON.stringify\`,
then Cedar's JSON parser, and each entity type through Cedar's name parser) and evaluates every policy of the set,
so a call costs by what it carries and by how many policies it holds. At that slope, the whole set of ${subject.label} (${int(policies)} policies: one permit per action and
the forbid) can cost no less than about ${n(least)} µs${whole ? ` (measured: ${n(whole)} µs)` : ""}; a whole set at most 2× the sliced call
(${n(sliced)} µs) would hold at most ${int(fits)} policies. Fewer, larger policies do not escape the bound: the same
${int(cost.grouped.policies)} actions' permits as ${int(cost.grouped.pages)} policies, one per page of ${int(cost.grouped.policies / cost.grouped.pages)} (the scope lists the page's actions, the condition has one
branch per action), cost ${n(cost.grouped.perPage)} µs a call against ${n(cost.grouped.perAction)} µs as ${int(cost.grouped.policies)} policies (${ratio(cost.grouped.perAction, cost.grouped.perPage)} less):
Cedar's cost follows the size of the set as well as its count, so grouping ${subject.label}'s actions by page would still leave
the whole set several times the sliced call. The generated set keeps one policy per action, each with its
\`@id\`, so that each is one AVP policy and a spec change is a diff of that action's policy alone.`;
}
