// The Cedar target of one system in a worker thread (see startCedar in index.ts): its checks are seconds of
// Cedar's parser on a large system, which another core can spend while this one does the other targets.
import { Worker } from "node:worker_threads";
import type { CedarSystem } from "./cedar-system.ts";
import type { CedarResult } from "./index.ts";

/** Whether this module runs from policyc's TypeScript sources (a checkout, the tests) rather than the built package. */
const fromSources = import.meta.url.endsWith(".ts");

/**
 * Compiles the worker's modules in its own thread: from the sources the worker first registers tsx there, as
 * bin/policyc.js does in the main thread (module hooks are per thread); the built package needs nothing.
 */
const registerTsxThenImport = `
const { workerData } = require("node:worker_threads");
import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.entry); });
`;

/** A worker thread that loads the Cedar modules and cedar-wasm as soon as it starts, then waits for its one system. */
export interface CedarWorker {
  /** cedarOutput(system), computed in the worker. Rejects only when the worker itself fails (a module that does not load). */
  answer(system: CedarSystem): Promise<CedarResult>;
  stop(): void;
}

export function startCedarWorker(): CedarWorker {
  const entry = new URL(`./worker-entry.${fromSources ? "ts" : "js"}`, import.meta.url);
  const worker = fromSources
    ? new Worker(registerTsxThenImport, { eval: true, workerData: { tsx: import.meta.resolve("tsx/esm/api"), entry: entry.href } })
    : new Worker(entry);
  // Until it is given a system, the worker does not keep the process alive: a compile that fails first still ends.
  worker.unref();
  const answered = new Promise<CedarResult>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the Cedar worker stopped (exit code ${code}) without an answer`)));
  });
  // A worker stopped or failed before it is given a system is nobody's error; once given one, answer's caller gets it.
  answered.catch(() => {});
  return {
    answer(system) {
      worker.ref();
      worker.postMessage(system);
      return answered;
    },
    stop() {
      void worker.terminate();
    },
  };
}
