import type { SystemIR } from "../../ir/types.ts";
import type { FixtureFile } from "../../verify/fixtures.ts";
import type { GeneratedFile, Target } from "../target.ts";
import { renderData, renderManifest } from "./data.ts";
import { policyView } from "./policy.ts";
import { render } from "./render.ts";
import { testsView } from "./tests.ts";

export { regoPaths } from "./identifiers.ts";

/** The bundle files of one system, relative to its bundle directory (`generated/rego/<system>/`). */
export function regoBundle(system: SystemIR, fixtures: FixtureFile): GeneratedFile[] {
  return [
    { path: ".manifest", content: renderManifest(system) },
    { path: "data.json", content: renderData(system) },
    { path: "policy.rego", content: renderPolicy(system) },
    { path: "policy_test.rego", content: render("policy_test.rego", testsView(system, fixtures)) },
  ];
}

export function renderPolicy(system: SystemIR): string {
  return render("policy.rego", policyView(system));
}

/** OPA / Rego: an OPA bundle per system (policy, declarations as data, manifest, unit tests from the fixtures). */
export const regoTarget: Target = {
  name: "rego",
  emit: (system, { fixtures }) => regoBundle(system, fixtures).map((file) => ({ path: `${system.id}/${file.path}`, content: file.content })),
};
