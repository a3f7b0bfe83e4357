// The Cedar and docs targets of a large system are made in a worker thread (src/targets/in-worker.ts): what they
// write must be what the same targets write in this thread, and what fails there must fail here.
import { expect, it, vi } from "vitest";
import { syntheticSystem } from "../bench/synthetic.ts";
import { buildSystem } from "../src/compile/build-system.ts";
import { declaredSystem } from "../src/compile/load-systems.ts";
import type { SystemIR } from "../src/ir/types.ts";
import { cedarOutput, cedarTarget } from "../src/targets/cedar/index.ts";
import { docsFiles, docsTarget } from "../src/targets/docs/index.ts";
import { prepareTargetsWorker, startTargetsWorker } from "../src/targets/in-worker.ts";
import { TargetError } from "../src/targets/target.ts";

// The real worker module, its workers counted by the threads this process starts: a test below checks that a
// prepared worker is the one used.
const started = vi.fn();
vi.mock("node:worker_threads", async (original) => {
  const real = await original<typeof import("node:worker_threads")>();
  class CountedWorker extends real.Worker {
    constructor(...args: ConstructorParameters<typeof real.Worker>) {
      super(...args);
      started();
    }
  }
  return { ...real, Worker: CountedWorker };
});

const noFixtures = (system: SystemIR) => ({ fixtures: { system: system.id, count: 0, exhaustiveActions: 0, coveredActions: 0, fixtures: [] } });

it("a large system's Cedar and docs targets, made in the worker, write what they write in this thread", async () => {
  const system = buildSystem(syntheticSystem(1000));
  startTargetsWorker(system);
  const cedar = cedarTarget.emit(system, noFixtures(system));
  const docs = docsTarget.emit(system, noFixtures(system));
  expect(cedar).toBeInstanceOf(Promise);
  expect(docs).toBeInstanceOf(Promise);
  const files = await cedar;
  const inThread = cedarOutput(system);
  expect(inThread.problems).toEqual([]);
  expect(files.find((f) => f.path === "synthetic/policies.cedar")?.content).toBe(inThread.output!.policies);
  expect(files.find((f) => f.path === "synthetic/schema.cedarschema.json")?.content).toBe(inThread.output!.schemaJson);
  // 1,000 actions are more than Amazon Verified Permissions holds: no per-policy files, in either thread.
  expect(inThread.output!.overAvpQuotas.map((q) => q.quota)).toEqual(["unscopedPolicies", "schema"]);
  expect(inThread.output!.policyFiles).toEqual([]);
  expect(files.filter((f) => f.path.startsWith("synthetic/policies/"))).toEqual([]);
  expect(await docs).toEqual(docsFiles(system));
});

it("a worker prepared before the IR is built answers as one started with the system", async () => {
  const builder = syntheticSystem(1000);
  prepareTargetsWorker(declaredSystem(builder));
  const system = buildSystem(builder);
  startTargetsWorker(system);
  const files = await cedarTarget.emit(system, noFixtures(system));
  expect(files.find((f) => f.path === "synthetic/policies.cedar")?.content).toBe(cedarOutput(system).output!.policies);
  expect(await docsTarget.emit(system, noFixtures(system))).toEqual(docsFiles(system));
});

it("a prepared worker is stopped, not used, for a system too small for one", () => {
  prepareTargetsWorker({ id: "synthetic", actions: 1000 });
  const small = buildSystem(syntheticSystem(100));
  startTargetsWorker(small);
  expect(cedarTarget.emit(small, noFixtures(small))).not.toBeInstanceOf(Promise);
  expect(docsTarget.emit(small, noFixtures(small))).not.toBeInstanceOf(Promise);
});

it("a worker prepared for a large system waits for it while a smaller system, compiled first, runs in this thread", async () => {
  const large = syntheticSystem(1000);
  const small = buildSystem(syntheticSystem(100));
  const renamed = { ...small, id: "small" };
  started.mockClear();
  prepareTargetsWorker(declaredSystem(large));
  prepareTargetsWorker({ id: renamed.id, actions: small.actions.length });
  startTargetsWorker(renamed);
  expect(cedarTarget.emit(renamed, noFixtures(renamed))).not.toBeInstanceOf(Promise);
  const system = buildSystem(large);
  startTargetsWorker(system);
  const files = await cedarTarget.emit(system, noFixtures(system));
  expect(files.find((f) => f.path === "synthetic/policies.cedar")?.content).toBe(cedarOutput(system).output!.policies);
  // One worker in all: the one prepared, not stopped by the small system nor started again for the large one.
  expect(started).toHaveBeenCalledTimes(1);
});

it.each([false, true])("reports Cedar's problems found in the worker as the target's error, thrown in this thread (prepared: %s)", async (prepared) => {
  if (prepared) prepareTargetsWorker({ id: "synthetic", actions: 1000 });
  const system = buildSystem(syntheticSystem(1000));
  // One action twice: Cedar rejects the schema that declares it twice.
  const broken = { ...system, actions: [...system.actions, { ...system.actions[0]! }] };
  startTargetsWorker(broken);
  const emitted = cedarTarget.emit(broken, noFixtures(broken));
  await expect(emitted).rejects.toThrow(TargetError);
  await expect(emitted).rejects.toThrow(/^cedar target, system synthetic: schema.cedarschema does not parse/);
});

it("a target that throws in the worker fails its emit with what it threw, as it would in this thread", async () => {
  const system = buildSystem(syntheticSystem(1000));
  // No roles at all: the docs cannot list them.
  const broken = { ...system, roles: undefined as unknown as SystemIR["roles"] };
  let inThread: unknown;
  try {
    docsFiles(broken);
  } catch (error) {
    inThread = error;
  }
  expect(inThread).toBeInstanceOf(Error);
  startTargetsWorker(broken);
  await expect(docsTarget.emit(broken, noFixtures(broken))).rejects.toThrow((inThread as Error).message);
});
