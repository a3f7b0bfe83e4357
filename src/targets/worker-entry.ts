// What the worker thread of in-worker.ts runs: once its modules are loaded, each worker target of the one system it
// is then sent (as JSON), each answered as data as soon as it is made. A target's error is sent as it was thrown
// (structured clone keeps its message and stack, not its class: the Cedar target sends its problems and the main
// thread throws).
import { parentPort } from "node:worker_threads";
import type { SystemIR } from "../ir/types.ts";
import { cedarOutput } from "./cedar/index.ts";
import { docsFiles } from "./docs/index.ts";
import { WORKER_TARGETS, type WorkerAnswers, type WorkerMessage } from "./in-worker.ts";

const make: { [T in keyof WorkerAnswers]: (system: SystemIR) => WorkerAnswers[T] } = {
  cedar: cedarOutput,
  docs: docsFiles,
};

parentPort!.once("message", (json: string) => {
  const system = JSON.parse(json) as SystemIR;
  for (const target of WORKER_TARGETS) {
    let message: WorkerMessage;
    try {
      message = { target, answer: make[target](system) };
    } catch (error) {
      message = { target, error };
    }
    parentPort!.postMessage(message);
  }
});
