import { defineSystem } from "policyc";

// GitLab's "Permissions and roles" page (../shared/examples-sources/gitlab-permissions.md, GitLab 16.x): the project
// members table, the CI/CD table and the job permissions table, every row and every footnote, in the document's order.
//
// Readings chosen throughout (each one is repeated on the spec line it concerns):
// - A role column is a role; "✓" means the role may. The page says "Guest has the least permissions, and the Owner has
//   the most" and the tables are "sorted by minimum role", so each role includes the one below it and grants one
//   permission of its own, "<Role> access"; a row needs the access of the lowest role with a plain ✓.
// - A ✓ with a footnote, or a footnote alone, is a condition for that role only: the row reads
//   any(<lowest plain ✓>, all(<footnoted role>, <the footnote's condition>)).
// - `row` is the document's row text without the "Topic:" prefix (kept as the section: the tables group rows by
//   topic before "<br>") and without its footnote markers; `text` is the whole table line, verbatim, markers included.
// - Project settings and the protected branch or tag (visibility, Public pipelines, Share Group Lock, protection) are
//   resource attributes; what the document says about the user and the object together (author or assignee,
//   triggered the job) or about the instance and licence are context flags, off when omitted.
// - An attribute whose omission would mean GitLab's usual state reads as that state: a branch or tag not stated
//   protected is not protected, and a protected branch or tag whose access is not stated gives Maintainers access.
//   A visibility the footnotes ask for (public, internal) must be stated: omitted, the Guest's footnoted ✓ is denied.
// - "Can't" for every role (the Share Group Lock, a private project's features visibility, "No one" access) is a condition
//   that contradicts itself when the restriction holds: the DSL has no `never` yet (issue 15, item 2).
// - "Non-member" (the CI/CD table's first column) is the role "Non-member", which grants nothing: what the column allows
//   holds for any user of the project, with or without a role. A principal with `projectUser: false` is denied
//   everything, as policyc's semantics require (non-members are issue 15, item 2).
// - "If you add a user to both a project's group and the project itself, the higher role is used": a principal with
//   several roles holds the permissions of each, which is the higher role's.
// - "GitLab administrators have all permissions": Administrator includes Owner, and holds "Administrator access" for
//   the job permissions table's column. The rows no column allows stay denied to administrators too.
// - Footnote numbers in the CI/CD and job tables are local to their table (the job table's second footnote is written
//   "1." again in the document and read as footnote 2, which the table's "(2)" cells point to).
const gitlab = defineSystem({
  id: "gitlab",
  title: "GitLab Permissions and roles",
  document: "gitlab-permissions.md",
  permissions: {
    "Guest access": { description: "What the Guest role and every role above it may do." },
    "Reporter access": { description: "What the Reporter role and every role above it may do." },
    "Developer access": { description: "What the Developer role and every role above it may do." },
    "Maintainer access": { description: "What the Maintainer role and every role above it may do." },
    "Owner access": { description: "What the Owner role (and an administrator) may do." },
    "Administrator access": { description: "The job permissions table's Administrator column." },
    "View private repository content": {
      description: "Footnote 23: the permission an administrator or group owner gives Guests through a custom role.",
      note: "Granted by the Custom role; the document names no other custom ability.",
    },
    "Force push to protected branches": {
      description: "Footnote 3: \"Not allowed for Guest, Reporter, Developer, Maintainer, or Owner. See protected branches.\"",
      note: "No role grants it: only a protected branch's own settings can (not listed in this document), so only a principal holding it directly may. The DSL has no `never`.",
    },
    "Push container images to other projects": {
      description: "Job permissions: no column allows it.",
      note: "No role grants it, administrators included; a permission no one holds stands for \"never\", which the DSL lacks.",
    },
    "Push source and LFS": {
      description: "Job permissions: no column allows it.",
      note: "No role grants it, administrators included; a permission no one holds stands for \"never\", which the DSL lacks.",
    },
  },
  roles: {
    Guest: {
      grants: ["Guest access"],
      description: "This role applies to private and internal projects only. Has the least permissions.",
    },
    Reporter: { grants: ["Reporter access"], includes: ["Guest"] },
    Developer: { grants: ["Developer access"], includes: ["Reporter"] },
    Maintainer: { grants: ["Maintainer access"], includes: ["Developer"] },
    Owner: { grants: ["Owner access"], includes: ["Maintainer"], description: "Has the most permissions." },
    Custom: {
      grants: ["View private repository content"],
      includes: ["Guest"],
      description: "Footnote 23: a custom role an administrator or group owner creates for Guests (Ultimate), giving them permission to view private repository content.",
      note: "The document lists Custom among the roles and describes only this one use; read as the Guest role plus that permission.",
    },
    "Minimal Access": {
      grants: [],
      description: "Available for the top-level group only; does not automatically have access to projects and subgroups in that root group.",
      note: "No project permission: \"Owners must explicitly add these users to the specific subgroups and projects\" (with another role).",
    },
    "Non-member": {
      grants: [],
      description: "The CI/CD table's first column: someone who is not a member of the project, given access to some CI/CD \"view\" features by Pipeline visibility.",
      note: "policyc denies every request whose principal has projectUser: false, so a non-member is written as a user of the project holding this role, which grants nothing: what the column allows comes from the rows' conditions alone (issue 15, item 2: non-members).",
    },
    Administrator: {
      grants: ["Administrator access"],
      includes: ["Owner"],
      description: "GitLab administrators have all permissions.",
    },
  },
  context: {
    externalUser: { description: "The user is an external user (footnote 1; job permissions footnote 1)." },
    creatingIssue: { description: "The metadata is set while creating the issue (footnote 15)." },
    authorOrAssignee: { description: "The user created the issue or is assigned to it (footnotes 2 and 18)." },
    taskAuthor: { description: "The user is the author of the task (footnote 21)." },
    canViewEpic: { description: "The user has permission to view the epic (footnote 22)." },
    designComment: { description: "The comment is on a Design Management design (footnote 9)." },
    ownActionsOnly: { description: "The audit events asked for are those of the user's own actions (footnote 10)." },
    ownerRoleInvolved: {
      description: "The change creates, demotes or removes an Owner, promotes to Owner, or approves an Owner role access request (footnote 20).",
    },
    gitlabSaas: { description: "The instance is GitLab SaaS (GitLab.com) rather than self-managed (footnote 11)." },
    premiumOrAbove: { description: "The namespace is on a paid Premium plan or above, not a trial (footnote 11)." },
    ultimateLicense: { description: "The instance or namespace has an Ultimate license (footnote 23)." },
    jobTriggeredByUser: { description: "The job was triggered by the user (CI/CD footnote 4)." },
    canMergeOrPush: { description: "The user is allowed to merge or push to the protected branch (CI/CD footnote 5)." },
    inGroupWithReporter: { description: "The user is part of a group with at least the Reporter role (CI/CD footnote 6)." },
    memberOfClonedProject: { description: "The triggering user is a member of the project cloned from (job permissions footnote 2)." },
  },
  resource: {
    projectVisibility: { kind: "enum", values: ["public", "internal", "private"], description: "The project's visibility level." },
    publicPipelines: { kind: "flag", description: "Public pipelines is enabled in Project Settings > CI/CD." },
    containerRegistryVisible: {
      kind: "flag",
      description: "The container registry's visibility permissions let the user view it and pull images (footnote 19).",
    },
    branchProtected: { kind: "flag", description: "The branch is protected (omitted: not protected)." },
    branchAccess: {
      kind: "enum",
      values: ["No one", "Maintainers", "Developers + Maintainers"],
      description: "The access a protected branch gives Developers and Maintainers (footnote 4; omitted: Maintainers, GitLab's default).",
    },
    tagProtected: { kind: "flag", description: "The tag is protected (omitted: not protected)." },
    tagAccess: {
      kind: "enum",
      values: ["No one", "Maintainers", "Developers + Maintainers"],
      description: "The access a protected tag gives Developers and Maintainers (footnote 12; omitted: Maintainers, GitLab's default).",
    },
    shareGroupLock: { kind: "flag", description: "Share Group Lock is enabled (footnote 7)." },
    acceptsExternalContributions: { kind: "flag", description: "The project accepts contributions from external members (footnote 16)." },
    cancelMinimumRole: {
      kind: "enum",
      values: ["Developer", "Maintainer", "No one"],
      description: "Who may cancel pipelines and jobs, as customized in the pipeline settings (CI/CD footnote 7; omitted: not customized, Developer).",
    },
  },
});
const { all, any, require, onlyIf, ctx, resourceIn, resourceIs } = gitlab.req;

// Footnote 1: "users with the Guest role are able to perform this action only on public and internal projects (not on
// private projects). External users must be given explicit access (at least the Reporter role) even if the project is
// internal." On GitLab.com internal visibility does not exist, so the visibility alone says it.
const guestFootnote1 = all(
  "Guest access",
  require(resourceIn("projectVisibility", "public", "internal")),
  onlyIf(ctx("externalUser"), require(resourceIn("projectVisibility", "public"))),
);
// Footnote 15: "Guest users can only set metadata ... when creating an issue."
const guestWhenCreating = all("Guest access", require(ctx("creatingIssue")));
// A protected branch (footnote 4) or tag (footnote 12) "depends on the access given to Developers and Maintainers":
// Developers need "Developers + Maintainers"; Maintainers (and Owners) are refused only by "No one". Not stated, the
// access is GitLab's default for a protected branch or tag, Maintainers: the DSL has no declared defaults (issue 15,
// item 2), so "refused only by No one" is a condition that contradicts itself when the access is "No one".
const branchAllows = (role: "Developer" | "Maintainer") =>
  role === "Developer"
    ? require(resourceIn("branchAccess", "Developers + Maintainers"))
    : onlyIf(resourceIn("branchAccess", "No one"), require(resourceIn("branchAccess", "Maintainers", "Developers + Maintainers")));
const tagAllows = (role: "Developer" | "Maintainer") =>
  role === "Developer"
    ? require(resourceIn("tagAccess", "Developers + Maintainers"))
    : onlyIf(resourceIn("tagAccess", "No one"), require(resourceIn("tagAccess", "Maintainers", "Developers + Maintainers")));
// CI/CD footnotes 1 and 3 name who may see, whatever the role: any user of the project, even one with no role.
const ciFootnote1 = all(require(resourceIn("projectVisibility", "public")), require(resourceIs("publicPipelines", true)));
const ciFootnote2 = all("Guest access", require(resourceIs("publicPipelines", true)));
const ciFootnote3 = require(resourceIn("projectVisibility", "public"));

gitlab.area("Project members permissions", { id: "project" }, (project) => {
  project.section("Analytics", {}, (s) => {
    s.action("View issue analytics", "Guest access", { text: "Analytics: View issue analytics | ✓ | ✓ | ✓ | ✓ | ✓" });
    s.action("View value stream analytics", "Guest access", { text: "Analytics: View value stream analytics | ✓ | ✓ | ✓ | ✓ | ✓" });
    s.action("View DORA metrics", "Reporter access", { text: "Analytics: View DORA metrics |  | ✓ | ✓ | ✓ | ✓" });
    s.action("View code review analytics", "Reporter access", { text: "Analytics: View code review analytics |  | ✓ | ✓ | ✓ | ✓" });
  });
  project.section("Application security", {}, (s) => {
    s.action("View dependency list", "Developer access", { text: "Application security: View dependency list |  |  | ✓ | ✓ | ✓" });
    s.action("Create a CVE ID Request", "Maintainer access", { text: "Application security: Create a CVE ID Request |  |  |  | ✓ | ✓" });
    s.action("Create or assign security policy project", "Owner access", { text: "Application security: Create or assign security policy project |  |  |  |  | ✓" });
  });
  project.section("Container registry", {}, (s) => {
    s.action("Push an image to the container registry", "Developer access", { text: "Container registry: Push an image to the container registry |  |  | ✓ | ✓ | ✓" });
    s.action("Pull an image from the container registry", any("Developer access", all("Guest access", require(resourceIs("containerRegistryVisible", true)))), {
      text: "Container registry: Pull an image from the container registry | ✓ (19) | ✓ (19) | ✓ | ✓ | ✓",
      note: "Footnote 19 (\"controlled by the container registry's visibility permissions\") on the Guest and Reporter cells: they may pull only when the registry's visibility lets them (resource.containerRegistryVisible stated true).",
    });
    s.action("Remove a container registry image", "Developer access", { text: "Container registry: Remove a container registry image |  |  | ✓ | ✓ | ✓" });
  });
  project.section("GitLab Pages", {}, (s) => {
    s.action("View Pages protected by access control", "Guest access", { text: "GitLab Pages: View Pages protected by access control | ✓ | ✓ | ✓ | ✓ | ✓" });
    s.action("Manage GitLab Pages domains and certificates", "Maintainer access", { text: "GitLab Pages: Manage GitLab Pages domains and certificates |  |  |  | ✓ | ✓" });
  });
  project.section("Incident Management", {}, (s) => {
    s.action("Assign an alert", "Guest access", { text: "Incident Management: Assign an alert | ✓ | ✓ | ✓ | ✓ | ✓" });
    s.action("Change alert status", "Reporter access", { text: "Incident Management: Change alert status |  | ✓ | ✓ | ✓ | ✓" });
    s.action("Change incident escalation status", "Developer access", { text: "Incident Management: Change incident escalation status |  |  | ✓ | ✓ | ✓" });
    s.action("Manage on-call schedules", "Maintainer access", { text: "Incident Management: Manage on-call schedules |  |  |  | ✓ | ✓" });
  });
  project.section("Issues", {}, (s) => {
    s.action("Add Labels", any("Reporter access", guestWhenCreating), {
      text: "Issues: Add Labels | ✓ (15) | ✓ | ✓ | ✓ | ✓",
      note: "Footnote 15: a Guest may add labels only while creating the issue (context.creatingIssue).",
    });
    s.action("Add to epic", all("Reporter access", require(ctx("canViewEpic"))), {
      text: "Issues: Add to epic |  | ✓ (22) | ✓ (22) | ✓ (22) | ✓ (22)",
      note: "Footnote 22 (\"You must have permission to view the epic\") on every ✓: context.canViewEpic must be true.",
    });
    s.action("Assign", any("Reporter access", guestWhenCreating), {
      text: "Issues: Assign | ✓ (15) | ✓ | ✓ | ✓ | ✓",
      note: "Footnote 15: a Guest may assign only while creating the issue (context.creatingIssue).",
    });
    s.action("Create", "Guest access", {
      id: "create",
      text: "Issues: Create (17) | ✓ | ✓ | ✓ | ✓ | ✓",
      note: "Footnote 17 (authors and assignees may modify the title and description without the Reporter role) is about editing, which no row of the table is; it does not change who may create. Every role may.",
    });
    s.action("Create confidential issues", "Guest access", { text: "Issues: Create confidential issues | ✓ | ✓ | ✓ | ✓ | ✓" });
    s.action("Set metadata such as labels, milestones, or assignees when creating an issue", "Guest access", {
      id: "set_metadata_when_creating",
      text: "Issues: Set metadata such as labels, milestones, or assignees when creating an issue | ✓ (15) | ✓ | ✓ | ✓ | ✓",
      note: "Footnote 15 restates the row (Guests set metadata only when creating): the row is itself the creating case, so a Guest may.",
    });
    s.action("Edit metadata such labels, milestones, or assignees for an existing issue", "Reporter access", {
      id: "edit_metadata_of_existing_issue",
      text: "Issues: Edit metadata such labels, milestones, or assignees for an existing issue | (15) | ✓ | ✓ | ✓ | ✓",
      note: "The Guest cell is \"(15)\" without a ✓: \"They cannot change the metadata on existing issues.\" Reporter and above.",
    });
    s.action("View confidential issues", any("Reporter access", all("Guest access", require(ctx("authorOrAssignee")))), {
      text: "Issues: View confidential issues | (2) | ✓ | ✓ | ✓ | ✓",
      note: "Footnote 2: a Guest may view only the confidential issues they created themselves or are assigned to (context.authorOrAssignee).",
    });
    s.action("Close / reopen", any("Reporter access", require(ctx("authorOrAssignee"))), {
      id: "close_reopen",
      text: "Issues: Close / reopen (18) |  | ✓ | ✓ | ✓ | ✓",
      note: "Footnote 18: authors and assignees may close and reopen without the Reporter role. Unlike footnote 21 it asks for no minimum role, so any user of the project who is the author or an assignee may.",
    });
    s.action("Move issues", "Reporter access", {
      text: "Issues: Move issues (14) |  | ✓ | ✓ | ✓ | ✓",
      note: "Footnote 14 (attached design files move with the issue even without the Developer role) describes what moving does, not who may: Reporter and above.",
    });
    s.action("Upload Design Management files", "Developer access", { text: "Issues: Upload Design Management files |  |  | ✓ | ✓ | ✓" });
    s.action("Delete", "Owner access", { text: "Issues: Delete |  |  |  |  | ✓" });
  });
  project.section("License Scanning", {}, (s) => {
    s.action("View allowed and denied licenses", any("Reporter access", guestFootnote1), {
      text: "License Scanning: View allowed and denied licenses | ✓ (1) | ✓ | ✓ | ✓ | ✓",
      note: "Footnote 1: a Guest only on a public or internal project, and an external Guest only on a public one.",
    });
  });
  project.section("Merge requests", {}, (s) => {
    s.action("View a merge request", any("Reporter access", guestFootnote1), {
      text: "Merge requests: View a merge request | ✓ (1) | ✓ | ✓ | ✓ | ✓",
      note: "Footnote 1: a Guest only on a public or internal project, and an external Guest only on a public one.",
    });
    s.action("View list", any("Reporter access", all("Guest access", require(resourceIn("projectVisibility", "public")))), {
      text: "Merge requests: View list | (25) | ✓ | ✓ | ✓ | ✓",
      note: "Footnote 25: a Guest may view the list in public projects only (\"Private projects restrict Guests\"; internal projects are not mentioned and read as restricted too).",
    });
    s.action("Approve", "Developer access", {
      text: "Merge requests: Approve (8) |  |  | ✓ | ✓ | ✓",
      note: "Footnote 8 points to \"Eligible approvers\" without a rule of its own: Developer and above.",
    });
    s.action("Create", any("Developer access", require(resourceIs("acceptsExternalContributions", true))), {
      text: "Merge requests: Create (16) |  |  | ✓ | ✓ | ✓",
      note: "Footnote 16: in projects that accept contributions from external members, users (any role, or none) may create their own merge requests.",
    });
    s.action("Manage or accept", "Developer access", { text: "Merge requests: Manage or accept |  |  | ✓ | ✓ | ✓" });
    s.action("Manage merge approval rules (project settings)", "Maintainer access", { text: "Merge requests: Manage merge approval rules (project settings) |  |  |  | ✓ | ✓" });
    s.action("Delete", "Owner access", { text: "Merge requests: Delete |  |  |  |  | ✓" });
  });
  project.section("Package registry", {}, (s) => {
    s.action("Pull a package", any("Reporter access", guestFootnote1), {
      text: "Package registry: Pull a package | ✓ (1) | ✓ | ✓ | ✓ | ✓",
      note: "Footnote 1: a Guest only on a public or internal project, and an external Guest only on a public one.",
    });
    s.action("Publish a package", "Developer access", { text: "Package registry: Publish a package |  |  | ✓ | ✓ | ✓" });
    s.action("Delete a package", "Maintainer access", { text: "Package registry: Delete a package |  |  |  | ✓ | ✓" });
  });
  project.section("Projects", {}, (s) => {
    s.action("Download project", any("Reporter access", guestFootnote1), {
      text: "Projects: Download project | ✓ (1) | ✓ | ✓ | ✓ | ✓",
      note: "Footnote 1: a Guest only on a public or internal project, and an external Guest only on a public one.",
    });
    s.action("Leave comments", "Guest access", { text: "Projects: Leave comments | ✓ | ✓ | ✓ | ✓ | ✓" });
    s.action("Reposition comments on images (posted by any user)", any("Maintainer access", all("Guest access", require(ctx("designComment")))), {
      id: "reposition_comments_on_images",
      text: "Projects: Reposition comments on images (posted by any user) | ✓ (9) | ✓ (9) | ✓ (9) | ✓ | ✓",
      note: "Footnote 9 on the Guest, Reporter and Developer cells: for them it applies only to comments on Design Management designs (context.designComment); Maintainer and Owner always.",
    });
    s.action("View releases", "Guest access", {
      text: "Projects: View releases | ✓ (5) | ✓ | ✓ | ✓ | ✓",
      note: "Footnote 5: Guests may access Releases to download assets; what it denies them (source code, commits, release evidence) belongs to other rows. A Guest may view releases.",
    });
    s.action("View time tracking reports", any("Reporter access", guestFootnote1), {
      text: "Projects: View time tracking reports | ✓ (1) | ✓ | ✓ | ✓ | ✓",
      note: "Footnote 1: a Guest only on a public or internal project, and an external Guest only on a public one.",
    });
    s.action("View wiki pages", "Guest access", { text: "Projects: View wiki pages | ✓ | ✓ | ✓ | ✓ | ✓" });
    s.action("Create snippets", "Reporter access", { text: "Projects: Create snippets |  | ✓ | ✓ | ✓ | ✓" });
    s.action("Create, edit, delete milestones.", "Reporter access", { id: "manage_milestones", text: "Projects: Create, edit, delete milestones. |  | ✓ | ✓ | ✓ | ✓" });
    s.action("Create, edit, delete releases", any(all("Maintainer access", onlyIf(resourceIs("tagProtected", true), tagAllows("Maintainer"))), all("Developer access", onlyIf(resourceIs("tagProtected", true), tagAllows("Developer")))), {
      id: "manage_releases",
      text: "Projects: Create, edit, delete releases |  |  | ✓ (12) | ✓ (12) | ✓ (12)",
      note: "Footnote 12 on every ✓: for a protected tag (resource.tagProtected) it depends on the access the tag gives (resource.tagAccess): Developers need \"Developers + Maintainers\", Maintainers and Owners are refused only by \"No one\" (omitted: Maintainers, GitLab's default).",
    });
    s.action("View project Audit Events", any("Maintainer access", all("Developer access", require(ctx("ownActionsOnly")))), {
      text: "Projects: View project Audit Events |  |  | ✓ (10) | ✓ | ✓",
      note: "Footnote 10 on the Developer cell: a Developer may view only the events of their own actions (context.ownActionsOnly).",
    });
    s.action("Add new team members", "Maintainer access", { text: "Projects: Add new team members |  |  |  | ✓ | ✓" });
    s.action("Manage team members", all("Maintainer access", onlyIf(ctx("ownerRoleInvolved"), "Owner access")), {
      text: "Projects: Manage team members |  |  |  | ✓ (20) | ✓",
      note: "Footnote 20 on the Maintainer cell: creating, demoting or removing Owners, promoting to Owner and approving Owner access requests (context.ownerRoleInvolved) need the Owner role.",
    });
    s.action(
      "Change project features visibility level",
      all("Maintainer access", onlyIf(resourceIn("projectVisibility", "private"), require(resourceIn("projectVisibility", "public", "internal")))),
      {
        text: "Projects: Change project features visibility level |  |  |  | ✓ (13) | ✓",
        note: "Footnote 13 (\"A Maintainer or Owner can't change project features visibility level if project visibility is set to private\") applies to the Owner too, as its text says, though only the Maintainer cell carries it. Never on a private project (a condition that contradicts itself when the project is private: the DSL has no negated condition, issue 15, item 2); a visibility not stated is not private.",
      },
    );
    s.action("Export project", "Maintainer access", { text: "Projects: Export project |  |  |  | ✓ | ✓" });
    s.action("Manage project access tokens", all("Maintainer access", onlyIf(ctx("ownerRoleInvolved"), "Owner access"), onlyIf(ctx("gitlabSaas"), require(ctx("premiumOrAbove")))), {
      text: "Projects: Manage project access tokens (11) |  |  |  | ✓ (20) | ✓",
      note: "Footnote 11: on GitLab SaaS only on Premium and above, not trials (context.gitlabSaas, context.premiumOrAbove); self-managed on Free and above. Footnote 20 on the Maintainer cell: a token with the Owner role (context.ownerRoleInvolved) needs the Owner role.",
    });
    s.action("Share (invite) projects with groups", all("Maintainer access", onlyIf(resourceIs("shareGroupLock", true), require(resourceIs("shareGroupLock", false)))), {
      id: "share_with_groups",
      text: "Projects: Share (invite) projects with groups |  |  |  | ✓ (7) | ✓ (7)",
      note: "Footnote 7: when Share Group Lock is enabled the project can't be shared, by any role (a self-contradicting condition: the DSL has no `never`).",
    });
    s.action("Archive project", "Owner access", { text: "Projects: Archive project |  |  |  |  | ✓" });
    s.action("Change project visibility level", "Owner access", { text: "Projects: Change project visibility level |  |  |  |  | ✓" });
    s.action("Delete project", "Owner access", { text: "Projects: Delete project |  |  |  |  | ✓" });
    s.action("Transfer project to another namespace", "Owner access", { text: "Projects: Transfer project to another namespace |  |  |  |  | ✓" });
  });
  project.section("Repository", {}, (s) => {
    s.action("Pull project code", any("Reporter access", guestFootnote1), {
      text: "Repository: Pull project code | ✓ (1) | ✓ | ✓ | ✓ | ✓",
      note: "Footnote 1: a Guest only on a public or internal project, and an external Guest only on a public one.",
    });
    s.action("View project code", any("Reporter access", guestFootnote1, all("Guest access", "View private repository content", require(ctx("ultimateLicense")))), {
      text: "Repository: View project code | ✓ (1) (23) | ✓ | ✓ | ✓ | ✓",
      note: "Footnote 1: a Guest only on a public or internal project (an external Guest only on a public one). Footnote 23: or, with an Ultimate license, a Guest given \"View private repository content\" through a custom role.",
    });
    s.action("View a commit status", "Reporter access", { text: "Repository: View a commit status |  | ✓ | ✓ | ✓ | ✓" });
    s.action("Create new branches", "Developer access", { text: "Repository: Create new branches |  |  | ✓ | ✓ | ✓" });
    s.action("Create or update commit status", any("Maintainer access", all("Developer access", onlyIf(resourceIs("branchProtected", true), branchAllows("Developer")))), {
      text: "Repository: Create or update commit status |  |  | ✓ (4) | ✓ | ✓",
      note: "Footnote 4 on the Developer cell: on a protected branch (resource.branchProtected) a Developer needs the branch to give \"Developers + Maintainers\" access (resource.branchAccess).",
    });
    s.action("Force push to non-protected branches", "Developer access", { text: "Repository: Force push to non-protected branches |  |  | ✓ | ✓ | ✓" });
    s.action("Push to non-protected branches", "Developer access", { text: "Repository: Push to non-protected branches |  |  | ✓ | ✓ | ✓" });
    s.action("Enable or disable branch protection", "Maintainer access", { text: "Repository: Enable or disable branch protection |  |  |  | ✓ | ✓" });
    s.action("Push to protected branches", all("Maintainer access", branchAllows("Maintainer")), {
      text: "Repository: Push to protected branches (4) |  |  |  | ✓ | ✓",
      note: "Footnote 4 on the row: it depends on the access the branch gives (resource.branchAccess): Maintainers and Owners are refused by \"No one\" (omitted: Maintainers, GitLab's default). The row gives Developers no ✓, so \"Developers + Maintainers\" is not read as letting a Developer push.",
    });
    s.action("Remove fork relationship", "Owner access", { text: "Repository: Remove fork relationship |  |  |  |  | ✓" });
    s.action("Force push to protected branches", {
      text: "Repository: Force push to protected branches (3) |  |  |  |  | ",
      note: "Footnote 3: \"Not allowed for Guest, Reporter, Developer, Maintainer, or Owner\". No role grants the permission of this name; the DSL has no `never` (issue 15, item 2).",
    });
    s.action("Remove protected branches by using the UI or API", "Maintainer access", {
      id: "remove_protected_branches",
      text: "Repository: Remove protected branches by using the UI or API |  |  |  | ✓ | ✓",
    });
  });
  project.section("Security dashboard", {}, (s) => {
    s.action("Dismiss vulnerability", "Developer access", {
      text: "Security dashboard: Dismiss vulnerability |  |  | ✓ (24) | ✓ | ✓",
      note: "Footnote 24: Developers' ability was deprecated in GitLab 16.4 and is removed in 17.0; this is the 16.x document, so a Developer still may.",
    });
    s.action("Dismiss vulnerability finding", "Developer access", {
      text: "Security dashboard: Dismiss vulnerability finding |  |  | ✓ | ✓ (24) | ✓",
      note: "Footnote 24 sits on the Maintainer cell here but speaks of Developers (the row above carries it on the Developer cell); read as the same 16.x state: Developer and above.",
    });
    s.action("Use security dashboard", "Developer access", { text: "Security dashboard: Use security dashboard |  |  | ✓ | ✓ | ✓" });
  });
  project.section("Tasks", {}, (s) => {
    s.action("Add a linked item", "Guest access", { text: "Tasks: Add a linked item | ✓ | ✓ | ✓ | ✓ | ✓" });
    s.action("Create", "Reporter access", {
      text: "Tasks: Create (17) |  | ✓ | ✓ | ✓ | ✓",
      note: "Footnote 17 (authors and assignees may modify the title and description) is about editing, not creating: Reporter and above.",
    });
    s.action("Edit", "Reporter access", { text: "Tasks: Edit |  | ✓ | ✓ | ✓ | ✓" });
    s.action("Delete", any("Owner access", all("Guest access", require(ctx("taskAuthor")))), {
      text: "Tasks: Delete (21) |  |  |  |  | ✓",
      note: "Footnote 21: authors of tasks may delete them without the Owner role, with at least the Guest role (context.taskAuthor).",
    });
  });
  project.section("Terraform", {}, (s) => {
    s.action("Read Terraform state", "Developer access", { text: "Terraform: Read Terraform state |  |  | ✓ | ✓ | ✓" });
    s.action("Manage Terraform state", "Maintainer access", { text: "Terraform: Manage Terraform state |  |  |  | ✓ | ✓" });
  });
});

gitlab.area("Project features permissions", { id: "features" }, (features) => {
  features.section("GitLab CI/CD permissions", { id: "ci_cd" }, (s) => {
    s.action("See that artifacts exist", any("Reporter access", ciFootnote3), {
      text: "See that artifacts exist | ✓ (3) | ✓ (3) | ✓ | ✓ | ✓ | ✓",
      note: "Footnote 3 on the Non-member and Guest cells: if the project is public.",
    });
    s.action("View a list of jobs", any("Reporter access", ciFootnote2, ciFootnote1), {
      text: "View a list of jobs | ✓ (1) | ✓ (2) | ✓ | ✓ | ✓ | ✓",
      note: "Guest (footnote 2): if Public pipelines is enabled. Non-member (footnote 1): if the project is public and Public pipelines is enabled.",
    });
    s.action("View and download artifacts", any("Reporter access", ciFootnote2, ciFootnote1), {
      text: "View and download artifacts | ✓ (1) | ✓ (2) | ✓ | ✓ | ✓ | ✓",
      note: "Guest (footnote 2): if Public pipelines is enabled. Non-member (footnote 1): if the project is public and Public pipelines is enabled.",
    });
    s.action("View environments", any("Reporter access", ciFootnote3), {
      text: "View environments | ✓ (3) | ✓ (3) | ✓ | ✓ | ✓ | ✓",
      note: "Footnote 3 on the Non-member and Guest cells: if the project is public.",
    });
    s.action("View job logs and job details page", any("Reporter access", ciFootnote2, ciFootnote1), {
      text: "View job logs and job details page | ✓ (1) | ✓ (2) | ✓ | ✓ | ✓ | ✓",
      note: "Guest (footnote 2): if Public pipelines is enabled. Non-member (footnote 1): if the project is public and Public pipelines is enabled.",
    });
    s.action("View pipelines and pipeline details pages", any("Reporter access", ciFootnote2, ciFootnote1), {
      text: "View pipelines and pipeline details pages | ✓ (1) | ✓ (2) | ✓ | ✓ | ✓ | ✓",
      note: "Guest (footnote 2): if Public pipelines is enabled. Non-member (footnote 1): if the project is public and Public pipelines is enabled.",
    });
    s.action("View pipelines tab in MR", any("Reporter access", ciFootnote3), {
      text: "View pipelines tab in MR | ✓ (3) | ✓ (3) | ✓ | ✓ | ✓ | ✓",
      note: "Footnote 3 on the Non-member and Guest cells: if the project is public.",
    });
    s.action("View vulnerabilities in a pipeline", any("Reporter access", ciFootnote2), {
      text: "View vulnerabilities in a pipeline |  | ✓ (2) | ✓ | ✓ | ✓ | ✓",
      note: "Guest (footnote 2): if Public pipelines is enabled. No Non-member access.",
    });
    s.action("View and download project-level Secure Files", "Developer access", { text: "View and download project-level Secure Files |  |  |  | ✓ | ✓ | ✓" });
    s.action("Retry jobs", "Developer access", { text: "Retry jobs |  |  |  | ✓ | ✓ | ✓" });
    s.action(
      "Cancel jobs",
      all(
        "Developer access",
        onlyIf(resourceIn("cancelMinimumRole", "Maintainer"), "Maintainer access"),
        onlyIf(resourceIn("cancelMinimumRole", "No one"), require(resourceIn("cancelMinimumRole", "Developer", "Maintainer"))),
      ),
      {
        text: "Cancel jobs |  |  |  | ✓ (7) | ✓ (7) | ✓ (7)",
        note: "Footnote 7 (\"Cancellation permissions can be customized via the pipeline settings\") on every ✓: the setting's values are not in the document; read as GitLab's minimum role to cancel (resource.cancelMinimumRole: Developer, Maintainer or No one; omitted: not customized, Developer and above). \"No one\" is a condition that contradicts itself: the DSL has no `never`.",
      },
    );
    s.action(
      "Delete job logs or job artifacts",
      any("Maintainer access", all("Developer access", require(ctx("jobTriggeredByUser")), onlyIf(resourceIs("branchProtected", true), require(resourceIs("branchProtected", false))))),
      {
        text: "Delete job logs or job artifacts |  |  |  | ✓ (4) | ✓ | ✓",
        note: "Footnote 4 on the Developer cell: only for a job the Developer triggered (context.jobTriggeredByUser) that ran for a non-protected branch (resource.branchProtected not true).",
      },
    );
    s.action("Run CI/CD pipeline", "Developer access", { text: "Run CI/CD pipeline |  |  |  | ✓ | ✓ | ✓" });
    s.action("Run CI/CD pipeline for a protected branch", any("Owner access", all("Developer access", require(ctx("canMergeOrPush")))), {
      text: "Run CI/CD pipeline for a protected branch |  |  |  | ✓ (5) | ✓ (5) | ✓",
      note: "Footnote 5 on the Developer and Maintainer cells: only if the user is allowed to merge or push to the protected branch (context.canMergeOrPush); the Owner always.",
    });
    s.action(
      "Run deployment job for a protected environment",
      any("Owner access", all("Reporter access", require(ctx("canMergeOrPush"))), all("Developer access", require(ctx("inGroupWithReporter")))),
      {
        text: "Run deployment job for a protected environment |  |  | ✓ (5) | ✓ (6) | ✓ (6) | ✓",
        note: "Reporter (footnote 5): if allowed to merge or push to the protected branch. Developer and Maintainer (footnote 6): if part of a group with at least the Reporter role; a Developer also has the Reporter's path. The Owner always.",
      },
    );
    s.action("Manage project-level CI/CD variables", "Maintainer access", { text: "Manage project-level CI/CD variables |  |  |  |  | ✓ | ✓" });
    s.action("Delete pipelines", "Owner access", { text: "Delete pipelines |  |  |  |  |  | ✓" });

    s.section("Job permissions", { id: "jobs" }, (jobs) => {
      jobs.action("Run CI job", "Developer access", {
        text: "Run CI job |  | ✓ | ✓ | ✓",
        note: "The job is triggered by the principal. The table has no Owner column: the Owner, above the Maintainer, may too.",
      });
      jobs.action("Clone source and LFS from internal projects", any("Administrator access", all("Developer access", onlyIf(ctx("externalUser"), "Administrator access"))), {
        text: "Clone source and LFS from internal projects |  | ✓ (1) | ✓  (1) | ✓",
        note: "Footnote 1 on the Developer and Maintainer cells: only if the triggering user is not an external one (context.externalUser); the Administrator always.",
      });
      jobs.action("Clone source and LFS from private projects", all(any("Developer access", "Administrator access"), require(ctx("memberOfClonedProject"))), {
        text: "Clone source and LFS from private projects |  | ✓ (2) | ✓  (2) | ✓ (2)",
        note: "Footnote 2 (written \"1.\" a second time) on every ✓, the Administrator's included: only if the triggering user is a member of the project cloned from (context.memberOfClonedProject).",
      });
      jobs.action("Push container images to other projects", {
        text: "Push container images to other projects |  |  |  | ",
        note: "No column allows it, the Administrator's included. No role grants the permission of this name; the DSL has no `never` (issue 15, item 2).",
      });
      jobs.action("Push source and LFS", {
        text: "Push source and LFS |  |  |  | ",
        note: "No column allows it, the Administrator's included. No role grants the permission of this name; the DSL has no `never` (issue 15, item 2).",
      });
    });
  });
});

export default gitlab;
