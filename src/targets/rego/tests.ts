// The view model of policy_test.rego: OPA unit tests from the decision fixtures, one test per action deciding
// a table of that action's fixtures, so ten thousand fixtures make a few hundred tests rather than ten thousand.
import type { SystemIR } from "../../ir/types.ts";
import type { Fixture, FixtureFile } from "../../verify/fixtures.ts";
import { actionStem, regoPaths, RuleNames } from "./identifiers.ts";
import { regoString, regoTerm } from "./strings.ts";

/** The function every test calls; no table or test can take its name. */
const DECIDES = "decided_as_expected";

export interface TestGroupView {
  /** What the group covers, for its comment. */
  label: string;
  count: number;
  testName: string;
  tableName: string;
  /** One Rego object per fixture: `{"id": ..., "allow": ..., "input": ...}`. */
  rows: string[];
}

export interface TestsView {
  systemId: string;
  packageName: string;
  dataRef: string;
  total: number;
  decides: string;
  groups: TestGroupView[];
}

export function testsView(system: SystemIR, fixtures: FixtureFile): TestsView {
  const paths = regoPaths(system.id);
  const names = new RuleNames([DECIDES]);
  const byAction = new Map<string, Fixture[]>(system.actions.map((a) => [a.id, []]));
  const requestShapes: Fixture[] = [];
  for (const fixture of fixtures.fixtures) {
    const group = fixture.kind === "request" ? undefined : byAction.get(fixture.action);
    (group ?? requestShapes).push(fixture);
  }
  const groups: TestGroupView[] = [];
  const add = (label: string, stem: string, members: Fixture[]) => {
    if (members.length === 0) return;
    groups.push({
      label,
      count: members.length,
      testName: names.claim(`test_${stem}`),
      tableName: names.claim(`${stem}_fixtures`),
      rows: members.map(row),
    });
  };
  for (const [action, members] of byAction) add(`action ${action}`, actionStem(action), members);
  add("request shapes: malformed and fail-closed requests", "request_shapes", requestShapes);
  return { systemId: system.id, packageName: paths.testPackageName, dataRef: paths.dataRef, total: fixtures.fixtures.length, decides: DECIDES, groups };
}

function row(fixture: Fixture): string {
  return `{"id": ${regoString(fixture.id)}, "allow": ${fixture.expected === "allow"}, "input": ${regoTerm(fixture.request)}}`;
}
