// What one Rego decision costs on each Rego engine (issue #16), the same inputs on each, side by side.
// Usage: node --import tsx bench/rego-cost.ts [--inputs N] [--systems maestra,maestro,1000,10000] [--no-opa]
//   a system is a spec name under spec/ or a number: a synthetic system of that many actions (bench/synthetic.ts).
// Inputs: N fixtures of the system (default 8), picked evenly from each fixture kind in turn (exhaustive, covering,
// role, alias; not the request-shape cases), so roles and aliases are read as often as plain permission lists.
//   opa       `opa bench -b <bundle> -i <input> data.policyc.<system>.allow`, ns/op per input (wall clock); the
//             floor is the same on a one-line policy (`allow if input.action == "x"`), measured first and last.
//   regorus   regorus-decide (tools/regorus) given the input R times, less the same process given none, over R:
//             CPU time of the process (user + system, from /usr/bin/time), which a busy machine inflates less
//             than wall clock.
//   embedded  src/rego-interpreter's evalRef on the policy compiled once and data converted once, as the
//             rego-embedded engine decides: CPU time of this process (process.cpuUsage).
// Each figure is the median over the inputs (p50 per decision). Every decision is checked against the fixture's.
// Needs POLICYC_TOOLS_DIR (or PATH) to find opa and regorus-decide. Prints a table, then one JSON line.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildSystem } from "../src/compile/build-system.ts";
import { loadSpec } from "../src/compile/load-specs.ts";
import { compileModules, evalRef, RegoObject, type RegoValue } from "../src/rego-interpreter/index.ts";
import { regoSources } from "../src/engines/rego-sources.ts";
import { findTool } from "../src/engines/tools.ts";
import { generateFixtures, type Fixture } from "../src/verify/fixtures.ts";
import { syntheticSystem } from "./synthetic.ts";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1]! : fallback;
};
const inputCount = Number(option("--inputs", "8"));
const systems = option("--systems", "maestra,maestro,1000,10000").split(",");
const withOpa = !args.includes("--no-opa");
const opa = findTool("opa");
const regorus = findTool("regorus-decide");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "policyc-rego-cost-"));
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(" / ");

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** N fixtures, taken evenly from each kind in turn. */
function pickInputs(fixtures: Fixture[], n: number): Fixture[] {
  const byKind = new Map<string, Fixture[]>();
  for (const f of fixtures) {
    if (f.kind === "request") continue;
    if (!byKind.has(f.kind)) byKind.set(f.kind, []);
    byKind.get(f.kind)!.push(f);
  }
  const kinds = [...byKind.values()];
  const perKind = kinds.map((list, k) => Math.floor(n / kinds.length) + (k < n % kinds.length ? 1 : 0));
  return kinds.flatMap((list, k) => Array.from({ length: Math.min(perKind[k]!, list.length) }, (_, i) => list[Math.floor(((i + 0.5) * list.length) / perKind[k]!)]!));
}

/** ns per evaluation of `query` by opa bench, and the value it decided. */
function opaBench(bundle: string, input: string, query: string): { ns: number } {
  const run = spawnSync(opa!, ["bench", "-b", bundle, "-i", input, query, "--format", "json", "--benchmem=false", "--metrics=false"], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`opa bench failed: ${run.stderr}`);
  const result = JSON.parse(run.stdout) as { N: number; T: number };
  return { ns: result.T / result.N };
}

function opaDecides(bundle: string, input: string, query: string): unknown {
  const run = spawnSync(opa!, ["eval", "-b", bundle, "-i", input, "--format", "json", query], { encoding: "utf8", maxBuffer: 1 << 26 });
  return (JSON.parse(run.stdout) as { result?: Array<{ expressions: Array<{ value: unknown }> }> }).result?.[0]?.expressions[0]?.value;
}

function floorBundle(): string {
  const dir = path.join(work, "floor");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "policy.rego"), 'package floor\n\nallow if input.action == "x"\n');
  fs.writeFileSync(path.join(work, "floor-input.json"), '{"action": "x"}\n');
  return dir;
}

function opaFloor(): number {
  return opaBench(floorBundle(), path.join(work, "floor-input.json"), "data.floor.allow").ns / 1000;
}

/** CPU seconds (user + system) of regorus-decide over `lines`. */
function regorusRun(files: string[], lines: string): { seconds: number; stdout: string } {
  const run = spawnSync("/usr/bin/time", ["-f", "cpu %U %S", regorus!, ...files], { input: lines, encoding: "utf8", maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`regorus-decide failed: ${run.stderr}`);
  const [user, system] = /cpu (\S+) (\S+)\s*$/.exec(run.stderr)!.slice(1).map(Number);
  return { seconds: user! + system!, stdout: run.stdout };
}

/** µs per decision of one input by regorus: R evaluations less the process that evaluates none. */
function regorusMicros(files: string[], rule: string, request: unknown, expected: string): number {
  const line = JSON.stringify({ rule, input: request }) + "\n";
  const empty = median([0, 1, 2].map(() => regorusRun(files, "").seconds));
  const probe = regorusRun(files, line.repeat(50));
  const answer = JSON.parse(probe.stdout.split("\n")[0]!) as { value?: unknown };
  if ((answer.value === true ? "allow" : "deny") !== expected) throw new Error(`regorus decided ${JSON.stringify(answer)}, expected ${expected}`);
  const each = Math.max(1e-6, (probe.seconds - empty) / 50);
  const repeats = Math.max(500, Math.min(50_000, Math.round(1 / each)));
  return ((regorusRun(files, line.repeat(repeats)).seconds - empty) / repeats) * 1e6;
}

const cpuMicros = (usage: NodeJS.CpuUsage) => usage.user + usage.system;

function regoDocument(json: unknown): RegoValue {
  if (Array.isArray(json)) return json.map(regoDocument);
  if (json !== null && typeof json === "object") return RegoObject.fromPairs(Object.entries(json).map(([k, v]) => [k, regoDocument(v)]));
  return json as RegoValue;
}

interface SystemCost {
  system: string;
  actions: number;
  inputs: string[];
  opaMicros?: number[];
  regorusMicros: number[];
  embeddedMicros: number[];
  load: string;
}

const results: SystemCost[] = [];
const floors: number[] = [];
console.error(`load ${load()} at the start`);
if (withOpa && opa) floors.push(opaFloor());
// The one-line policy on the other two engines too: what any evaluation costs them.
const floorPolicy = compileModules([{ path: "policy.rego", text: fs.readFileSync(path.join(floorBundle(), "policy.rego"), "utf8") }]);
const floorInput = { action: "x" };
for (let i = 0; i < 200; i++) evalRef(floorPolicy, "data.floor.allow", { data: {}, input: floorInput });
const floorStarted = process.cpuUsage();
for (let i = 0; i < 20_000; i++) evalRef(floorPolicy, "data.floor.allow", { data: {}, input: floorInput });
const embeddedFloor = cpuMicros(process.cpuUsage(floorStarted)) / 20_000;
const regorusFloor = regorus ? regorusMicros([path.join(floorBundle(), "policy.rego")], "data.floor.allow", floorInput, "allow") : undefined;
console.error(`one-line policy: opa ${floors.map((f) => f.toFixed(1)).join(" ")} µs, regorus ${regorusFloor?.toFixed(1)} CPU µs, embedded ${embeddedFloor.toFixed(1)} CPU µs`);

for (const subject of systems) {
  const builder = /^\d+$/.test(subject) ? syntheticSystem(Number(subject)) : (await loadSpec(`spec/${subject}.ts`)).builder;
  const system = buildSystem(builder);
  const label = /^\d+$/.test(subject) ? `synthetic ${subject}` : subject;
  const inputs = pickInputs(generateFixtures(system).fixtures, inputCount);
  const sources = regoSources(system);
  const bundle = path.join(work, system.id + subject);
  fs.mkdirSync(bundle, { recursive: true });
  fs.writeFileSync(path.join(bundle, "policy.rego"), sources.policy);
  fs.writeFileSync(path.join(bundle, "data.json"), sources.data);
  const cost: SystemCost = { system: label, actions: system.actions.length, inputs: inputs.map((f) => f.id), regorusMicros: [], embeddedMicros: [], load: "" };

  const policy = compileModules([{ path: "policy.rego", text: sources.policy }]);
  const data = regoDocument(JSON.parse(sources.data));
  for (const fixture of inputs) {
    const decide = () => evalRef(policy, sources.allowRef, { data, input: fixture.request });
    if ((decide() === true ? "allow" : "deny") !== fixture.expected) throw new Error(`embedded: ${fixture.id} not ${fixture.expected}`);
    for (let i = 0; i < 50; i++) decide();
    const probe = process.cpuUsage();
    for (let i = 0; i < 50; i++) decide();
    const each = cpuMicros(process.cpuUsage(probe)) / 50;
    const repeats = Math.max(100, Math.round(300_000 / Math.max(1, each)));
    const started = process.cpuUsage();
    for (let i = 0; i < repeats; i++) decide();
    cost.embeddedMicros.push(cpuMicros(process.cpuUsage(started)) / repeats);
  }
  if (regorus) {
    const files = ["--data", path.join(bundle, "data.json"), path.join(bundle, "policy.rego")];
    for (const fixture of inputs) cost.regorusMicros.push(regorusMicros(files, sources.allowRef, fixture.request, fixture.expected));
  }
  if (withOpa && opa) {
    cost.opaMicros = [];
    for (const fixture of inputs) {
      const input = path.join(work, "input.json");
      fs.writeFileSync(input, JSON.stringify(fixture.request));
      if ((opaDecides(bundle, input, sources.allowRef) === true ? "allow" : "deny") !== fixture.expected) throw new Error(`opa: ${fixture.id} not ${fixture.expected}`);
      cost.opaMicros.push(opaBench(bundle, input, sources.allowRef).ns / 1000);
    }
  }
  cost.load = load();
  console.error(`${label}: opa ${cost.opaMicros?.map((m) => m.toFixed(1)).join(" ")}; regorus ${cost.regorusMicros.map((m) => m.toFixed(1)).join(" ")}; embedded ${cost.embeddedMicros.map((m) => m.toFixed(1)).join(" ")}; load ${cost.load}`);
  results.push(cost);
}
if (withOpa && opa) floors.push(opaFloor());
fs.rmSync(work, { recursive: true, force: true });

const fmt = (v: number | undefined) => (v === undefined ? "" : v.toFixed(1));
const floor = floors.length ? median(floors) : undefined;
console.log(`one-line policy: opa ${floors.map(fmt).join(" µs, ")} µs (first, last); regorus ${fmt(regorusFloor)} CPU µs; embedded ${fmt(embeddedFloor)} CPU µs; load at the end ${load()}`);
console.log("| system | actions | inputs | opa p50 µs | × floor | regorus p50 CPU µs | embedded p50 CPU µs | load after |");
console.log("|---|---:|---:|---:|---:|---:|---:|---|");
for (const r of results) {
  const o = r.opaMicros ? median(r.opaMicros) : undefined;
  console.log(`| ${r.system} | ${r.actions} | ${r.inputs.length} | ${fmt(o)} | ${o && floor ? (o / floor).toFixed(2) : ""} | ${fmt(r.regorusMicros.length ? median(r.regorusMicros) : undefined)} | ${fmt(median(r.embeddedMicros))} | ${r.load} |`);
}
console.log(JSON.stringify({ floors, regorusFloor, embeddedFloor, results }));
