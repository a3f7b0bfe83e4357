// What the worker thread of in-worker.ts runs: the Cedar target of the system it is given, answered as data
// (a TargetError does not cross threads as itself, so the problems are sent and the main thread throws).
import { parentPort, workerData } from "node:worker_threads";
import type { CedarSystem } from "./cedar-system.ts";
import { cedarOutput } from "./index.ts";

parentPort!.postMessage(cedarOutput((workerData as { system: CedarSystem }).system));
