// The Cedar encodings of the IR 2 constructs: what the policies, schema and entities say, and how Cedar decides them.
import { isAuthorized, policyToJson } from "@cedar-policy/cedar-wasm/nodejs";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSystem } from "../src/compile/build-system.ts";
import { loadSystems } from "../src/compile/load-systems.ts";
import { cedarWasmEngine, decisionOf } from "../src/engines/cedar-wasm/index.ts";
import type { OpenEngine } from "../src/engines/engine.ts";
import { ReferenceEvaluator } from "../src/eval/decide.ts";
import { defineSystem } from "../src/index.ts";
import type { SystemIR } from "../src/ir/types.ts";
import { cedarEntitiesFor } from "../src/runtime/cedar-request.ts";
import { emitCedar, type PolicyFile } from "../src/targets/cedar/index.ts";
import { clubSystem } from "./cedar-constructs-system.ts";

let tracker: SystemIR;
let club: SystemIR;
const policy = (system: SystemIR, id: string): PolicyFile => {
  const found = emitCedar(system).policyFiles.find((p) => p.id === id);
  if (!found) throw new Error(`no policy ${id}`);
  return found;
};
/** A policy's text without comments, on one line with single spaces. */
const code = (file: PolicyFile) => file.text.replace(/\/\/.*$/gm, "").replace(/\s+/g, " ").replace(/\( /g, "(").replace(/ \)/g, ")").trim();

beforeAll(async () => {
  tracker = (await loadSystems("test/golden/language/spec"))[0]!.system;
  club = clubSystem();
});

describe("Cedar policies for the IR 2 constructs", () => {
  it("writes an action no one may do as a forbid, with no permit", () => {
    const files = emitCedar(tracker).policyFiles.filter((p) => p.action === "issues.force_push");
    expect(files.map((f) => [f.id, f.effect])).toEqual([["issues.force_push", "forbid"]]);
    expect(code(files[0]!)).toBe('@id("issues.force_push") forbid (principal, action == Tracker::Action::"issues.force_push", resource);');
    // With a rule for non-members, the forbid lets exactly them through to their own permit.
    expect(code(policy(club, "club.freeze"))).toContain("unless { principal has projectUser && principal.projectUser == false }");
    expect(policy(club, "club.freeze-non-members").effect).toBe("permit");
  });

  it("writes an action's deny rules as one fail-closed forbid: unless every rule's negation is known", () => {
    const denied = policy(tracker, "issues.editing.close_an_issue-denied");
    expect(denied.effect).toBe("forbid");
    expect(denied.text).toContain("// Deny: An archived project is read-only (from \"Editing\")");
    expect(denied.text).toContain("// Deny: Only on public or internal projects");
    expect(code(denied)).toContain(
      "unless { (if resource has archived then resource.archived == false else true) && (resource has locked && resource.locked == false) && (resource has visibility && [\"public\", \"internal\"].contains(resource.visibility)) };",
    );
    // No deny rule, no forbid.
    expect(emitCedar(tracker).policyFiles.some((p) => p.id === "issues.comment-denied")).toBe(false);
  });

  it("requires a deny rule that could error in its forbid in the permits too", () => {
    const permit = code(policy(club, "club.edit"));
    expect(permit).toContain("(principal has id && resource has editors && resource.editors.contains(principal.id))");
    expect(policy(club, "club.edit-denied").text).toContain("also required by the permits");
    // A rule that never errors stays in the forbid only.
    expect(code(policy(tracker, "issues.editing.edit_an_issue"))).not.toContain("archived");
  });

  it("writes negated conditions as known and false, defaults folded in", () => {
    const club_ = (id: string) => code(policy(club, id));
    expect(code(policy(tracker, "issues.comment"))).toContain("(if principal has external then principal.external == false else true)");
    expect(code(policy(tracker, "issues.reopen_during_an_incident"))).toContain(
      '((context has emergency && context.emergency == true) || principal in Tracker::Permission::"Maintainer access")',
    );
    // Only a declared value other than those listed; an undeclared value or an omitted attribute without default: unknown.
    expect(club_("club.edit-denied")).toContain('(resource has state && ["open", "closed"].contains(resource.state))');
    expect(club_("club.outside_the_group")).toContain("(resource has group && !(principal in resource.group ||");
    expect(club_("club.not_everything_granted")).toContain(
      "(context has granted && principal has heldPermissions && !principal.heldPermissions.containsAll(context.granted))",
    );
  });

  it("keeps non-members out except where a rule lets them in, and then only by that rule", () => {
    expect(code(policy(tracker, "not-a-project-user"))).toBe(
      '@id("not-a-project-user") forbid (principal, action, resource) unless { principal has projectUser && (principal.projectUser == true || action in [Tracker::Action::"issues.view_an_issue"]) };',
    );
    expect(code(policy(tracker, "issues.view_an_issue"))).toContain('when { principal has projectUser && principal.projectUser == true && principal in Tracker::Permission::"Guest access" }');
    expect(code(policy(tracker, "issues.view_an_issue-non-members"))).toContain(
      'when { principal has projectUser && principal.projectUser == false && (resource has visibility && ["public"].contains(resource.visibility)) }',
    );
  });

  it("writes every policy alone in a file the manifest lists, with its own @id", () => {
    for (const file of emitCedar(club).policyFiles) {
      const json = policyToJson(file.text);
      expect(json.type === "success" && json.json.annotations?.id).toBe(file.id);
      expect(json.type === "success" && json.json.effect).toBe(file.effect);
    }
  });
});

describe("Cedar schema and entities for the IR 2 constructs", () => {
  it("declares principal attributes, the user's id and user / users attributes, all optional", () => {
    const schema = emitCedar(tracker).schema;
    expect(schema).toMatch(/entity User in \[Role, Permission\] \{[^}]*\bid\?: String,[^}]*external\?: Bool,[^}]*plan\?: String,/s);
    expect(schema).toContain('@doc("The user\'s subscription. One of: free, premium. Omitted: free.")');
    expect(schema).toContain("author?: String,");
    expect(schema).toContain("assignees?: Set<String>,");
    // A role that has members it cannot have as children declares them.
    expect(emitCedar(club).schema).toContain("members?: Set<Role>,");
  });

  it("gives a role with exceptions its permissions directly, and lists it as a member of the roles it cannot be a child of", () => {
    const roles = Object.fromEntries(
      emitCedar(club)
        .entities.filter((e) => e.uid.type === "Club::Role")
        .map((e) => [e.uid.id, { parents: e.parents.map((p) => `${p.type.slice(6)}:${p.id}`), members: ((e.attrs.members ?? []) as Array<{ __entity: { id: string } }>).map((m) => m.__entity.id) }]),
    );
    expect(roles).toEqual({
      Reader: { parents: ["Permission:Read"], members: ["Auditor", "Chief"] },
      Writer: { parents: ["Permission:Write", "Role:Reader"], members: ["Auditor", "Chief"] },
      Admin: { parents: ["Permission:Admin", "Role:Writer"], members: ["Auditor", "Chief"] },
      Auditor: { parents: ["Permission:Audit", "Permission:Read"], members: [] },
      Chief: { parents: ["Role:Auditor"], members: [] },
    });
    // Without exceptions the hierarchy is the document's: grants and includes.
    const tracker_ = emitCedar(tracker).entities.find((e) => e.uid.id === "Auditor")!;
    expect(tracker_.parents.map((p) => p.id)).toEqual(["Read audit log", "Guest access"]);
  });
});

describe("Cedar decisions for the IR 2 constructs", () => {
  let engine: OpenEngine;
  let reference: ReferenceEvaluator;
  beforeAll(async () => {
    engine = await cedarWasmEngine.open(club);
    reference = new ReferenceEvaluator(club);
  });
  const both = (request: unknown) => [engine.decide!(request), reference.decision(request)];

  it("lets a role's exceptions hold inside Cedar while it stays a member of the roles it includes", () => {
    const post = (roles: string[]) => ({ action: "club.post_in_the_group", principal: { roles }, resource: { group: "Admin" } });
    expect(both(post(["Chief"]))).toEqual(["allow", "allow"]);
    expect(both({ action: "club.edit", principal: { roles: ["Chief"], id: "u", contractor: false }, resource: { editors: ["u"], state: "open" } })).toEqual(["deny", "deny"]);
    expect(both({ action: "club.edit", principal: { roles: ["Admin"], id: "u", contractor: false }, resource: { editors: ["u"], state: "open" } })).toEqual(["allow", "allow"]);
  });

  it("denies by a rule on an omitted attribute without default, and reads a default when one is declared", () => {
    const edit = (principal: object, resource: object) => ({ action: "club.edit", principal: { roles: ["Writer"], id: "u", ...principal }, resource: { editors: ["u"], ...resource } });
    expect(both(edit({ contractor: false }, { state: "open" }))).toEqual(["allow", "allow"]);
    expect(both(edit({}, { state: "open" }))).toEqual(["deny", "deny"]);
    expect(both(edit({ contractor: false }, {}))).toEqual(["deny", "deny"]);
    expect(both(edit({ contractor: false }, { state: "Open" }))).toEqual(["deny", "deny"]);
    expect(both(edit({ contractor: true }, { state: "open" }))).toEqual(["deny", "deny"]);
  });

  it("decides a Cedar request built without the defaulted attributes as the request with them", () => {
    const request = { action: "club.freeze", principal: { id: "u", projectUser: false }, resource: { owner: "u" } };
    const built = cedarEntitiesFor(club, request);
    if (!built.ok) throw new Error(built.problem);
    const resource = built.request.entities.find((e) => e.uid.type === "Club::Resource")!;
    expect(resource.attrs).toEqual({ owner: "u" });
    const { schema, policies } = emitCedar(club);
    const answer = isAuthorized({ ...built.request, schema, policies: { staticPolicies: policies }, validateRequest: true });
    expect([decisionOf(answer), reference.decision(request)]).toEqual(["allow", "allow"]);
    expect(both({ ...request, resource: { owner: "u", hidden: true } })).toEqual(["deny", "deny"]);
    expect(both({ ...request, principal: { id: "u", projectUser: true } })).toEqual(["deny", "deny"]);
  });
});

describe("strings of the IR 2 constructs stay in their Cedar literals and comments", () => {
  it("keeps deny texts, enum values and attribute names where they belong", () => {
    const INJECTED = 'a" || true || "b';
    const spec = defineSystem({
      id: "inject2",
      title: "Injection",
      document: "test/cedar-constructs.test.ts",
      permissions: { P: {} },
      principal: { level: { kind: "enum", values: [INJECTED, "x\n}"], default: "x\n}", description: `Level ${INJECTED}\n}` } },
      resource: { state: { kind: "enum", values: [INJECTED, "ok"], default: INJECTED, description: "State." } },
    });
    const { require, not, principalIn, resourceIn } = spec.req;
    spec.area("Area", {}, (area) => {
      area.action("Do", "P", { deny: { when: not(resourceIn("state", INJECTED)), text: `Rule ${INJECTED}\n@id("x") permit (principal, action, resource);` } });
      area.action("Also", require(not(principalIn("level", INJECTED))), { nonMembers: require(principalIn("level", INJECTED)) });
    });
    const system = buildSystem(spec);
    const out = emitCedar(system);
    expect(out.policyFiles.map((p) => p.id)).toEqual(["not-a-project-user", "area.do", "area.do-denied", "area.also", "area.also-non-members"]);
    for (const file of out.policyFiles) expect(policyToJson(file.text).type).toBe("success");
    expect(code(out.policyFiles.find((p) => p.id === "area.do-denied")!)).toContain('(if resource has state then ["a\\" || true || \\"b"].contains(resource.state) else true)');
    expect(out.schema).toContain('@doc("Level a\\" || true || \\"b\\n} One of: a\\" || true || \\"b, x\\n}. Omitted: x\\n}.")');
  });
});
