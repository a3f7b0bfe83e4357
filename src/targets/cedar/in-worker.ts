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

/** cedarOutput(system), computed in a worker thread (sent the system's projection: see cedar-system.ts). Rejects only when the worker itself fails (a module that does not load). */
export function cedarOutputInWorker(system: CedarSystem): Promise<CedarResult> {
  const entry = new URL(`./worker-entry.${fromSources ? "ts" : "js"}`, import.meta.url);
  const worker = fromSources
    ? new Worker(registerTsxThenImport, { eval: true, workerData: { tsx: import.meta.resolve("tsx/esm/api"), entry: entry.href, system } })
    : new Worker(entry, { workerData: { system } });
  return new Promise((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the Cedar worker stopped (exit code ${code}) without an answer`)));
  });
}
