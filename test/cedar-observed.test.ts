// What the cedar-wasm engine sends Cedar: only the entity data the action's policies can read, and everything
// when that cannot be told from their text. (That the decisions stay the same is the cross-check's job.)
import { policyToJson, type PolicyJson } from "@cedar-policy/cedar-wasm/nodejs";
import { describe, expect, it } from "vitest";
import { observedBy, observedRequest } from "../src/engines/cedar-wasm/observed.ts";
import type { CedarRequest } from "../src/runtime/cedar-request.ts";

function json(text: string): PolicyJson {
  const answer = policyToJson(text);
  if (answer.type === "failure") throw new Error(answer.errors.map((e) => e.message).join("\n"));
  return answer.json;
}

const noGroups = { actionGroups: false };
const withGroups = { actionGroups: true };
const forbid = json(`forbid (principal, action, resource) unless { principal has projectUser && principal.projectUser == true };`);
const permit = json(`permit (principal, action == A::Action::"edit", resource) when { principal in A::Permission::"Edit" && (resource has channel && resource.channel == "Email") };`);

describe("observedBy", () => {
  it("collects the attributes the policies name and the entities they test with in", () => {
    const observed = observedBy([forbid, permit], noGroups)!;
    expect([...observed.attributes].sort()).toEqual(["channel", "projectUser"]);
    expect([...observed.ancestors]).toEqual(['A::Permission::Edit']);
  });

  it("cannot tell what is read through an in over an attribute, an action group, a chain of attributes or tags", () => {
    for (const text of [
      `permit (principal, action, resource) when { resource has group && principal in resource.group };`,
      `permit (principal, action in [A::Action::"edit"], resource);`,
      `permit (principal, action, resource) when { resource has group && resource.group has name };`,
      `permit (principal, action, resource) when { principal.hasTag("x") };`,
    ]) {
      expect(observedBy([forbid, json(text)], withGroups), text).toBeUndefined();
    }
  });

  it("reads nothing of the entities in an action test when the schema has no action groups", () => {
    const members = json(`forbid (principal, action, resource) unless { principal has projectUser && (principal.projectUser == true || action in [A::Action::"view"]) };`);
    const observed = observedBy([members, permit], noGroups)!;
    expect([...observed.ancestors]).toEqual(["A::Permission::Edit"]);
    expect(observedBy([members, permit], withGroups)).toBeUndefined();
  });
});

describe("observedRequest", () => {
  const uid = (type: string, id: string) => ({ type: `A::${type}`, id });
  const request: CedarRequest = {
    principal: uid("User", "u"),
    action: uid("Action", "edit"),
    resource: uid("Resource", "resource"),
    context: { flag: true },
    entities: [
      { uid: uid("User", "u"), attrs: { projectUser: true, staff: false, heldPermissions: [] }, parents: [uid("Role", "Editor"), uid("Permission", "View")] },
      { uid: uid("Resource", "resource"), attrs: { group: { __entity: uid("Role", "Editor") } }, parents: [] },
      { uid: uid("Role", "Editor"), attrs: {}, parents: [uid("Role", "Viewer"), uid("Permission", "Comment")] },
      { uid: uid("Role", "Viewer"), attrs: {}, parents: [uid("Permission", "Edit")] },
    ],
  };

  it("keeps the principal and the resource with the attributes read and, as parents, the ancestors tested", () => {
    const cut = observedRequest(request, observedBy([forbid, permit], noGroups)!);
    expect(cut.context).toEqual(request.context);
    // The resource keeps no attribute read and no ancestor tested, so it is not sent (Cedar reads it as empty).
    expect(cut.entities).toEqual([{ uid: uid("User", "u"), attrs: { projectUser: true }, parents: [uid("Permission", "Edit")] }]);
  });
});
