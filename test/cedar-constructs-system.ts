// A system that drives the IR 2 constructs into the Cedar encodings the golden language spec does not reach: a role
// that excepts permissions of a role it includes, read by memberOfRole (the Role `members` list); deny rules on a
// role, a list and a set of users (whose forbid could error, so the permits also require them); non-members of an
// action no member may do; negated list and role conditions; a principal flag without a default.
import { buildSystem } from "../src/compile/build-system.ts";
import { defineSystem } from "../src/index.ts";
import type { SystemIR } from "../src/ir/types.ts";

export function clubSystem(): SystemIR {
  const club = defineSystem({
    id: "club",
    title: "Club (Cedar encodings of the IR 2 constructs)",
    document: "test/cedar-constructs-system.ts",
    permissions: { Read: {}, Write: {}, Admin: {}, Audit: {} },
    roles: {
      Reader: { grants: ["Read"] },
      Writer: { grants: ["Write"], includes: ["Reader"] },
      Admin: { grants: ["Admin"], includes: ["Writer"] },
      Auditor: { grants: ["Audit"], includes: ["Admin"], except: ["Write", "Admin"] },
      Chief: { grants: [], includes: ["Auditor"] },
    },
    principal: {
      contractor: { kind: "flag", description: "No default: a rule on it denies when it is omitted." },
      tier: { kind: "enum", values: ["basic", "gold"], default: "basic", description: "The member's tier." },
    },
    context: { incident: { description: "An incident is declared." }, granted: { kind: "permissionList", description: "Permissions being granted." } },
    resource: {
      group: { kind: "roleName", description: "The group the resource belongs to." },
      owner: { kind: "user", description: "The owner." },
      editors: { kind: "users", description: "The editors." },
      listed: { kind: "permissionList", description: "Permissions the resource asks for." },
      state: { kind: "enum", values: ["open", "closed", "frozen"], description: "No default." },
      hidden: { kind: "flag", default: false, description: "Hidden from non-members." },
    },
  });
  const { all, any, never, onlyIf, require, not, ctx, memberOf, holdsAll, principalIs, principalIn, relation, resourceIn, resourceIs } = club.req;
  club.area("Club", {}, (area) => {
    area.action("Post in the group", all("Read", require(memberOf("group"))), { deny: { when: not(memberOf("group")), text: "Only the group's members" } });
    area.action("Edit", any("Write", require(relation("owner"))), {
      deny: [{ when: not(relation("editors")), text: "Only editors" }, resourceIn("state", "frozen"), principalIs("contractor", true)],
    });
    area.action("Grant", all("Admin", require(holdsAll("context", "granted"))), { deny: { when: not(holdsAll("resource", "listed")), text: "Only what the resource lists" } });
    area.action("Outside the group", all("Read", require(not(memberOf("group")))));
    area.action("Not everything granted", all("Read", require(not(holdsAll("context", "granted")))));
    area.action("Audit", "Audit", { nonMembers: require(principalIn("tier", "gold")) });
    area.action("Freeze", never(), { nonMembers: all(require(relation("owner")), require(not(resourceIs("hidden", true)))) });
    area.action("Reopen", onlyIf(not(ctx("incident")), "Admin"), { deny: { when: not(resourceIn("state", "closed")), text: "Only closed" } });
  });
  return buildSystem(club);
}
