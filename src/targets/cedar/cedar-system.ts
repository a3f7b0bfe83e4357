// What the Cedar target reads of a system. A worker thread is sent this projection rather than the whole IR: each
// action's own requirement, the pages it opens from and its position in the spec are a quarter of a large system's
// IR (10,000 actions: 2 of 7 MB to copy in this thread and decode in the worker), and the Cedar modules, typed
// against CedarSystem, cannot read them.
import type { ActionIR, SystemIR } from "../../ir/types.ts";

export type CedarAction = Omit<ActionIR, "requires" | "opensFrom" | "source">;

export interface CedarSystem extends Omit<SystemIR, "actions"> {
  actions: CedarAction[];
}

export function cedarSystem(system: SystemIR): CedarSystem {
  return { ...system, actions: system.actions.map(({ requires: _requires, opensFrom: _opensFrom, source: _source, ...action }) => action) };
}
