// Targets made in a worker thread for a large system: Cedar's checks (seconds of Cedar's parser) and the docs' role ×
// action matrix run on another core while this one generates the fixtures and emits the other targets.
import { Worker } from "node:worker_threads";
import type { SystemIR } from "../ir/types.ts";
import type { CedarResult } from "./cedar/index.ts";
import type { GeneratedFile } from "./target.ts";

/** What the worker answers for each target it makes: what that target's emit turns into its files. */
export interface WorkerAnswers {
  cedar: CedarResult;
  docs: GeneratedFile[];
}

export type WorkerTarget = keyof WorkerAnswers;

/**
 * The targets the worker makes, in that order (worker-entry.ts): Cedar first, the longer, then the docs. Each reads
 * the system alone, not its fixtures, so the worker can start as soon as the IR is built.
 */
export const WORKER_TARGETS: readonly WorkerTarget[] = ["cedar", "docs"];

/**
 * From this many actions, the worker targets are made in a worker thread. Below it the worker's own start (loading
 * the modules and cedar-wasm again, about half a second) costs more than it saves.
 */
const IN_WORKER_FROM = 1000;

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

/** What the worker sends back for one target: the answer, or what the target threw there. */
export type WorkerMessage = { target: WorkerTarget } & ({ answer: WorkerAnswers[WorkerTarget] } | { error: unknown });

type Answers = { [T in WorkerTarget]: Promise<WorkerAnswers[T]> };

/** A worker thread that loads the targets' modules and cedar-wasm as soon as it starts, then waits for its one system. */
interface TargetsWorker {
  /** Each worker target's answer for the system, made in the worker. */
  answer(system: SystemIR): Answers;
  stop(): void;
}

/** Workers started by prepareTargetsWorker, by the id of the system each is for, not yet given it. */
const prepared = new Map<string, TargetsWorker>();

const answers = new WeakMap<SystemIR, Answers>();

/**
 * Start the worker of a large system before its IR is built: loading the worker's modules and cedar-wasm (about half
 * a second) then overlaps the IR's stage rather than delaying the answers. The worker waits for that system (by id),
 * so a smaller system compiled before it neither takes nor stops it. `declared` is what the spec declares before its
 * IR exists (the compile's DeclaredSystem): the system's id and about how many actions it has.
 */
export function prepareTargetsWorker(declared: { id: string; actions: number }): void {
  if (declared.actions >= IN_WORKER_FROM && !prepared.has(declared.id)) prepared.set(declared.id, startWorker());
}

/**
 * Give a large system to its worker (the one prepared for it, if any), before the fixtures are generated; each worker
 * target's emit then waits for its answer (madeInWorker). A small system's prepared worker is stopped.
 */
export function startTargetsWorker(system: SystemIR): void {
  if (answers.has(system)) return;
  const worker = prepared.get(system.id);
  prepared.delete(system.id);
  if (system.actions.length < IN_WORKER_FROM) {
    worker?.stop();
    return;
  }
  answers.set(system, (worker ?? startWorker()).answer(system));
}

/** The worker's answer for one target of a system given to it; undefined when the target is to be made in this thread. */
export function madeInWorker<T extends WorkerTarget>(system: SystemIR, target: T): Promise<WorkerAnswers[T]> | undefined {
  return answers.get(system)?.[target];
}

function startWorker(): TargetsWorker {
  const entry = new URL(`./worker-entry.${fromSources ? "ts" : "js"}`, import.meta.url);
  const worker = fromSources
    ? new Worker(registerTsxThenImport, { eval: true, workerData: { tsx: import.meta.resolve("tsx/esm/api"), entry: entry.href } })
    : new Worker(entry);
  // Until it is given a system, the worker does not keep the process alive: a compile that fails first still ends.
  worker.unref();
  const settle = new Map<WorkerTarget, { resolve(answer: unknown): void; reject(error: unknown): void }>();
  const answered = Object.fromEntries(
    WORKER_TARGETS.map((target) => {
      const answer = new Promise((resolve, reject) => settle.set(target, { resolve, reject }));
      // Awaited by the target's emit; a compile that fails before it gets there must not also report it as unhandled.
      answer.catch(() => {});
      return [target, answer];
    }),
  ) as Answers;
  worker.on("message", (message: WorkerMessage) => {
    if ("error" in message) settle.get(message.target)!.reject(message.error);
    else settle.get(message.target)!.resolve(message.answer);
    settle.delete(message.target);
  });
  // A failed worker fails each target it has not answered for (a settled promise ignores the rest).
  const failAll = (error: Error) => settle.forEach(({ reject }) => reject(error));
  worker.once("error", failAll);
  worker.once("exit", (code) => failAll(new Error(`the targets' worker thread stopped (exit code ${code}) before it answered for ${[...settle.keys()].join(", ")}`)));
  return {
    answer(system) {
      worker.ref();
      // The IR is JSON data (the ir target writes it whole), sent as its JSON text: a string is copied as it is,
      // where a structured clone walks the object graph in both threads (10,000 actions: this thread 64 to 45 ms,
      // the worker's decoding 100-200 to 80-95 ms).
      worker.postMessage(JSON.stringify(system));
      return answered;
    },
    stop() {
      void worker.terminate();
    },
  };
}
