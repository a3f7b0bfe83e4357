import type { SystemIR } from "../../ir/types.ts";
import type { FixtureFile } from "../../verify/fixtures.ts";
import type { GeneratedFile, Target } from "../target.ts";
import { renderData, renderManifest } from "./data.ts";
import { policyView } from "./policy.ts";
import { render } from "./render.ts";
import { renderFixturesData, testsView } from "./tests.ts";

export { regoPaths } from "./identifiers.ts";

/** The deployed bundle of one system, relative to its bundle directory (`generated/rego/<system>/`). */
export function regoBundle(system: SystemIR): GeneratedFile[] {
  const policy = renderPolicy(system);
  const data = renderData(system);
  return [
    { path: ".manifest", content: renderManifest(system, { "data.json": data, "policy.rego": policy }) },
    { path: "data.json", content: data },
    { path: "policy.rego", content: policy },
  ];
}

/** The bundle's unit tests, outside it (`generated/rego-tests/<system>/`): run `opa test` on both folders. */
export function regoTests(system: SystemIR, fixtures: FixtureFile): GeneratedFile[] {
  return [
    { path: "fixtures.json", content: renderFixturesData(system, fixtures) },
    { path: "policy_test.rego", content: render("policy_test.rego", testsView(system, fixtures)) },
  ];
}

export function renderPolicy(system: SystemIR): string {
  return render("policy.rego", policyView(system));
}

/** OPA / Rego: an OPA bundle per system (policy, declarations as data, manifest). */
export const regoTarget: Target = {
  name: "rego",
  emit: (system) => regoBundle(system).map((file) => ({ path: `${system.id}/${file.path}`, content: file.content })),
};

/** The OPA unit tests of each bundle, from the decision fixtures, kept out of the deployed bundle. */
export const regoTestsTarget: Target = {
  name: "rego-tests",
  emit: (system, { fixtures }) => regoTests(system, fixtures).map((file) => ({ path: `${system.id}/${file.path}`, content: file.content })),
};
