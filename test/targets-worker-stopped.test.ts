// A worker thread that fails or stops before it answers (a module that does not load, a crash) fails each target it
// was to make with an error that says so, rather than leaving the compile waiting.
import type { EventEmitter } from "node:events";
import { expect, it, vi } from "vitest";
import { syntheticSystem } from "../bench/synthetic.ts";
import { buildSystem } from "../src/compile/build-system.ts";
import type { SystemIR } from "../src/ir/types.ts";
import { cedarTarget } from "../src/targets/cedar/index.ts";
import { docsTarget } from "../src/targets/docs/index.ts";
import { startTargetsWorker } from "../src/targets/in-worker.ts";

// What each worker does once given its system: the test sets it.
let given: (worker: EventEmitter) => void = () => {};
vi.mock("node:worker_threads", async (original) => {
  const real = await original<typeof import("node:worker_threads")>();
  // Imported here: vi.mock runs before the file's imports.
  const { EventEmitter } = await import("node:events");
  class FailingWorker extends EventEmitter {
    ref() {}
    unref() {}
    terminate() {}
    postMessage() {
      setImmediate(() => given(this));
    }
  }
  return { ...real, Worker: FailingWorker };
});

const noFixtures = (system: SystemIR) => ({ fixtures: { system: system.id, count: 0, exhaustiveActions: 0, coveredActions: 0, fixtures: [] } });

it("a worker that fails fails each target's emit with its error", async () => {
  given = (worker) => {
    worker.emit("error", new Error("Cannot find module 'cedar-wasm'"));
    worker.emit("exit", 1);
  };
  const system = buildSystem(syntheticSystem(1000));
  startTargetsWorker(system);
  await expect(cedarTarget.emit(system, noFixtures(system))).rejects.toThrow("Cannot find module 'cedar-wasm'");
  await expect(docsTarget.emit(system, noFixtures(system))).rejects.toThrow("Cannot find module 'cedar-wasm'");
});

it("a worker that stops after answering for some targets fails the others' emit, naming them", async () => {
  const system = buildSystem(syntheticSystem(1000));
  given = (worker) => {
    worker.emit("message", { target: "cedar", answer: { problems: ["schema.cedarschema does not parse"] } });
    worker.emit("exit", 1);
  };
  startTargetsWorker(system);
  await expect(cedarTarget.emit(system, noFixtures(system))).rejects.toThrow(/^cedar target, system synthetic: schema.cedarschema does not parse/);
  await expect(docsTarget.emit(system, noFixtures(system))).rejects.toThrow("the targets' worker thread stopped (exit code 1) before it answered for docs");
});
