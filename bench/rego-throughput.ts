// The generated Rego of one system: its size, and how fast it decides.
// Usage: node --import tsx bench/rego-throughput.ts <spec file>
// The throughput measured here is the EMBEDDED interpreter's (src/rego-interpreter), not OPA's: every decision
// fixture is one evaluation of data.policyc.<system>.allow on the policy compiled once, as the Rego engine does
// when opa is not on PATH. Where `opa` is on PATH, `opa bench` is run too on three inputs (an allowed request, a
// denied one, a malformed one) and reported separately. Prints one JSON line.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildSystem } from "../src/compile/build-system.ts";
import { loadSpec } from "../src/compile/load-specs.ts";
import { compileModules, evalRef, RegoObject, type RegoValue } from "../src/rego-interpreter/index.ts";
import { renderData } from "../src/targets/rego/data.ts";
import { regoBundle, regoPaths, regoTests, renderPolicy } from "../src/targets/rego/index.ts";
import { generateFixtures, type Fixture } from "../src/verify/fixtures.ts";
import { spawnSync } from "node:child_process";
import { opaEngine } from "../src/engines/opa/index.ts";
import { findTool } from "../src/engines/tools.ts";

const specFile = process.argv[2] ?? "spec/maestra.ts";
const system = buildSystem((await loadSpec(specFile)).builder);
const fixtures = generateFixtures(system);
// The bundle and, outside it, its tests and their fixtures.
const bundle = [...regoBundle(system), ...regoTests(system, fixtures)];
const sizeOf = (name: string) => {
  const content = bundle.find((f) => f.path === name)!.content;
  return { bytes: Buffer.byteLength(content), lines: content.split("\n").length - 1 };
};
const policyText = renderPolicy(system);
const size = {
  policy: { ...sizeOf("policy.rego"), rules: policyText.split("\n").filter((l) => /^[a-z_][a-z0-9_]*(\([^)]*\))?( contains .*)? (if|:=)/.test(l)).length },
  data: sizeOf("data.json"),
  tests: sizeOf("policy_test.rego"),
};

/** data.json as interpreter values once, as the engine does, rather than on every evaluation. */
function regoDocument(json: unknown): RegoValue {
  if (Array.isArray(json)) return json.map(regoDocument);
  if (json !== null && typeof json === "object") return RegoObject.fromPairs(Object.entries(json).map(([k, v]) => [k, regoDocument(v)]));
  return json as RegoValue;
}

const compileStarted = performance.now();
const policy = compileModules([{ path: "policy.rego", text: policyText }]);
const compileSeconds = (performance.now() - compileStarted) / 1000;
const data = regoDocument(JSON.parse(renderData(system)));
const query = `${regoPaths(system.id).dataRef}.allow`;

function decideAll(list: Fixture[], timings?: number[]): number {
  let wrong = 0;
  for (const fixture of list) {
    const started = performance.now();
    let value: unknown;
    try {
      value = evalRef(policy, query, { data, input: fixture.request });
    } catch {
      value = undefined;
    }
    timings?.push((performance.now() - started) * 1000);
    if ((value === true ? "allow" : "deny") !== fixture.expected) wrong++;
  }
  return wrong;
}

decideAll(fixtures.fixtures);
const timings: number[] = [];
const started = performance.now();
const wrong = decideAll(fixtures.fixtures, timings);
const seconds = (performance.now() - started) / 1000;
timings.sort((a, b) => a - b);
const quantile = (q: number) => Number(timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]!.toFixed(1));
const embedded = {
  engine: "embedded interpreter (src/rego-interpreter), not OPA",
  compileSeconds: Number(compileSeconds.toFixed(3)),
  decisions: fixtures.fixtures.length,
  wrong,
  medianMicros: quantile(0.5),
  p99Micros: quantile(0.99),
  decisionsPerSecond: Math.round(fixtures.fixtures.length / seconds),
};

/** `opa bench` on three inputs, when opa is installed; null otherwise. */
function opaBench(): unknown {
  const binary = findTool("opa");
  if (!binary) return null;
  const opa = { path: binary, version: opaEngine.version() };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "policyc-opa-bench-"));
  try {
    const dir = path.join(work, "bundle");
    for (const file of bundle) {
      fs.mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
      fs.writeFileSync(path.join(dir, file.path), file.content);
    }
    const inputs: Array<[string, Fixture | undefined]> = [
      ["allowed", fixtures.fixtures.find((f) => f.expected === "allow")],
      ["denied", fixtures.fixtures.find((f) => f.expected === "deny" && f.kind !== "request")],
      ["malformed", fixtures.fixtures.find((f) => f.kind === "request")],
    ];
    type OpaBenchRun = { input: string; error?: string; nsPerOp?: number | null; iterations?: number | null; extra?: Record<string, number> };
    const runs = inputs.flatMap(([label, fixture]): OpaBenchRun[] => {
      if (!fixture) return [];
      const input = path.join(work, `${label}.json`);
      fs.writeFileSync(input, JSON.stringify(fixture.request));
      const run = spawnSync(opa.path, ["bench", "--format", "json", "-d", dir, "-i", input, query], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
      if (run.status !== 0) return [{ input: label, error: (run.stderr || run.stdout).trim().split("\n")[0] }];
      // Go's testing.BenchmarkResult: N iterations taking T nanoseconds in all, plus OPA's own timers in Extra.
      const result = JSON.parse(run.stdout) as { N?: number; T?: number; Extra?: Record<string, number> };
      return [{ input: label, nsPerOp: result.N && result.T ? Math.round(result.T / result.N) : null, iterations: result.N ?? null, extra: result.Extra ?? {} }];
    });
    return { opa: opa.version, path: opa.path, runs };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

console.log(JSON.stringify({ system: system.id, actions: system.actions.length, size, embedded, opaBench: opaBench() }));
