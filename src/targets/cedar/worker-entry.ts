// What the worker thread of in-worker.ts runs: once its modules are loaded, the Cedar target of the one system it
// is then sent, answered as data (a TargetError does not cross threads as itself, so the problems are sent and the
// main thread throws).
import { parentPort } from "node:worker_threads";
import type { CedarSystem } from "./cedar-system.ts";
import { cedarOutput } from "./index.ts";

parentPort!.once("message", (system: CedarSystem) => parentPort!.postMessage(cedarOutput(system)));
