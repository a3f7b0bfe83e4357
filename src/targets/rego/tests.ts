// The OPA unit tests of one system, kept out of the deployed bundle: `fixtures.json` holds every decision fixture
// as data (grouped by action, one fixture per line), and `policy_test.rego` has one short test per action that
// decides that action's fixtures and lists the ids decided otherwise. Tests as data keep every line short and
// the Rego small, whatever the number of fixtures.
import type { SystemIR } from "../../ir/types.ts";
import type { FixtureFile } from "../../verify/fixtures.ts";
import { actionStem, regoPaths, RuleNames } from "./identifiers.ts";
import { requestJsonOf } from "../../verify/permission-variants.ts";
import { TextBuilder } from "../text-builder.ts";

/** The group of fixtures that are about the request's shape rather than one action. */
export const REQUEST_SHAPES = "request shapes";

export interface TestGroupView {
  /** The key of the group in fixtures.json: an action id, or REQUEST_SHAPES. */
  key: string;
  /** What the group covers, for its comment. */
  label: string;
  count: number;
  testName: string;
}

export interface TestsView {
  systemId: string;
  packageName: string;
  dataRef: string;
  fixturesRef: string;
  groups: TestGroupView[];
}

/**
 * The index in `fixtures.fixtures` of each fixture, by group, in the order the tests list them: every action (in
 * the IR's order), then the request shapes.
 */
function groupFixtures(system: SystemIR, fixtures: FixtureFile): Map<string, number[]> {
  const groups = new Map<string, number[]>(system.actions.map((a) => [a.id, []]));
  const shapes: number[] = [];
  fixtures.fixtures.forEach((fixture, i) => {
    const group = fixture.kind === "request" ? undefined : groups.get(fixture.action);
    (group ?? shapes).push(i);
  });
  groups.set(REQUEST_SHAPES, shapes);
  for (const [key, members] of groups) if (members.length === 0) groups.delete(key);
  return groups;
}

export function testsView(system: SystemIR, fixtures: FixtureFile): TestsView {
  const paths = regoPaths(system.id);
  const names = new RuleNames();
  const groups = [...groupFixtures(system, fixtures)].map(([key, members]): TestGroupView => {
    const isShapes = key === REQUEST_SHAPES;
    return {
      key,
      label: isShapes ? "request shapes: malformed and fail-closed requests" : `action ${key}`,
      count: members.length,
      testName: names.claim(`test_${isShapes ? "request_shapes" : actionStem(key)}`, key),
    };
  });
  return { systemId: system.id, packageName: paths.testPackageName, dataRef: paths.dataRef, fixturesRef: paths.fixturesRef, groups };
}

/**
 * fixtures.json: `{"policyc_fixtures": {"<system>": {"<group>": [{"id", "allow", "input"}]}}}`, rooted at `data`
 * so that `opa test` (which loads a JSON file at the root of a folder at `data`) and engines that add data at the
 * root read it at the same path. One fixture per line, its request as the fixtures target writes it: a changed
 * fixture is a one-line diff, and at 200,000 fixtures the file is written rather than laid out.
 */
export function renderFixturesData(system: SystemIR, fixtures: FixtureFile): string {
  const segments = regoPaths(system.id).fixturesSegments;
  // Written a chunk at a time, so the lines die young instead of all of a large system's being kept for one join.
  const out = new TextBuilder();
  out.push(`${segments.map((segment) => `{${JSON.stringify(segment)}: `).join("")}{\n`);
  let group = 0;
  for (const [key, members] of groupFixtures(system, fixtures)) {
    out.push(`${group++ === 0 ? "" : ",\n"}  ${JSON.stringify(key)}: [\n`);
    members.forEach((i, n) => {
      const fixture = fixtures.fixtures[i]!;
      out.push(`${n === 0 ? "" : ",\n"}    {"id":${JSON.stringify(fixture.id)},"allow":${fixture.expected === "allow"},"input":${requestJsonOf(fixture)}}`);
    });
    out.push("\n  ]");
  }
  out.push(`\n}${"}".repeat(segments.length)}\n`);
  return out.text();
}
