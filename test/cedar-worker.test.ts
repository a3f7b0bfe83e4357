// The Cedar target of a large system runs in a worker thread (src/targets/cedar/in-worker.ts): what it writes must be
// what the same target writes in this thread.
import { expect, it, vi } from "vitest";
import { syntheticSystem } from "../bench/synthetic.ts";
import { buildSystem } from "../src/compile/build-system.ts";
import { cedarOutput, cedarTarget } from "../src/targets/cedar/index.ts";
import { declaredSystem } from "../src/compile/load-systems.ts";
import { TargetError } from "../src/targets/target.ts";
import { startCedarWorker } from "../src/targets/cedar/in-worker.ts";

// The real worker, counted: a test below checks that a prepared worker is the one used.
vi.mock("../src/targets/cedar/in-worker.ts", async (original) => {
  const real = await original<typeof import("../src/targets/cedar/in-worker.ts")>();
  return { ...real, startCedarWorker: vi.fn(real.startCedarWorker) };
});

it("a large system's Cedar target, run in a worker thread, writes what it writes in this thread", async () => {
  const system = buildSystem(syntheticSystem(1000));
  cedarTarget.start!(system);
  const emitted = cedarTarget.emit(system, { fixtures: { system: system.id, count: 0, exhaustiveActions: 0, coveredActions: 0, fixtures: [] } });
  expect(emitted).toBeInstanceOf(Promise);
  const files = await emitted;
  const inThread = cedarOutput(system);
  expect(inThread.problems).toEqual([]);
  expect(files.find((f) => f.path === "synthetic/policies.cedar")?.content).toBe(inThread.output!.policies);
  expect(files.find((f) => f.path === "synthetic/schema.cedarschema.json")?.content).toBe(inThread.output!.schemaJson);
  // 1,000 actions are more than Amazon Verified Permissions holds: no per-policy files, in either thread.
  expect(inThread.output!.overAvpQuotas.map((q) => q.quota)).toEqual(["unscopedPolicies", "schema"]);
  expect(inThread.output!.policyFiles).toEqual([]);
  expect(files.filter((f) => f.path.startsWith("synthetic/policies/"))).toEqual([]);
});

it("a worker prepared before the IR is built answers as one started with the system", async () => {
  const builder = syntheticSystem(1000);
  cedarTarget.prepare!(declaredSystem(builder));
  const system = buildSystem(builder);
  cedarTarget.start!(system);
  const files = await cedarTarget.emit(system, { fixtures: { system: system.id, count: 0, exhaustiveActions: 0, coveredActions: 0, fixtures: [] } });
  expect(files.find((f) => f.path === "synthetic/policies.cedar")?.content).toBe(cedarOutput(system).output!.policies);
});

it("a prepared worker is stopped, not used, for a system too small for one", () => {
  cedarTarget.prepare!({ id: "synthetic", actions: 1000 });
  const small = buildSystem(syntheticSystem(100));
  cedarTarget.start!(small);
  expect(cedarTarget.emit(small, { fixtures: { system: small.id, count: 0, exhaustiveActions: 0, coveredActions: 0, fixtures: [] } })).not.toBeInstanceOf(Promise);
});

it("a worker prepared for a large system waits for it while a smaller system, compiled first, runs in this thread", async () => {
  const large = syntheticSystem(1000);
  const small = buildSystem(syntheticSystem(100));
  const renamed = { ...small, id: "small" };
  vi.mocked(startCedarWorker).mockClear();
  cedarTarget.prepare!(declaredSystem(large));
  cedarTarget.prepare!({ id: renamed.id, actions: small.actions.length });
  cedarTarget.start!(renamed);
  expect(cedarTarget.emit(renamed, { fixtures: { system: renamed.id, count: 0, exhaustiveActions: 0, coveredActions: 0, fixtures: [] } })).not.toBeInstanceOf(Promise);
  const system = buildSystem(large);
  cedarTarget.start!(system);
  const files = await cedarTarget.emit(system, { fixtures: { system: system.id, count: 0, exhaustiveActions: 0, coveredActions: 0, fixtures: [] } });
  expect(files.find((f) => f.path === "synthetic/policies.cedar")?.content).toBe(cedarOutput(system).output!.policies);
  // One worker in all: the one prepared, not stopped by the small system nor started again for the large one.
  expect(vi.mocked(startCedarWorker)).toHaveBeenCalledTimes(1);
});

it.each([false, true])("reports Cedar's problems found in the worker as the target's error, thrown in this thread (prepared: %s)", async (prepared) => {
  if (prepared) cedarTarget.prepare!({ id: "synthetic", actions: 1000 });
  const system = buildSystem(syntheticSystem(1000));
  // One action twice: Cedar rejects the schema that declares it twice.
  const broken = { ...system, actions: [...system.actions, { ...system.actions[0]! }] };
  cedarTarget.start!(broken);
  const emitted = cedarTarget.emit(broken, { fixtures: { system: system.id, count: 0, exhaustiveActions: 0, coveredActions: 0, fixtures: [] } });
  await expect(emitted).rejects.toThrow(TargetError);
  await expect(emitted).rejects.toThrow(/^cedar target, system synthetic: schema.cedarschema does not parse/);
});
