import type { Target } from "../target.ts";
import { typedModule } from "./module.ts";

/** A self-contained TypeScript module per system: id and name unions, the requirement table and a `can` guard. */
export const tsTarget: Target = {
  name: "ts",
  emit: (system) => [{ path: `${system.id}.ts`, content: typedModule(system) }],
};
