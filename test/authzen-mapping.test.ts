// The spec's AuthZEN mapping: typed in the DSL, checked and lowered into the IR, and how the runtime translates an
// AuthZEN evaluation with it and the directory.
import { describe, expect, it } from "vitest";
import { buildSystem } from "../src/compile/build-system.ts";
import { defineSystem } from "../src/dsl/system-builder.ts";
import { SpecErrors } from "../src/ir/errors.ts";
import { irSchemaErrors } from "../src/ir/schema.ts";
import { decide } from "../src/eval/decide.ts";
import { translateEvaluation } from "../src/runtime/authzen.ts";
import { parseDirectory } from "../src/runtime/directory.ts";

function docs() {
  const system = defineSystem({
    id: "docs",
    title: "Docs",
    document: "docs.md",
    permissions: { "Read docs": {}, "Edit docs": {}, "Edit own docs": {}, "Edit archived docs": {} },
    roles: { reader: { grants: ["Read docs"] }, writer: { grants: ["Read docs", "Edit own docs"] } },
    context: { urgent: { description: "An urgent edit." } },
    resource: {
      state: { kind: "enum", values: ["live", "archived"], description: "The document's state." },
      mine: { kind: "flag", description: "The document is the subject's own." },
    },
  });
  const { any, all, require, resourceIs, onlyIf, resourceIn } = system.req;
  system.area("Docs", {}, (docs) => {
    docs.action("Read", "Read docs", { id: "read" });
    docs.action("Edit", all(any("Edit docs", all("Edit own docs", require(resourceIs("mine", true)))), onlyIf(resourceIn("state", "archived"), "Edit archived docs")), { id: "edit" });
  });
  return system;
}

const valid = () =>
  docs().authzen({
    subjects: { user: { properties: { role: "roles", grants: "permissions", boss: "staff", hurry: { context: "urgent" } } } },
    resources: {
      document: { properties: { state: { attribute: "state" } }, matches: { mine: { resourceProperty: "owner", subjectAttribute: "email" } } },
      archive: { listedOnly: true },
    },
    actions: {
      read: { action: "docs.read", resources: ["document", "archive"] },
      edit: { action: "docs.edit", resources: ["document"], properties: { urgent: { context: "urgent" } } },
    },
    context: { urgent: "urgent" },
  });

describe("lowering", () => {
  it("lowers the mapping into the IR, schema-valid", () => {
    const system = buildSystem(valid());
    expect(irSchemaErrors(system)).toEqual([]);
    expect(system.authzen).toMatchObject({
      subjects: [{ type: "user", properties: [{ property: "role", to: { kind: "roles" } }, { property: "grants", to: { kind: "permissions" } }, { property: "boss", to: { kind: "staff" } }, { property: "hurry", to: { kind: "context", key: "urgent" } }] }],
      resources: [
        { type: "document", properties: [{ property: "state", to: { kind: "resource", attribute: "state" } }], matches: [{ attribute: "mine", resourceProperty: "owner", subjectAttribute: "email" }], listedOnly: false },
        { type: "archive", properties: [], matches: [], listedOnly: true },
      ],
      actions: [
        { name: "read", action: "docs.read", resourceTypes: ["document", "archive"], properties: [] },
        { name: "edit", action: "docs.edit", resourceTypes: ["document"], properties: [{ property: "urgent", to: { kind: "context", key: "urgent" } }] },
      ],
      context: [{ property: "urgent", to: { kind: "context", key: "urgent" } }],
    });
  });

  it("leaves a system without a mapping as it was: no authzen key", () => {
    expect("authzen" in buildSystem(docs())).toBe(false);
  });

  it("refuses names the system does not have, each with a spec error", () => {
    const system = docs().authzen({
      subjects: { user: { properties: { hurry: { context: "nope" as "urgent" } } } },
      resources: { document: { properties: { size: { attribute: "size" as "state" } }, matches: { state: { resourceProperty: "owner", subjectAttribute: "email" } } as never } },
      actions: { read: { action: "docs.reed", resources: ["document", "folder" as "document"] } },
    });
    let errors: string[] = [];
    try {
      buildSystem(system);
    } catch (error) {
      errors = (error as SpecErrors).errors.map((e) => `${e.code}: ${e.detail}`);
    }
    expect(errors).toEqual([
      'invalid-authzen-mapping: subject "user".properties.hurry maps to undeclared context key "nope"',
      'invalid-authzen-mapping: resource "document".properties.size maps to undeclared resource attribute "size"',
      'invalid-authzen-mapping: resource "document" match sets "state", which is not a declared resource flag',
      'invalid-authzen-mapping: action "read" is decided as "docs.reed", which is not an action of the system',
      'invalid-authzen-mapping: action "read" applies to undeclared resource type "folder"',
    ]);
  });

  it("is typed by the system's names", () => {
    docs().authzen({
      // @ts-expect-error: not a context key of the system
      subjects: { user: { properties: { hurry: { context: "urgnet" } } } },
      // @ts-expect-error: not a resource attribute of the system
      resources: { document: { properties: { s: { attribute: "stat" } } } },
      // @ts-expect-error: not a declared resource type of the mapping
      actions: { read: { action: "docs.read", resources: ["folder"] } },
    });
  });
});

describe("translation", () => {
  const system = buildSystem(valid());
  const directory = parseDirectory({
    subjects: { user: { ann: { roles: ["writer"], attributes: { email: "ann@example.com" } }, bo: { permissions: ["Read docs"] } } },
    resources: { document: { d1: { properties: { state: "archived", owner: "ann@example.com" } } }, archive: { a1: {} } },
  });
  const ann = { type: "user", id: "ann" };

  it("joins the directory's roles with the request's, computes ownership, and lets the request's resource properties win", () => {
    const t = translateEvaluation(system, directory, {
      subject: { ...ann, properties: { role: "reader", grants: ["Edit docs"], boss: true, hurry: true } },
      action: { name: "edit", properties: { urgent: false } },
      resource: { type: "document", id: "d1", properties: { state: "live" } },
      context: { urgent: true, other: 1 },
    });
    expect(t).toMatchObject({
      ok: true,
      request: { action: "docs.edit", principal: { roles: ["writer", "reader"], permissions: ["Edit docs"], staff: true }, resource: { state: "live", mine: true }, context: { urgent: false } },
    });
  });

  it("takes the subject's attributes from the directory over the request's, so a PEP cannot claim ownership", () => {
    const t = translateEvaluation(system, directory, { subject: { ...ann, properties: { email: "bo@example.com" } }, action: { name: "edit" }, resource: { type: "document", id: "x", properties: { owner: "bo@example.com" } } });
    expect(t.ok && t.request.resource).toEqual({ mine: false });
  });

  it("denies, with the reason, what it does not know or cannot read", () => {
    const reason = (evaluation: Parameters<typeof translateEvaluation>[2]) => {
      const t = translateEvaluation(system, directory, evaluation);
      return t.ok ? "ok" : t.reason;
    };
    const read = { name: "read" };
    const doc = { type: "document", id: "d1" };
    expect(reason({ subject: { type: "robot", id: "ann" }, action: read, resource: doc })).toBe('unknown subject type "robot"');
    expect(reason({ subject: { type: "user", id: "cy" }, action: read, resource: doc })).toBe('unknown subject "cy" of type "user"');
    expect(reason({ subject: ann, action: { name: "burn" }, resource: doc })).toBe('unknown action "burn"');
    expect(reason({ subject: ann, action: read, resource: { type: "folder", id: "f" } })).toBe('unknown resource type "folder"');
    expect(reason({ subject: ann, action: { name: "edit" }, resource: { type: "archive", id: "a1" } })).toBe('action "edit" does not apply to resources of type "archive"');
    expect(reason({ subject: ann, action: read, resource: { type: "archive", id: "a2" } })).toBe('unknown resource "a2" of type "archive"');
    expect(reason({ subject: ann, action: read, resource: { type: "archive", id: "a1" } })).toBe("ok");
    expect(reason({ subject: { ...ann, properties: { role: 3 } }, action: read, resource: doc })).toBe("subject.properties.role must be a string or an array of strings");
  });

  it("without a directory, knows a subject by what its request says", () => {
    const t = translateEvaluation(system, null, { subject: { type: "user", id: "anyone", properties: { role: ["reader"] } }, action: { name: "read" }, resource: { type: "document", id: "d9" } });
    expect(t).toMatchObject({ ok: true, request: { principal: { roles: ["reader"], permissions: [] }, resource: {}, context: {} } });
  });

  it("refuses a directory file that is not one, naming the place", () => {
    expect(() => parseDirectory({ subjects: { user: { ann: { roles: "writer" } } } }, "dir.json")).toThrow('dir.json: subjects.user.ann.roles must be an array of strings [invalid-directory]');
    expect(() => parseDirectory([], "dir.json")).toThrow(/must be a JSON object/);
  });
});

describe("principal attributes and the subject's id", () => {
  function tracker() {
    const system = defineSystem({
      id: "tracker",
      title: "Tracker",
      document: "tracker.md",
      permissions: { "Read issues": {} },
      principal: {
        external: { kind: "flag", default: false, description: "A contractor." },
        plan: { kind: "enum", values: ["free", "premium"], description: "The subscription." },
      },
      resource: { author: { kind: "user", description: "Who opened the issue." } },
    });
    const { any, require, principalIs, principalIn, relation } = system.req;
    system.area("Issues", {}, (issues) => {
      issues.action("Edit", any(require(relation("author")), require(principalIn("plan", "premium"))), { id: "edit", deny: principalIs("external", true) });
      issues.action("Read", "Read issues", { id: "read" });
    });
    return system;
  }
  const mapped = () =>
    tracker().authzen({
      subjects: { user: { properties: { contractor: { principal: "external" }, tier: { principal: "plan" }, role: "roles" } } },
      resources: { issue: { properties: { author: { attribute: "author" } } } },
      actions: { edit: { action: "issues.edit", resources: ["issue"] } },
    });

  it("lowers a subject property mapped to a principal attribute, schema-valid, and refuses an undeclared one", () => {
    const system = buildSystem(mapped());
    expect(irSchemaErrors(system)).toEqual([]);
    expect(system.authzen!.subjects[0]!.properties.slice(0, 2)).toEqual([
      { property: "contractor", to: { kind: "principal", attribute: "external" } },
      { property: "tier", to: { kind: "principal", attribute: "plan" } },
    ]);
    let errors: string[] = [];
    try {
      buildSystem(tracker().authzen({ subjects: { user: { properties: { x: { principal: "extern" as "external" } } } }, resources: {}, actions: { edit: { action: "issues.edit", resources: [] } } }));
    } catch (error) {
      errors = (error as SpecErrors).errors.map((e) => `${e.code}: ${e.detail}`);
    }
    expect(errors).toEqual(['invalid-authzen-mapping: subject "user".properties.x maps to undeclared principal attribute "extern"']);
    tracker().authzen({
      // @ts-expect-error: not a principal attribute of the system
      subjects: { user: { properties: { x: { principal: "extern" } } } },
      resources: {},
      actions: {},
    });
  });

  it("gives the request the subject's id as principal.id and the mapped properties as principal attributes", () => {
    const system = buildSystem(mapped());
    const t = translateEvaluation(system, null, {
      subject: { type: "user", id: "u-17", properties: { contractor: true, tier: "premium", other: 1 } },
      action: { name: "edit" },
      resource: { type: "issue", id: "i1", properties: { author: "u-9" } },
    });
    expect(t.ok && t.request).toEqual({ action: "issues.edit", principal: { id: "u-17", external: true, plan: "premium", permissions: [], roles: [] }, resource: { author: "u-9" }, context: {} });
    // The id decides relations; a property of the wrong type is passed on, so the request is malformed and denied.
    const decideAs = (subject: { id: string; properties?: Record<string, unknown> }, author: string) => {
      const translated = translateEvaluation(system, null, { subject: { type: "user", ...subject }, action: { name: "edit" }, resource: { type: "issue", id: "i1", properties: { author } } });
      return translated.ok ? decide(system, translated.request).decision : "untranslated";
    };
    expect(decideAs({ id: "u-9" }, "u-9")).toBe("allow");
    expect(decideAs({ id: "u-17" }, "u-9")).toBe("deny");
    expect(decideAs({ id: "u-17", properties: { tier: "premium" } }, "u-9")).toBe("allow");
    expect(decideAs({ id: "u-9", properties: { contractor: true } }, "u-9")).toBe("deny");
    expect(decideAs({ id: "u-9", properties: { contractor: "yes" } }, "u-9")).toBe("deny");
  });
});
