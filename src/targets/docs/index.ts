import type { Target } from "../target.ts";
import { docsView } from "./model.ts";
import { renderDocs } from "./render.ts";

/** The permission lookup for people, regenerated from the spec: what opens each page, what each action needs, who grants what. */
export const docsTarget: Target = {
  name: "docs",
  emit: (system) => [{ path: `${system.id}.md`, content: renderDocs(docsView(system)) }],
};
