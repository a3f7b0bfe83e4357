// Load on `policyc serve` (the AuthZEN PDP) with autocannon, per engine, beside each engine's own cost per decision.
// Usage: node --import tsx bench/serve-load.ts [--duration SECONDS] [--write docs/benchmarks.md]
// The Todo example (examples/authzen-todo, its directory) is served on 127.0.0.1 as a user starts it, once per
// engine (cedar-wasm, reference, and an OPA server at a URL); for each:
//   single   autocannon, 10 connections, POST /access/v1/evaluation cycling through the scenario's payloads
//   batch    the same, POST /access/v1/evaluations with 100 payloads per request
//   1k rps   single evaluations at a fixed 1,000 requests per second (autocannon's overallRate; latencies are
//            corrected for coordinated omission)
// Each server is warmed up (5 s of the same load) before anything is recorded.
// The engine's own cost per decision: the same payloads translated (runtime) and decided in process, one after the
// other, for cedar-wasm and the reference; for OPA, autocannon straight at OPA's Data API with the translated inputs.
// Every answer is checked against the decisions the Todo test expects. Prints one JSON line; --write puts the
// section between its markers in the page.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { createAuthorizer, type EngineChoice } from "../src/runtime/authorizer.ts";
import { translateEvaluation, type AuthzenEvaluation } from "../src/runtime/authzen.ts";
import { loadCompiledSystem } from "../src/runtime/compiled.ts";
import { readDirectory } from "../src/runtime/directory.ts";
import { decisionUrl } from "../src/engines/opa-http/index.ts";
import { startOpa } from "../test/support/opa-server.ts";
import { renderServeLoad, spliceSection, type ServeLoad, type LoadRun } from "./serve-load-page.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const EXAMPLE = path.join(ROOT, "examples/authzen-todo");
const require = createRequire(import.meta.url);
const autocannon = require("autocannon") as (options: Record<string, unknown>) => Promise<AutocannonResult>;
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  duration: number;
}

const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const duration = Number(arg("--duration") ?? 10);
const BATCH = 100;

const USERS = JSON.parse(fs.readFileSync(path.join(EXAMPLE, "directory.json"), "utf8")).subjects.user as Record<string, { roles: string[]; attributes: { id: string } }>;
/** The scenario's payloads: every user, update and delete on a todo of every owner, create, read. */
function payloads(): AuthzenEvaluation[] {
  const out: AuthzenEvaluation[] = [];
  for (const pid of Object.keys(USERS)) {
    const subject = { type: "user", id: pid };
    for (const owner of Object.values(USERS)) {
      for (const name of ["can_update_todo", "can_delete_todo"]) {
        out.push({ subject, action: { name }, resource: { type: "todo", id: "7240d0db-8ff0-41ec-98b2-34a096273b9f", properties: { ownerID: owner.attributes.id } }, context: {} });
      }
    }
    out.push({ subject, action: { name: "can_create_todo" }, resource: { type: "todo", id: "todo-1" }, context: {} });
    out.push({ subject, action: { name: "can_read_todos" }, resource: { type: "todo", id: "todo-1" }, context: {} });
  }
  return out;
}

const compiled = loadCompiledSystem(path.join(EXAMPLE, "generated"), "todo");
const directory = readDirectory(path.join(EXAMPLE, "directory.json"));
const cases = payloads();
const translated = cases.map((c) => {
  const t = translateEvaluation(compiled.ir, directory, c);
  if (!t.ok) throw new Error(t.reason);
  return t.request;
});
const reference = await createAuthorizer({ system: compiled, engine: "reference" });
const expected = (await reference.decideAll(translated)).map((v) => v.decision === "allow");

/** CPU seconds a process has used so far (user + system), from /proc: the server's cost, whatever else runs. */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** In-process CPU µs per decision: translate and decide, one after the other, after a warm-up. */
async function inProcessMicros(engine: EngineChoice): Promise<number> {
  const authorizer = await createAuthorizer({ system: compiled, engine });
  const run = async (rounds: number) => {
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < cases.length; i++) {
        const t = translateEvaluation(compiled.ir, directory, cases[i]!);
        if (!t.ok) throw new Error(t.reason);
        const verdict = await authorizer.decide(t.request);
        if ((verdict.decision === "allow") !== expected[i]) throw new Error(`${JSON.stringify(engine)} decided case ${i} wrongly`);
      }
    }
  };
  await run(50);
  const rounds = 400;
  const started = process.cpuUsage();
  await run(rounds);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / (rounds * cases.length);
}

function startServe(engineArg: string): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/policyc.js", "serve", "--spec", "examples/authzen-todo", "--directory", "examples/authzen-todo/directory.json", "--port", "0", "--engine", engineArg], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve({ url: match[1]!, pid: child.pid!, stop: () => new Promise((done) => (child.once("exit", () => done()), child.kill("SIGTERM"))) });
    });
    child.once("exit", (code) => reject(new Error(`policyc serve exited ${code}`)));
  });
}

/** autocannon over a list of bodies, each answer checked; `pid`'s CPU time over the run is reported per request. */
async function load(url: string, pid: number, bodies: string[], check: (i: number, body: string) => boolean, extra: Record<string, unknown> = {}): Promise<LoadRun> {
  let next = 0;
  let wrong = 0;
  const cpuBefore = cpuSeconds(pid);
  const result = await autocannon({
    url,
    method: "POST",
    connections: 10,
    duration,
    headers: { "content-type": "application/json" },
    requests: [
      {
        setupRequest: (request: Record<string, unknown>, context: Record<string, unknown>) => {
          const i = next++ % bodies.length;
          context.i = i;
          return { ...request, body: bodies[i] };
        },
        onResponse: (status: number, body: string, context: Record<string, unknown>) => {
          if (status !== 200 || !check(context.i as number, body)) wrong++;
        },
      },
    ],
    ...extra,
  });
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx + wrong,
    requests: result.requests.total,
    cpuMicrosPerRequest: ((cpuSeconds(pid) - cpuBefore) * 1e6) / Math.max(1, result.requests.total),
  };
}

/**
 * Waits until the server has answered what the last run left in flight: autocannon ends a run on time without
 * waiting for its answers, so up to one request per connection is still being decided (ten batches of 100 are
 * tens of milliseconds), and a run started at once would count that wait in its first latencies. One request
 * more is answered after them.
 */
async function settle(url: string): Promise<void> {
  const answer = await fetch(`${url}/access/v1/evaluation`, { method: "POST", headers: { "content-type": "application/json" }, body: singleBodies[0] });
  await answer.text();
}

const singleBodies = cases.map((c) => JSON.stringify(c));
const batchBodies = Array.from({ length: cases.length }, (_, start) => JSON.stringify({ evaluations: Array.from({ length: BATCH }, (_, k) => cases[(start + k) % cases.length]) }));
const checkSingle = (i: number, body: string) => body === JSON.stringify({ decision: expected[i] });
const checkBatch = (start: number, body: string) => {
  const got = (JSON.parse(body) as { evaluations: Array<{ decision: boolean }> }).evaluations;
  return got.length === BATCH && got.every((e, k) => e.decision === expected[(start + k) % cases.length]);
};

const opa = await startOpa(path.join(EXAMPLE, "generated/rego/todo"));
const loadBefore = os.loadavg()[0]!;
const engines: ServeLoad["engines"] = [];
try {
  // OPA's own cost: its CPU per decision asked directly, one input a call (Data API) and 100 a call (Query API).
  const opaInputs = translated.map((request) => JSON.stringify({ input: request }));
  const opaDirect = await load(decisionUrl(compiled.ir, opa.url), opa.pid, opaInputs, (i, body) => (JSON.parse(body) as { result: { allow: boolean } }).result.allow === expected[i]);
  const query = JSON.stringify(`decisions := [d | some request in input; d := data.policyc.todo.decision with input as request]`);
  const opaBatchBodies = Array.from({ length: cases.length }, (_, start) => `{"query":${query},"input":[${Array.from({ length: BATCH }, (_, k) => JSON.stringify(translated[(start + k) % cases.length])).join(",")}]}`);
  const opaDirectBatch = await load(`${opa.url}/v1/query`, opa.pid, opaBatchBodies, (start, body) =>
    (JSON.parse(body) as { result: Array<{ decisions: Array<{ allow: boolean }> }> }).result[0]!.decisions.every((d, k) => d.allow === expected[(start + k) % cases.length]),
  );
  const runs: Array<[string, string, () => Promise<number>]> = [
    ["cedar-wasm", "cedar", () => inProcessMicros("cedar")],
    ["reference", "reference", () => inProcessMicros("reference")],
    ["opa-http", `opa=${opa.url}`, async () => opaDirectBatch.cpuMicrosPerRequest / BATCH],
  ];
  for (const [name, engineArg, engineCost] of runs) {
    // Measured before and after the served runs: the machine's load changes the cost of everything.
    const before = await engineCost();
    const server = await startServe(engineArg);
    try {
      // A warm-up, not recorded: the server's first seconds compile its code and the engine's.
      await load(`${server.url}/access/v1/evaluation`, server.pid, singleBodies, checkSingle, { duration: 3 });
      await load(`${server.url}/access/v1/evaluations`, server.pid, batchBodies, checkBatch, { duration: 2 });
      await settle(server.url);
      const single = await load(`${server.url}/access/v1/evaluation`, server.pid, singleBodies, checkSingle);
      await settle(server.url);
      const batch = await load(`${server.url}/access/v1/evaluations`, server.pid, batchBodies, checkBatch);
      await settle(server.url);
      const fixed = await load(`${server.url}/access/v1/evaluation`, server.pid, singleBodies, checkSingle, { overallRate: 1000 });
      const engineMicros = name === "opa-http" ? before : (before + (await engineCost())) / 2;
      engines.push({
        engine: name,
        engineMicros,
        engineHow: name === "opa-http" ? "OPA's CPU per decision asked 100 inputs a call on its Query API" : "CPU in process, translating and deciding one after the other",
        single,
        batch,
        fixed,
        ...(name === "opa-http" ? { opaDirect, opaDirectBatch } : {}),
      });
    } finally {
      await server.stop();
    }
  }
} finally {
  await opa.stop();
}
const result: ServeLoad = { system: "todo", payloads: cases.length, batch: BATCH, duration, connections: 10, loadBefore, loadAfter: os.loadavg()[0]!, cpus: os.availableParallelism(), engines };
console.log(JSON.stringify(result));
const page = arg("--write");
if (page) fs.writeFileSync(page, spliceSection(fs.existsSync(page) ? fs.readFileSync(page, "utf8") : "", renderServeLoad(result)));
