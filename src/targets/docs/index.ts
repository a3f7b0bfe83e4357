import type { SystemIR } from "../../ir/types.ts";
import { madeInWorker } from "../in-worker.ts";
import type { GeneratedFile, Target } from "../target.ts";
import { docsView } from "./model.ts";
import { renderDocs } from "./render.ts";

/** The permission lookup for people, regenerated from the spec: what opens each page, what each action needs, who grants what. */
export const docsTarget: Target = {
  name: "docs",
  // A large system's docs are made in the targets' worker thread (src/targets/in-worker.ts).
  emit: (system) => madeInWorker(system, "docs") ?? docsFiles(system),
};

/** The docs of one system, made in this thread. */
export function docsFiles(system: SystemIR): GeneratedFile[] {
  return [{ path: `${system.id}.md`, content: renderDocs(docsView(system)) }];
}
