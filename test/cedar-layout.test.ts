import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatByCedar, formatCedar, INDENT, LINE_WIDTH } from "../src/targets/cedar/format.ts";
import { renderPolicies } from "../src/targets/cedar/policies.ts";
import { layoutPolicy } from "../src/targets/cedar/policy-layout.ts";
import { cedarCorpus } from "./support/cedar-corpus.ts";

// The compile lays most policies out itself (policy-layout.ts) instead of asking Cedar's formatter: the layout must
// be Cedar's, byte for byte, on every policy the templates render, so a template or layout change that breaks it
// fails here.
const corpus = await cedarCorpus();

describe("the policies' layout is Cedar's formatter's", () => {
  let laidOut = 0;
  let total = 0;
  it.each(corpus)("$name", ({ system }) => {
    const texts = renderPolicies(system).policies.map((p) => p.text);
    const byCedar = formatByCedar(texts);
    if (!byCedar.ok) throw new Error(byCedar.problem);
    texts.forEach((text, i) => {
      const mine = layoutPolicy(text, LINE_WIDTH, INDENT);
      total++;
      if (mine === undefined) return;
      laidOut++;
      expect(mine, text).toBe(byCedar.policies[i]);
    });
    expect(formatCedar(texts)).toEqual(byCedar);
  });

  it("lays out nearly every policy itself (Cedar formats those with text outside ASCII or a comment ending in a space)", () => {
    expect(laidOut).toBeGreaterThan(0.9 * total);
  });
});

/** Random conditions of the kinds the templates write, with names of every length so lines end at every column. */
const name = fc.stringMatching(/^[A-Za-z](?:[A-Za-z _.-]{0,40}[A-Za-z])?$/);
const attribute = fc.constantFrom("staff", "status", "group", "projectUser", "heldPermissions", "a_rather_long_attribute_name");
const base = fc.constantFrom("principal", "resource", "context");
const condition: fc.Arbitrary<string> = fc.letrec<{ c: string }>((tie) => ({
  c: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    name.map((n) => `principal in Ns::Permission::${JSON.stringify(n)}`),
    fc.tuple(base, attribute).map(([b, a]) => `(${b} has ${a} && ${b}.${a})`),
    fc.tuple(base, attribute, fc.array(name, { minLength: 1, maxLength: 4 })).map(([b, a, vs]) => `(${b} has ${a} && [${vs.map((v) => JSON.stringify(v)).join(", ")}].contains(${b}.${a}))`),
    fc.tuple(base, attribute).map(([b, a]) => `(principal has heldPermissions && principal.heldPermissions.containsAll(${b}.${a}))`),
    fc.tuple(base, attribute, tie("c")).map(([b, a, c]) => `(if ${b} has ${a} then ${c} else true)`),
    fc.tuple(attribute, name).map(([a, n]) => `resource[${JSON.stringify(n)}] == principal.${a}`),
    fc.array(name, { minLength: 1, maxLength: 12 }).map((ids) => `(principal.projectUser == true || action in [${ids.map((i) => `Ns::Action::${JSON.stringify(i)}`).join(", ")}])`),
    fc.tuple(attribute, fc.boolean()).map(([a, users]) => (users ? `resource.${a}.contains(principal.id)` : `resource.${a} != principal.id`)),
    tie("c").map((c) => `!(${c})`),
    fc.array(tie("c"), { minLength: 2, maxLength: 4 }).map((cs) => `(${cs.join(" && ")})`),
    fc.array(tie("c"), { minLength: 2, maxLength: 4 }).map((cs) => `(${cs.join(" || ")})`),
  ),
})).c;
const policy = fc
  .tuple(name, fc.array(condition, { minLength: 1, maxLength: 5 }), fc.constantFrom("when", "unless"), fc.boolean())
  .map(([id, conditions, keyword, scoped]) => {
    const scope = scoped ? `principal, action == Ns::Action::${JSON.stringify(id)}, resource` : "principal, action, resource";
    return `// ${id}\n@id(${JSON.stringify(id)})\npermit (${scope})\n${keyword} { ${conditions.join(" && ")} };`;
  });

it("lays out random policies of the templates' constructs as Cedar's formatter does", () => {
  let laidOut = 0;
  fc.assert(
    fc.property(policy, (text) => {
      const byCedar = formatByCedar([text]);
      if (!byCedar.ok) throw new Error(`${byCedar.problem}\n${text}`);
      const mine = layoutPolicy(text, LINE_WIDTH, INDENT);
      if (mine !== undefined) laidOut++;
      expect(mine, text).toBe(byCedar.policies[0]);
    }),
    { numRuns: 500, seed: 20261130 },
  );
  expect(laidOut).toBe(500);
});
