// What the fake `opa eval` runs: a query term evaluated by policyc's embedded Rego interpreter, as JSON.
import { compileModules as compile, evalRef, toJson, type RegoPolicy, type RegoSource } from "../../src/rego-interpreter/index.ts";

export function compileModules(modules: RegoSource[]): RegoPolicy {
  return compile(modules);
}

/** The value of a one-term query (a ref or a comprehension), undefined when undefined. */
export function evalQuery(policy: RegoPolicy, query: string, documents: { data: unknown; input: unknown }): unknown {
  const value = evalRef(policy, query, documents);
  return value === undefined ? undefined : toJson(value);
}
