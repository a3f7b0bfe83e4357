// One measurement in its own process, so peak memory (maxRSS) belongs to this size alone.
// Usage: node --import tsx bench/compile-size.ts <actions | spec file> [--front-end]
//   <actions>     a synthetic system of that many actions (bench/synthetic.ts)
//   <spec file>   a spec, e.g. spec/maestra.ts (loaded as `policyc compile` loads it)
//   --front-end   only the stages that do not enumerate fixtures: DSL, IR and the ir, docs and ts targets, plus the
//                 Rego policy and data (not its fixture tests); for sizes where the full compile does not fit the bench
// Prints one JSON line: actions, fixtures, bytes written, seconds, CPU seconds, seconds per stage, peak RSS in MiB.

// As `policyc compile` does, before cedar-wasm loads (see that module).
import "../src/targets/cedar/liftoff-only.ts";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildSystem } from "../src/compile/build-system.ts";
import { writeAtomically } from "../src/compile/compile.ts";
import { declaredSystem } from "../src/compile/load-systems.ts";
import { loadSpec } from "../src/compile/load-specs.ts";
import type { SystemBuilder } from "../src/dsl/system-builder.ts";
import { prepareTargetsWorker, startTargetsWorker, WORKER_TARGETS, type WorkerTarget } from "../src/targets/in-worker.ts";
import { targets } from "../src/targets/registry.ts";
import { renderData } from "../src/targets/rego/data.ts";
import { renderPolicy } from "../src/targets/rego/index.ts";
import type { GeneratedFile } from "../src/targets/target.ts";
import { generateFixtures, type FixtureFile } from "../src/verify/fixtures.ts";
import { syntheticSystem } from "./synthetic.ts";

const subject = process.argv[2] ?? "1000";
const frontEnd = process.argv.includes("--front-end");
const stages: Record<string, number> = {};
const time = async <T>(name: string, work: () => T | Promise<T>): Promise<T> => {
  const started = performance.now();
  const result = await work();
  stages[name] = (stages[name] ?? 0) + (performance.now() - started) / 1000;
  return result;
};

const started = performance.now();
const builder: SystemBuilder<string, string, string, string> = await time("dsl", async () =>
  /^\d+$/.test(subject) ? syntheticSystem(Number(subject)) : (await loadSpec(subject)).builder,
);
// As the compile does, the targets' worker thread is started before the IR is built.
if (!frontEnd) prepareTargetsWorker(declaredSystem(builder));
const system = await time("ir", () => buildSystem(builder));
const files: GeneratedFile[] = [];
let fixtures: FixtureFile | undefined;
if (frontEnd) {
  for (const target of targets.filter((t) => ["ir", "docs", "ts"].includes(t.name))) {
    const out = await time(`target:${target.name}`, () => target.emit(system, { fixtures: { system: system.id, count: 0, exhaustiveActions: 0, coveredActions: 0, fixtures: [] } }));
    files.push(...out.map((f) => ({ path: `${target.name}/${f.path}`, content: f.content })));
  }
  files.push({ path: "rego/policy.rego", content: await time("target:rego (policy and data only)", () => renderPolicy(system)) });
  files.push({ path: "rego/data.json", content: await time("target:rego (policy and data only)", () => renderData(system)) });
} else {
  startTargetsWorker(system);
  fixtures = await time("fixtures", () => generateFixtures(system));
  // The targets made in the worker thread (given the system above) are awaited last, as the compile does: their
  // stages are the time still to wait once everything else is done.
  const inWorker = (t: { name: string }) => WORKER_TARGETS.includes(t.name as WorkerTarget);
  for (const target of [...targets.filter((t) => !inWorker(t)), ...targets.filter(inWorker)]) {
    const out = await time(`target:${target.name}`, () => target.emit(system, { fixtures: fixtures! }));
    files.push(...out.map((f) => ({ path: `${target.name}/${f.path}`, content: f.content })));
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policyc-bench-"));
  await time("write", () => writeAtomically(dir, files, targets.map((t) => t.name)));
  fs.rmSync(dir, { recursive: true, force: true });
}
const total = (performance.now() - started) / 1000;
console.log(
  JSON.stringify({
    subject,
    system: system.id,
    frontEnd,
    actions: system.actions.length,
    permissions: system.permissions.length,
    fixtures: fixtures?.count ?? 0,
    bytes: files.reduce((n, f) => n + Buffer.byteLength(f.content), 0),
    seconds: Number(total.toFixed(3)),
    // Every thread's CPU time (the Cedar worker's too): what a loaded machine cannot inflate as it does wall time.
    cpuSeconds: Number(((process.cpuUsage().user + process.cpuUsage().system) / 1e6).toFixed(3)),
    stages: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, Number(v.toFixed(3))])),
    maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
