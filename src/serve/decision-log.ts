// The decision log: one JSON line per decision of the Access Evaluation and Evaluations APIs (each item of a batch
// its own line; searches are not logged). Written to a file or to standard output.
import fs from "node:fs";
import type { AuthzenEvaluation } from "../runtime/authzen.ts";

export interface DecisionLogEntry {
  time: string;
  requestId: string;
  /** The endpoint: evaluation or evaluations. */
  endpoint: string;
  system: string | null;
  subject: AuthzenEvaluation["subject"] | null;
  action: AuthzenEvaluation["action"] | null;
  resource: AuthzenEvaluation["resource"] | null;
  decision: boolean;
  reasons: string[];
  /** What in the request is probably a mistake (`path: message`); they never change the decision. */
  warnings: string[];
  engine: string;
  /** The policy revision (a hash of the compiled files decided with). */
  revision: string | null;
}

export interface DecisionLog {
  /** False when decisions are logged nowhere: nothing is built for it then. */
  enabled: boolean;
  write(entry: DecisionLogEntry): void;
  close(): Promise<void>;
}

/** A log to a file (appended), to standard output ("-"), or nowhere. */
export function openDecisionLog(target: string | undefined): DecisionLog {
  if (!target) return { enabled: false, write: () => {}, close: async () => {} };
  if (target === "-") return { enabled: true, write: (entry) => process.stdout.write(`${JSON.stringify(entry)}\n`), close: async () => {} };
  const stream = fs.createWriteStream(target, { flags: "a" });
  // A log that cannot be written is reported once, and never stops decisions.
  let failed = false;
  stream.on("error", (error) => {
    if (!failed) console.error(`policyc serve: the decision log ${target} cannot be written: ${error.message}`);
    failed = true;
  });
  return {
    enabled: true,
    write: (entry) => {
      if (!failed) stream.write(`${JSON.stringify(entry)}\n`);
    },
    close: () => new Promise((resolve) => stream.end(() => resolve())),
  };
}
