// One engine deciding one system's bench requests (written by bench/engine-inputs.ts), each decision timed alone.
// Usage: node --import tsx bench/engine-latency.ts <inputs dir> <measurement>
// Measurements (each what a row of docs/benchmarks.md's engine table says it is):
//   reference          the reference evaluator (src/eval), decision only
//   cedar-wasm         the cedar-wasm engine's decide: request built, cut to what the action's policies read, one
//                      statefulIsAuthorized call on the action's policies (src/engines/cedar-wasm/preparsed.ts)
//   cedar-wasm-call    the same calls, each built before its timer starts: Cedar's part alone
//   cedar-wasm-whole   the same calls on the whole policy set, as AVP evaluates it
//   cedar-floor        one statefulIsAuthorized call on one permit and one entity (the system's entity types):
//                      what any call costs, whatever it asks
//   cedar-go           cedar-go (bench/cedar-go-latency): reading the request JSON and cedar.Authorize on the
//                      whole set, timed in Go
//   rego-embedded      the embedded Rego interpreter's decide (src/rego-interpreter)
//   regorus            regorus (bench/regorus-latency): setting the input and evaluating `allow`, timed in Rust
//   opa-go             OPA's Go API (bench/opa-latency): the query for `allow` prepared once on the bundle, then one
//                      Eval of it per request with the request as input, timed in Go
//   opa-go-floor       the same program on a one-line policy (`allow if input.action == "x"`, no data): what any
//                      Eval of a prepared query costs with these inputs, whatever the policy
//   opa-bench          `opa bench` on every request at once (`with input as`): OPA's mean per decision only
//   opa-server         `opa run --server`, each request one POST of the Data API from this process: the
//                      round trip, and OPA's own evaluation timer from `?metrics=true`
// In-process engines, and bench/'s Rust and Go programs, decide every request once as a warm-up, then in seven
// rounds, and keep each request's fastest time.
// Every decision is checked against its fixture. Prints one JSON line: the measurement's rows.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { preparsePolicySet, statefulIsAuthorized, type EntityUidJson } from "@cedar-policy/cedar-wasm/nodejs";
import type { Decision } from "../src/eval/decide.ts";
import { ReferenceEvaluator } from "../src/eval/decide.ts";
import type { SystemIR } from "../src/ir/types.ts";
import { decisionOf, preparseCedar } from "../src/engines/cedar-wasm/preparsed.ts";
import { regoEmbeddedEngine } from "../src/engines/rego-embedded/index.ts";
import { findTool } from "../src/engines/tools.ts";
import { builderFor } from "../src/runtime/cedar-request.ts";
import { policyTexts } from "../src/targets/cedar/parsed-policies.ts";
import { entityUid } from "../src/targets/cedar/entities.ts";
import { startOpa } from "../test/support/opa-server.ts";
import { benchProgram } from "./bench-programs.ts";

const [dir = "bench-inputs", measurement = "reference"] = process.argv.slice(2);
const about = JSON.parse(fs.readFileSync(path.join(dir, "about.json"), "utf8")) as { system: string; allowRef: string };
const system = JSON.parse(fs.readFileSync(path.join(dir, "ir.json"), "utf8")) as SystemIR;
const allCases = fs
  .readFileSync(path.join(dir, "requests.jsonl"), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line) as { request: unknown; expected: Decision });
/**
 * The whole Cedar set of a 10,000-action system costs tens of milliseconds a decision, so its 2,400 requests took
 * 17 minutes of a run: such slow measurements take an evenly spaced 240 of them, which still gives a p99.
 */
const SLOW_SAMPLE = 240;
const slow = measurement === "cedar-wasm-whole" && system.actions.length > 1000;
const cases = slow ? Array.from({ length: Math.min(SLOW_SAMPLE, allCases.length) }, (_, i) => allCases[Math.floor((i * allCases.length) / Math.min(SLOW_SAMPLE, allCases.length))]!) : allCases;
const cedarFiles = { schema: fs.readFileSync(path.join(dir, "cedar/schema.cedarschema"), "utf8"), policies: fs.readFileSync(path.join(dir, "cedar/policies.cedar"), "utf8") };
const regoDir = path.join(dir, "rego");

export interface EngineRow {
  /** The row's name: the measurement's, or for opa-server what of it is timed. */
  engine: string;
  decisions: number;
  /** Decisions that differ from the fixture's (must be 0), or null where the engine's answers are not per request. */
  wrong: number | null;
  p50: number | null;
  /** p50 of the requests whose expected decision is allow alone: engines that stop early on a deny are slower on these. */
  p50Allowed: number | null;
  p99: number | null;
  mean: number;
  perSecond: number;
  /** For cedar-wasm-call, what the median call sends: the user's parents and attributes, and its entities. */
  sent?: { parents: number; attributes: number; entities: number };
}

const ROUNDS = 7;
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
/** A row from each decision's microseconds. */
function rowOf(engine: string, micros: number[], wrong: number | null, expected: Decision[] = cases.map((c) => c.expected)): EngineRow {
  const sorted = [...micros].sort((a, b) => a - b);
  const total = micros.reduce((a, b) => a + b, 0);
  // `expected` holds the decision expected of each timed request, in order, when there is one per request.
  const allowed = micros.length === expected.length ? micros.filter((_, i) => expected[i] === "allow").sort((a, b) => a - b) : [];
  return {
    engine,
    decisions: micros.length,
    wrong,
    p50: quantile(sorted, 0.5),
    p50Allowed: allowed.length ? quantile(allowed, 0.5) : null,
    p99: quantile(sorted, 0.99),
    mean: total / micros.length,
    perSecond: (micros.length * 1e6) / total,
  };
}

/**
 * Decide every request with `decide`, once to warm up and then in ROUNDS rounds; each request's fastest time is
 * kept. The machine is shared: a decision that another process preempted is slow in one round, not in all.
 */
function inProcess(engine: string, decide: (request: unknown) => Decision, expectedOf = (c: (typeof cases)[number]) => c.expected): EngineRow {
  cases.forEach((c) => decide(c.request));
  const fastest = cases.map(() => Infinity);
  let wrong = 0;
  for (let round = 0; round < ROUNDS; round++) {
    cases.forEach((c, i) => {
      const started = performance.now();
      const decision = decide(c.request);
      fastest[i] = Math.min(fastest[i]!, (performance.now() - started) * 1000);
      if (round === 0 && decision !== expectedOf(c)) wrong++;
    });
  }
  // Throughput is every request decided in a row, timed as a whole: a timer read around each decision costs more
  // than a reference decision itself, so the sum of single timings understates what an application gets.
  // Each round repeats the requests for at least 50 ms, so one garbage collection or preemption cannot be most of it.
  let best = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    let decided = 0;
    while (performance.now() - started < 50) {
      for (const c of cases) decide(c.request);
      decided += cases.length;
    }
    best = Math.max(best, decided / ((performance.now() - started) / 1000));
  }
  return { ...rowOf(engine, fastest, wrong), perSecond: best };
}

/**
 * A program of bench/ that times each decision itself: its nanoseconds, and its allowed count checked against the
 * expected count; a program that also says which lines it allowed (`allows`) has each checked against `expected`,
 * the decision expected of each line (the fixtures' by default).
 */
function timedByProgram(engine: string, program: string, args: string[], lines: string[], expected = cases.map((c) => c.expected)): EngineRow {
  const run = spawnSync(program, args, { input: lines.join("\n") + "\n", encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`${program} failed: ${run.stderr}`);
  const { nanos, allowed, allows } = JSON.parse(run.stdout) as { nanos: number[]; allowed: number; allows?: boolean[] };
  const wrong = allows ? allows.filter((allow, i) => (allow ? "allow" : "deny") !== expected[i]).length : Math.abs(allowed - expected.filter((d) => d === "allow").length);
  return rowOf(engine, nanos.map((n) => n / 1000), wrong, expected);
}

type PreparsedCedar = ReturnType<typeof preparseCedar>;

/** The cedar-wasm engine's calls, on the action's policies as the engine asks them or on the whole set. */
function cedarWasmRow(whole: boolean, { policies, callFor }: PreparsedCedar): EngineRow {
  const wholeId = `bench-whole-${about.system}`;
  if (whole) {
    const preparsed = preparsePolicySet(wholeId, { staticPolicies: policyTexts(policies) });
    if (preparsed.type === "failure") throw new Error(JSON.stringify(preparsed.errors));
  }
  return inProcess(whole ? "cedar-wasm-whole" : "cedar-wasm", (request) => {
    const prepared = callFor(request);
    if (!prepared.ok) return "deny";
    return decisionOf(statefulIsAuthorized(whole ? { ...prepared.call, preparsedPolicySetId: wholeId } : prepared.call));
  });
}

/**
 * The cedar-wasm engine's calls on the action's policies, each built before its timer starts: Cedar's part of a
 * decision alone. The row also says what the median call carries (policies, the user's parents and attributes),
 * which bench/cedar-cost.ts's slopes price.
 */
function cedarWasmCallRow({ callFor }: PreparsedCedar): EngineRow {
  const calls = new Map(cases.map((c) => [c.request, callFor(c.request)]));
  const sent = [...calls.values()].flatMap((prepared) => (prepared.ok ? [prepared.call] : []));
  const median = (values: number[]) => (values.length ? quantile(values.sort((a, b) => a - b), 0.5) : 0);
  const key = (uid: EntityUidJson) => JSON.stringify("__entity" in uid ? uid.__entity : uid);
  const user = (call: (typeof sent)[number]) => call.entities.find((e) => key(e.uid) === key(call.principal));
  const row = inProcess("cedar-wasm-call", (request) => {
    const prepared = calls.get(request)!;
    return prepared.ok ? decisionOf(statefulIsAuthorized(prepared.call)) : "deny";
  });
  return {
    ...row,
    sent: {
      parents: median(sent.map((call) => user(call)?.parents.length ?? 0)),
      attributes: median(sent.map((call) => Object.keys(user(call)?.attrs ?? {}).length)),
      entities: median(sent.map((call) => call.entities.length)),
    },
  };
}

/** One permit and one entity, the same call every time (it allows): what any statefulIsAuthorized call costs. */
function cedarFloorRow(): EngineRow {
  const floorId = "bench-floor";
  preparsePolicySet(floorId, { staticPolicies: { floor: "permit (principal, action, resource);" } });
  const user = entityUid(system, "user", "floor");
  const call = { principal: user, action: entityUid(system, "action", system.actions[0]!.id), resource: entityUid(system, "resource", "floor"), context: {}, entities: [{ uid: user, attrs: {}, parents: [] }], preparsedPolicySetId: floorId };
  return inProcess("cedar-floor", () => decisionOf(statefulIsAuthorized(call)), () => "allow");
}

function cedarGoRow(): EngineRow {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "policyc-bench-cedar-go-"));
  try {
    fs.writeFileSync(path.join(work, "policies.cedar"), cedarFiles.policies);
    const builder = builderFor(system);
    // Requests without a Cedar form are denied before any Cedar engine is asked: they are not sent.
    const built = cases.flatMap((c) => {
      const b = builder.build(c.request);
      return b.ok ? [{ line: JSON.stringify(b.request), expected: c.expected }] : [];
    });
    return timedByProgram("cedar-go", benchProgram("cedar-go-latency"), [path.join(work, "policies.cedar")], built.map((b) => b.line), built.map((b) => b.expected));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function regorusRow(): EngineRow {
  return timedByProgram("regorus", benchProgram("regorus-latency"), [about.allowRef, path.join(regoDir, "data.json"), path.join(regoDir, "policy.rego")], cases.map((c) => JSON.stringify(c.request)));
}

/** OPA's Go API on the bundle: the prepared query for `allow`, evaluated with each request as input. */
function opaGoRow(): EngineRow {
  return timedByProgram("opa-go", benchProgram("opa-latency"), [about.allowRef, path.join(regoDir, "data.json"), path.join(regoDir, "policy.rego")], cases.map((c) => JSON.stringify(c.request)));
}

/** The same program and requests on a one-line policy that allows none of them: what any Eval costs. */
function opaGoFloorRow(): EngineRow {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "policyc-bench-opa-floor-"));
  try {
    fs.writeFileSync(path.join(work, "policy.rego"), 'package floor\n\nallow if input.action == "x"\n');
    fs.writeFileSync(path.join(work, "data.json"), "{}");
    const requests = cases.map((c) => JSON.stringify(c.request));
    return timedByProgram("opa-go-floor", benchProgram("opa-latency"), ["data.floor.allow", path.join(work, "data.json"), path.join(work, "policy.rego")], requests, requests.map(() => "deny"));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function opaBenchRow(): EngineRow {
  const opa = findTool("opa");
  if (!opa) throw new Error("opa is not installed: set POLICYC_TOOLS_DIR or run `make tools`");
  const input = path.join(os.tmpdir(), `policyc-bench-opa-${process.pid}.json`);
  fs.writeFileSync(input, JSON.stringify(cases.map((c) => c.request)));
  try {
    const query = `[allowed | some request in input; allowed := ${about.allowRef} with input as request]`;
    const run = spawnSync(opa, ["bench", "--format", "json", "-d", path.join(regoDir, "policy.rego"), "-d", path.join(regoDir, "data.json"), "-i", input, query], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`opa bench failed: ${run.stderr || run.stdout}`);
    // Go's testing.BenchmarkResult: N runs of the query (each deciding every request) in T nanoseconds.
    const { N, T } = JSON.parse(run.stdout) as { N: number; T: number };
    const mean = T / N / cases.length / 1000;
    return { engine: "opa-bench", decisions: cases.length, wrong: null, p50: null, p50Allowed: null, p99: null, mean, perSecond: 1e6 / mean };
  } finally {
    fs.rmSync(input, { force: true });
  }
}

async function opaServerRows(): Promise<EngineRow[]> {
  const server = await startOpa(regoDir);
  try {
    const url = `${server.url}/v1/data/${about.allowRef.replace(/^data\./, "").split(".").join("/")}?metrics=true`;
    const ask = async (request: unknown) => {
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ input: request }) });
      return (await response.json()) as { result?: unknown; metrics?: Record<string, number> };
    };
    for (const c of cases) await ask(c.request);
    const roundTrip: number[] = [];
    const evaluation: number[] = [];
    let wrong = 0;
    for (const c of cases) {
      const started = performance.now();
      const answer = await ask(c.request);
      roundTrip.push((performance.now() - started) * 1000);
      evaluation.push((answer.metrics?.timer_rego_query_eval_ns ?? NaN) / 1000);
      if ((answer.result === true ? "allow" : "deny") !== c.expected) wrong++;
    }
    return [rowOf("opa-server (HTTP round trip)", roundTrip, wrong), rowOf("opa-server (OPA's eval timer)", evaluation, wrong)];
  } finally {
    await server.stop();
  }
}

async function rows(): Promise<EngineRow[]> {
  switch (measurement) {
    case "reference": {
      const evaluator = new ReferenceEvaluator(system);
      return [inProcess("reference", (request) => evaluator.decision(request))];
    }
    case "cedar-wasm": {
      // Both rows on one preparse: a 10,000-action system's per-action sets take seconds to preparse.
      const preparsed = preparseCedar(system, cedarFiles);
      return [cedarWasmRow(false, preparsed), cedarWasmCallRow(preparsed)];
    }
    case "cedar-wasm-whole":
      return [cedarWasmRow(true, preparseCedar(system, cedarFiles))];
    case "cedar-floor":
      return [cedarFloorRow()];
    case "cedar-go":
      return [cedarGoRow()];
    case "rego-embedded": {
      const engine = await regoEmbeddedEngine.open(system);
      return [inProcess("rego-embedded", (request) => engine.decide!(request))];
    }
    case "regorus":
      return [regorusRow()];
    case "opa-go":
      return [opaGoRow()];
    case "opa-go-floor":
      return [opaGoFloorRow()];
    case "opa-bench":
      return [opaBenchRow()];
    case "opa-server":
      return opaServerRows();
    default:
      throw new Error(`unknown measurement ${measurement}`);
  }
}

console.log(JSON.stringify(await rows()));
