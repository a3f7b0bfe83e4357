import type { Target } from "../target.ts";

/** The IR itself, committed so reviewers see model changes next to their policy effects. */
export const irTarget: Target = {
  name: "ir",
  emit: (system) => [{ path: `${system.id}.json`, content: JSON.stringify(system, null, 2) + "\n" }],
};
