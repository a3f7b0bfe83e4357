// What the Cedar target reads of a system: each action without its own requirement, the pages it opens from and its
// position in the spec, which the Cedar modules, typed against CedarSystem, cannot read (a permit states the
// action's effective requirement).
import type { ActionIR, SystemIR } from "../../ir/types.ts";

export type CedarAction = Omit<ActionIR, "requires" | "opensFrom" | "source">;

export interface CedarSystem extends Omit<SystemIR, "actions"> {
  actions: CedarAction[];
}
