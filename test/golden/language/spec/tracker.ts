import { defineSystem } from "policyc";

// A small system that uses every construct added for documents like GitLab's once: "no one", deny rules that win,
// negated conditions, role inclusion with exceptions, non-members, principal attributes, relations between the
// principal and the resource, declared defaults and enum values. Its generated output is the golden reference.
const tracker = defineSystem({
  id: "tracker",
  title: "Issue tracker (language constructs)",
  document: "test/golden/language/spec/tracker.ts",
  permissions: {
    "Guest access": { description: "What a Guest and every role above it may do." },
    "Developer access": {},
    "Maintainer access": {},
    "Read audit log": {},
    "Delete issues": { staffOnly: true },
  },
  roles: {
    Guest: { grants: ["Guest access"] },
    Developer: { grants: ["Developer access"], includes: ["Guest"] },
    Maintainer: { grants: ["Maintainer access"], includes: ["Developer"] },
    Auditor: {
      grants: ["Read audit log"],
      includes: ["Maintainer"],
      except: ["Developer access", "Maintainer access"],
      note: "Sees what a Maintainer sees, changes nothing.",
    },
  },
  principal: {
    external: { kind: "flag", default: false, description: "An external user (a contractor); omitted means not external." },
    plan: { kind: "enum", values: ["free", "premium"], default: "free", description: "The user's subscription." },
  },
  context: {
    emergency: { description: "An incident is declared." },
  },
  resource: {
    visibility: { kind: "enum", values: ["public", "internal", "private"], description: "The project's visibility; no default." },
    tier: { kind: "enum", values: ["free", "premium"], default: "free", description: "The project's licence tier." },
    archived: { kind: "flag", default: false, description: "The project is archived." },
    locked: { kind: "flag", description: "The issue is locked; no default, so an edit must say." },
    author: { kind: "user", description: "The user who opened the issue." },
    assignees: { kind: "users", description: "The users the issue is assigned to." },
  },
});
const { all, any, never, onlyIf, require, not, ctx, resourceIn, resourceIs, principalIs, principalIn, relation } = tracker.req;

tracker.area("Issues", { open: "Guest access" }, (issues) => {
  issues.action("View an issue", "Guest access", {
    nonMembers: require(resourceIn("visibility", "public")),
    note: "Non-members may view the issues of public projects.",
  });
  issues.action("View a confidential issue", any("Developer access", require(relation("author")), require(relation("assignees"))));
  issues.action("Comment", all("Guest access", require(not(principalIs("external", true)))), { note: "External users may not comment." });
  issues.action("Delete an issue", "Delete issues");
  issues.action("Force push", never(), { note: "No role may, as the document says." });
  issues.action("Use the premium board", all(require(principalIn("plan", "premium")), require(resourceIn("tier", "premium"))));
  issues.action("Reopen during an incident", onlyIf(not(ctx("emergency")), "Maintainer access"));
  issues.action("Read the audit log", "Read audit log");
  issues.section(
    "Editing",
    { deny: [{ when: resourceIs("archived", true), text: "An archived project is read-only" }, resourceIs("locked", true)] },
    (editing) => {
      editing.action("Edit an issue", any("Developer access", require(relation("author"))));
      editing.action("Close an issue", "Developer access", {
        deny: { when: not(resourceIn("visibility", "public", "internal")), text: "Only on public or internal projects" },
      });
    },
  );
});

export default tracker;
