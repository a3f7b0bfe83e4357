// The Cedar target of a large system runs in a worker thread (src/targets/cedar/in-worker.ts): what it writes must be
// what the same target writes in this thread.
import { expect, it } from "vitest";
import { syntheticSystem } from "../bench/synthetic.ts";
import { buildSystem } from "../src/compile/build-system.ts";
import { cedarOutput, cedarTarget } from "../src/targets/cedar/index.ts";
import { declaredActions } from "../src/compile/load-systems.ts";
import { TargetError } from "../src/targets/target.ts";

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
  cedarTarget.prepare!(declaredActions(builder));
  const system = buildSystem(builder);
  cedarTarget.start!(system);
  const files = await cedarTarget.emit(system, { fixtures: { system: system.id, count: 0, exhaustiveActions: 0, coveredActions: 0, fixtures: [] } });
  expect(files.find((f) => f.path === "synthetic/policies.cedar")?.content).toBe(cedarOutput(system).output!.policies);
});

it("a prepared worker is stopped, not used, for a system too small for one", () => {
  cedarTarget.prepare!(1000);
  const small = buildSystem(syntheticSystem(100));
  cedarTarget.start!(small);
  expect(cedarTarget.emit(small, { fixtures: { system: small.id, count: 0, exhaustiveActions: 0, coveredActions: 0, fixtures: [] } })).not.toBeInstanceOf(Promise);
});

it.each([false, true])("reports Cedar's problems found in the worker as the target's error, thrown in this thread (prepared: %s)", async (prepared) => {
  if (prepared) cedarTarget.prepare!(1000);
  const system = buildSystem(syntheticSystem(1000));
  // One action twice: Cedar rejects the schema that declares it twice.
  const broken = { ...system, actions: [...system.actions, { ...system.actions[0]! }] };
  cedarTarget.start!(broken);
  const emitted = cedarTarget.emit(broken, { fixtures: { system: system.id, count: 0, exhaustiveActions: 0, coveredActions: 0, fixtures: [] } });
  await expect(emitted).rejects.toThrow(TargetError);
  await expect(emitted).rejects.toThrow(/^cedar target, system synthetic: schema.cedarschema does not parse/);
});
