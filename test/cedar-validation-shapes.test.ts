// Strict validation of one policy per shape (src/targets/cedar/validation-shapes.ts): policies told apart only by
// entity ids, annotations, comments or their action's id share a shape; anything the validator reads does not.
import { checkParseSchema } from "@cedar-policy/cedar-wasm/nodejs";
import { describe, expect, it } from "vitest";
import { loadSystems } from "../src/compile/load-systems.ts";
import { emitCedar } from "../src/targets/cedar/index.ts";
import { checkRendered, readSchema, soleActionOfText } from "../src/targets/cedar/validate.ts";
import { policyShape } from "../src/targets/cedar/validation-shapes.ts";

const system = (await loadSystems("test/golden/constructs/spec"))[0]!.system;
const output = emitCedar(system);
const read = readSchema(output.schema);
if (!read.ok) throw new Error(read.problem);
const schema = read.value;
const [namespace] = Object.keys(schema);
const [first, second] = system.actions.map((a) => a.id);

/** A permit scoped to `action`, its condition `condition`, with a comment and an @id of its own. */
const permit = (id: string, action: string, condition: string) =>
  `// ${id}: a comment with "quotes" and ${namespace}::Permission::"in it"\n@id(${JSON.stringify(id)})\npermit (\n  principal,\n  action == ${namespace}::Action::${JSON.stringify(action)},\n  resource\n)\nwhen { ${condition} };`;
const shape = (text: string) => policyShape(schema, { text, soleAction: soleActionOfText(schema, text)! });
const holds = (name: string) => `principal in ${namespace}::Permission::${JSON.stringify(name)}`;

describe("policy shapes for strict validation", () => {
  it("are shared by policies told apart only by comments, @id, permission names and their action's id", () => {
    expect(shape(permit("a", first!, holds("View orders")))).toBeDefined();
    expect(shape(permit("a", first!, holds("View orders")))).toBe(shape(permit("b", second!, holds("Edit orders"))));
  });

  it("differ when the condition differs in anything else, even inside a string", () => {
    const base = shape(permit("a", first!, holds("View orders")));
    expect(shape(permit("a", first!, `${holds("View orders")} && ${holds("Edit orders")}`))).not.toBe(base);
    expect(shape(permit("a", first!, `context has x && context.x == "${namespace}::Permission::"`))).not.toBe(shape(permit("a", first!, `context has x && context.x == "other"`)));
  });

  it("are not read from a line with code and a comment", () => {
    expect(shape(permit("a", first!, `${holds("View orders")} // a trailing comment`))).toBeUndefined();
  });

  it("still name every failing policy of a shape", () => {
    const bad = (id: string, action: string) => ({ id, text: permit(id, action, `resource.colour == "red"`) });
    const problems = checkRendered(schema, "// header\n", [bad("bad-one", first!), bad("bad-two", second!)], []).join("\n");
    expect(problems).toMatch(/policy bad-one fails strict validation/);
    expect(problems).toMatch(/policy bad-two fails strict validation/);
  });
});

describe("policies on every action, validated against one action per declaration", () => {
  const forbid = (id: string, condition: string) => ({ id, text: `// ${id}\n@id(${JSON.stringify(id)})\nforbid (principal, action, resource)\nunless { ${condition} };` });

  it("still fail strict validation when they read what the schema does not declare", () => {
    expect(checkRendered(schema, "// header\n", [forbid("ok", "principal has projectUser && principal.projectUser == true")], [])).toEqual([]);
    const problems = checkRendered(schema, "// header\n", [forbid("bad-every-action", `resource.colour == "red"`)], []).join("\n");
    expect(problems).toMatch(/policy bad-every-action fails strict validation: .*colour/);
  });

  it("that name an action are validated against the whole schema, which must declare it", () => {
    const named = forbid("names-an-action", `action == ${namespace}::Action::"no.such.action"`);
    expect(checkRendered(schema, "// header\n", [named], []).join("\n")).toMatch(/policy names-an-action fails strict validation/);
    const declared = forbid("names-a-declared-action", `action == ${namespace}::Action::${JSON.stringify(second)}`);
    expect(checkRendered(schema, "// header\n", [declared], [])).toEqual([]);
  });

  it("leave the whole schema checked: a fault in an action the narrowed schema leaves out is reported", () => {
    const [ns, definition] = Object.entries(schema)[0]!;
    const actions = Object.entries(definition.actions);
    const [lastId, last] = actions.at(-1)!;
    // The same declaration as the others (annotations aside), so not the one kept for its environments.
    const broken = { [ns]: { ...definition, actions: { ...definition.actions, [lastId]: { ...last, annotations: { "not an id": "x" } } } } } as typeof schema;
    expect(checkRendered(broken, "// header\n", [forbid("ok", "principal has projectUser && principal.projectUser == true")], [])).toEqual([
      expect.stringMatching(/^schema.cedarschema does not parse: .*invalid id `not an id`/),
    ]);
  });
});

describe("the schema, read by Cedar in two parts (schemaProblem)", () => {
  const [ns, definition] = Object.entries(schema)[0]!;
  const actions = Object.entries(definition.actions);
  const [lastId, last] = actions.at(-1)!;
  const appliesTo = last.appliesTo!;
  /** The schema with the last action's declaration changed: it is then not one of the others' declarations. */
  const withLast = (declaration: (typeof definition.actions)[string]) =>
    ({ [ns]: { ...definition, actions: { ...definition.actions, [lastId]: declaration } } }) as typeof schema;
  const problems = (broken: typeof schema) => checkRendered(broken, "// header\n", [], []);
  const [firstId, first] = actions[0]!;
  /** The schema with the first and the last action in the groups given, each otherwise declared as it was. */
  const withBoth = (firstGroups: Array<{ id: string }>, lastGroups: Array<{ id: string }>) =>
    ({ [ns]: { ...definition, actions: { ...definition.actions, [firstId]: { ...first, memberOf: firstGroups }, [lastId]: { ...last, memberOf: lastGroups } } } }) as typeof schema;

  it.each([
    ["a context type that is not declared", withLast({ ...last, appliesTo: { ...appliesTo, context: { type: "NoSuchContext" } } })],
    ["a context that is not a record", withLast({ ...last, appliesTo: { ...appliesTo, context: { type: "String" } } as typeof appliesTo })],
    ["a principal type that is not declared", withLast({ ...last, appliesTo: { ...appliesTo, principalTypes: [...appliesTo.principalTypes!, "NoSuchEntity"] } })],
    ["a resource type that is not declared", withLast({ ...last, appliesTo: { ...appliesTo, resourceTypes: ["NoSuchEntity"] } })],
    ["a group that is not declared", withLast({ ...last, memberOf: [{ id: "no.such.group" }] })],
    ["an action that is its own group", withLast({ ...last, memberOf: [{ id: lastId }] })],
    ["an annotation that is not an id", withLast({ ...last, annotations: { "not an id": "x" } })],
    ["an annotation that is not an id beside one every action has", withLast({ ...last, annotations: { ...last.annotations, "not an id": "x" } })],
    ["an annotation whose value is not a string", withLast({ ...last, annotations: { doc: 5 as unknown as string } })],
    ["attributes, which Cedar does not take on an action", withLast({ ...last, attributes: {} })],
    ["two actions declared like the others that are each other's group", withBoth([{ id: lastId }], [{ id: firstId }])],
    ["an entity type's attribute of an undeclared type", { [ns]: { ...definition, entityTypes: { ...definition.entityTypes, Extra: { shape: { type: "Record", attributes: { a: { type: "EntityOrCommon", name: "NoSuchType" } } } } } } } as typeof schema],
  ])("still reports %s in one action or type, as a schema that does not parse", (_fault, broken) => {
    expect(problems(broken)).toEqual([expect.stringMatching(/^schema.cedarschema does not parse: /)]);
  });

  it("takes any string as an annotation's value, so one action is read for those declared alike but for their ids and annotations' values", () => {
    const odd = withLast({ ...last, annotations: { doc: 'a "quoted" \\ value\non two lines, with \u0000 and ✓ 😀' } });
    expect(checkParseSchema(odd)).toEqual({ type: "success" });
    expect(problems(odd)).toEqual([]);
  });

  it("still reads every id and annotation value with a lone surrogate, which cedar-wasm cannot take in", () => {
    const lone = "\ud800";
    expect(() => problems(withLast({ ...last, annotations: { doc: `half a pair: ${lone}` } }))).toThrow(/escape/);
    const renamed = { [ns]: { ...definition, actions: { ...definition.actions, [`${lastId}${lone}`]: last } } } as typeof schema;
    expect(() => problems(renamed)).toThrow(/escape/);
  });

  it("reports nothing of a sound schema with actions declared apart", () => {
    const widened = withLast({ ...last, appliesTo: { ...appliesTo, principalTypes: [...appliesTo.principalTypes!, "Role"] } });
    expect(problems(widened)).toEqual([]);
    // A group declared as another action is, which is still read beside the action in it.
    const grouped = { [ns]: { ...definition, actions: { ...definition.actions, [lastId]: { ...last, memberOf: [{ id: "twin" }] }, twin: first } } } as typeof schema;
    expect(problems(grouped)).toEqual([]);
    expect(problems(schema)).toEqual([]);
  });
});
