import { defineSystem } from "policyc";

// GitLab's "Permissions and roles" page (../shared/examples-sources/gitlab-permissions.md, GitLab 16.x): the project
// members table, the CI/CD table and the job permissions table, every row and every footnote, in the document's order.
//
// Readings chosen throughout (each one is repeated on the spec line it concerns):
// - A role column is a role; "✓" means the role may. The page says "Guest has the least permissions, and the Owner has
//   the most" and the tables are "sorted by minimum role", so each role includes the one below it and grants one
//   permission of its own, "<Role> access"; a row needs the access of the lowest role with a plain ✓.
// - A ✓ with a footnote, or a footnote alone, is a condition for that role only: the row reads
//   any(<lowest plain ✓>, all(<footnoted role>, <the footnote's condition>)). Where a higher role's cell carries another
//   footnote than a lower role's, the higher role does not take the lower cell's condition (role `except`).
// - `row` is the document's row text without the "Topic:" prefix (kept as the section: the tables group rows by
//   topic before "<br>") and without its footnote markers; `text` is the whole table line, verbatim, markers included.
// - Project settings and the protected branch or tag (visibility, Public pipelines, Share Group Lock, protection) are
//   resource attributes. The issue's or task's author and assignees and the user who triggered a job are user
//   attributes of the resource, compared with `principal.id` (relations). Being an external user is an attribute of the
//   principal (`principal.external`). What the document says about the request itself (creating the issue, a design's
//   comment), about what the user may do elsewhere (view the epic, merge or push, a group's role, membership of the
//   project cloned from) or about the instance and licence are context flags, off when omitted.
// - An attribute whose omission means GitLab's usual state declares it as its default: a branch or tag is not
//   protected, a protected branch or tag gives Maintainers access, Share Group Lock is off, cancelling is not customized
//   (Developer), a user is not external. A project's visibility, Public pipelines, the container registry's visibility
//   and accepting external contributions have no usual state the document names: they must be stated, and a condition
//   on one that is omitted is not met (a "can't" on one is then refused: footnote 13).
// - "Can't" for every role (footnote 13, footnote 7's Share Group Lock) is a deny rule with the footnote's words: it wins
//   over every role, administrators included. A row no column allows ("Not allowed for Guest, Reporter, Developer,
//   Maintainer, or Owner", the job table's empty rows) is `never()`.
// - "Non-member" (the CI/CD table's first column) is a principal who is not a member of the project
//   (`projectUser: false`): the column's cells are the rows' `nonMembers` rules. The project members table and the job
//   table have no such column, so a non-member may none of their rows (footnote 16 excepted, which speaks of
//   "users" contributing from outside the project). The section's "Pipeline visibility ... Everyone with Access"
//   is named by no footnote: the Non-member cells read only their footnotes (public project, Public pipelines).
// - "If you add a user to both a project's group and the project itself, the higher role is used": a principal with
//   several roles holds the permissions of each, which is the higher role's (except on the one row where a higher
//   role excepts a lower role's footnoted permission: see "Deploy when allowed to merge or push").
// - "GitLab administrators have all permissions": Administrator includes Owner, and holds "Administrator access" for
//   the job permissions table's column. The rows no column allows and the deny rules hold for administrators too.
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
    "Deploy when allowed to merge or push": {
      description: "The Reporter's cell of \"Run deployment job for a protected environment\": ✓ (5), \"If the user is allowed to merge or push to the protected branch.\"",
      note: "Granted by Reporter and excepted by Developer, whose cell (like the Maintainer's) is ✓ (6) instead: the document names no such permission; it exists so that the Developer and Maintainer cells' own footnote is the only condition they read.",
    },
  },
  roles: {
    Guest: {
      grants: ["Guest access"],
      description: "This role applies to private and internal projects only. Has the least permissions.",
    },
    Reporter: { grants: ["Reporter access", "Deploy when allowed to merge or push"], includes: ["Guest"] },
    Developer: {
      grants: ["Developer access"],
      includes: ["Reporter"],
      except: ["Deploy when allowed to merge or push"],
      note: "\"Run deployment job for a protected environment\" gives the Reporter ✓ (5) but the Developer and the Maintainer ✓ (6): a Developer does not take the Reporter's footnote 5 path (nor does any role above it: the Owner's ✓ is plain).",
    },
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
      note: "No project permission: \"Owners must explicitly add these users to the specific subgroups and projects\" (with another role). A Minimal Access user not added to the project is a non-member of it (projectUser: false).",
    },
    Administrator: {
      grants: ["Administrator access"],
      includes: ["Owner"],
      description: "GitLab administrators have all permissions.",
    },
  },
  principal: {
    external: {
      kind: "flag",
      default: false,
      description: "The user is an external user (footnote 1; job permissions footnote 1). Omitted: not external, GitLab's usual user.",
    },
  },
  context: {
    creatingIssue: { description: "The metadata is set while creating the issue (footnote 15)." },
    canViewEpic: { description: "The user has permission to view the epic (footnote 22)." },
    designComment: { description: "The comment is on a Design Management design (footnote 9)." },
    ownActionsOnly: { description: "The audit events asked for are those of the user's own actions (footnote 10)." },
    ownerRoleInvolved: {
      description: "The change creates, demotes or removes an Owner, promotes to Owner, or approves an Owner role access request (footnote 20).",
    },
    gitlabSaas: { description: "The instance is GitLab SaaS (GitLab.com) rather than self-managed (footnote 11)." },
    premiumOrAbove: { description: "The namespace is on a paid Premium plan or above, not a trial (footnote 11)." },
    ultimateLicense: { description: "The instance or namespace has an Ultimate license (footnote 23)." },
    canMergeOrPush: { description: "The user is allowed to merge or push to the protected branch (CI/CD footnote 5)." },
    inGroupWithReporter: { description: "The user is part of a group with at least the Reporter role (CI/CD footnote 6)." },
    memberOfClonedProject: { description: "The triggering user is a member of the project cloned from (job permissions footnote 2)." },
  },
  resource: {
    projectVisibility: {
      kind: "enum",
      values: ["public", "internal", "private"],
      description: "The project's visibility level (no default: the footnotes that read it need it stated).",
    },
    publicPipelines: { kind: "flag", description: "Public pipelines is enabled in Project Settings > CI/CD (no default)." },
    containerRegistryVisible: {
      kind: "flag",
      description: "The container registry's visibility permissions let the user view it and pull images (footnote 19; no default).",
    },
    branchProtected: { kind: "flag", default: false, description: "The branch is protected (omitted: not protected)." },
    branchAccess: {
      kind: "enum",
      values: ["No one", "Maintainers", "Developers + Maintainers"],
      default: "Maintainers",
      description: "The access a protected branch gives Developers and Maintainers (footnote 4; omitted: Maintainers, GitLab's default).",
    },
    tagProtected: { kind: "flag", default: false, description: "The tag is protected (omitted: not protected)." },
    tagAccess: {
      kind: "enum",
      values: ["No one", "Maintainers", "Developers + Maintainers"],
      default: "Maintainers",
      description: "The access a protected tag gives Developers and Maintainers (footnote 12; omitted: Maintainers, GitLab's default).",
    },
    shareGroupLock: { kind: "flag", default: false, description: "Share Group Lock is enabled (footnote 7; omitted: not enabled)." },
    acceptsExternalContributions: {
      kind: "flag",
      description: "The project accepts contributions from external members (footnote 16; no default).",
    },
    cancelMinimumRole: {
      kind: "enum",
      values: ["Developer", "Maintainer", "No one"],
      default: "Developer",
      description: "Who may cancel pipelines and jobs, as customized in the pipeline settings (CI/CD footnote 7; omitted: not customized, Developer).",
    },
    author: { kind: "user", description: "The user who created the issue or task (footnotes 2, 18 and 21)." },
    assignees: { kind: "users", description: "The users the issue is assigned to (footnotes 2 and 18)." },
    jobTriggeredBy: { kind: "user", description: "The user who triggered the job (CI/CD footnote 4)." },
  },
});
const { all, any, never, require, not, onlyIf, ctx, resourceIn, resourceIs, principalIs, relation } = gitlab.req;

// Footnote 1: "users with the Guest role are able to perform this action only on public and internal projects (not on
// private projects). External users must be given explicit access (at least the Reporter role) even if the project is
// internal." On GitLab.com internal visibility does not exist, so the visibility alone says it.
const guestFootnote1 = all(
  "Guest access",
  require(resourceIn("projectVisibility", "public", "internal")),
  onlyIf(principalIs("external", true), require(resourceIn("projectVisibility", "public"))),
);
// Footnote 15: "Guest users can only set metadata ... when creating an issue."
const guestWhenCreating = all("Guest access", require(ctx("creatingIssue")));
// Footnotes 2 and 18: "they created themselves or are assigned to", "Authors and assignees".
const authorOrAssignee = any(require(relation("author")), require(relation("assignees")));
// A protected branch (footnote 4) or tag (footnote 12) "depends on the access given to Developers and Maintainers":
// Developers need "Developers + Maintainers", Maintainers (and Owners) "Maintainers" or "Developers + Maintainers";
// "No one" lets no one. Not stated, the access is GitLab's default for a protected branch or tag, Maintainers.
const branchAllows = (role: "Developer" | "Maintainer") =>
  role === "Developer"
    ? require(resourceIn("branchAccess", "Developers + Maintainers"))
    : require(resourceIn("branchAccess", "Maintainers", "Developers + Maintainers"));
const tagAllows = (role: "Developer" | "Maintainer") =>
  role === "Developer"
    ? require(resourceIn("tagAccess", "Developers + Maintainers"))
    : require(resourceIn("tagAccess", "Maintainers", "Developers + Maintainers"));
// CI/CD footnotes 1 and 3: the Non-member column, for a principal who is not a member of the project. Footnote 2: Guests.
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
    s.action("View confidential issues", any("Reporter access", all("Guest access", authorOrAssignee)), {
      text: "Issues: View confidential issues | (2) | ✓ | ✓ | ✓ | ✓",
      note: "Footnote 2: a Guest may view only the confidential issues they created themselves or are assigned to: principal.id is resource.author or one of resource.assignees.",
    });
    s.action("Close / reopen", any("Reporter access", authorOrAssignee), {
      id: "close_reopen",
      text: "Issues: Close / reopen (18) |  | ✓ | ✓ | ✓ | ✓",
      note: "Footnote 18: authors and assignees (resource.author, resource.assignees) may close and reopen without the Reporter role. Unlike footnote 21 it asks for no minimum role, so any member of the project who is the author or an assignee may; a non-member may not (the table has no Non-member column).",
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
      note: "Footnote 1: a Guest only on a public or internal project, and an external Guest (principal.external) only on a public one.",
    });
  });
  project.section("Merge requests", {}, (s) => {
    s.action("View a merge request", any("Reporter access", guestFootnote1), {
      text: "Merge requests: View a merge request | ✓ (1) | ✓ | ✓ | ✓ | ✓",
      note: "Footnote 1: a Guest only on a public or internal project, and an external Guest (principal.external) only on a public one.",
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
      nonMembers: require(resourceIs("acceptsExternalContributions", true)),
      note: "Footnote 16: in projects that accept contributions from external members, users may create their own merge requests: members of any role, and non-members (the contributors from outside the project the footnote is about); resource.acceptsExternalContributions must be stated true.",
    });
    s.action("Manage or accept", "Developer access", { text: "Merge requests: Manage or accept |  |  | ✓ | ✓ | ✓" });
    s.action("Manage merge approval rules (project settings)", "Maintainer access", { text: "Merge requests: Manage merge approval rules (project settings) |  |  |  | ✓ | ✓" });
    s.action("Delete", "Owner access", { text: "Merge requests: Delete |  |  |  |  | ✓" });
  });
  project.section("Package registry", {}, (s) => {
    s.action("Pull a package", any("Reporter access", guestFootnote1), {
      text: "Package registry: Pull a package | ✓ (1) | ✓ | ✓ | ✓ | ✓",
      note: "Footnote 1: a Guest only on a public or internal project, and an external Guest (principal.external) only on a public one.",
    });
    s.action("Publish a package", "Developer access", { text: "Package registry: Publish a package |  |  | ✓ | ✓ | ✓" });
    s.action("Delete a package", "Maintainer access", { text: "Package registry: Delete a package |  |  |  | ✓ | ✓" });
  });
  project.section("Projects", {}, (s) => {
    s.action("Download project", any("Reporter access", guestFootnote1), {
      text: "Projects: Download project | ✓ (1) | ✓ | ✓ | ✓ | ✓",
      note: "Footnote 1: a Guest only on a public or internal project, and an external Guest (principal.external) only on a public one.",
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
      note: "Footnote 1: a Guest only on a public or internal project, and an external Guest (principal.external) only on a public one.",
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
      "Maintainer access",
      {
        text: "Projects: Change project features visibility level |  |  |  | ✓ (13) | ✓",
        deny: {
          when: resourceIn("projectVisibility", "private"),
          text: "A Maintainer or Owner can't change project features visibility level if project visibility is set to private.",
        },
        note: "Footnote 13 applies to the Owner too, as its text says, though only the Maintainer cell carries it: a deny rule, for every role. A visibility not stated cannot be decided, so it is refused too (the project might be private).",
      },
    );
    s.action("Export project", "Maintainer access", { text: "Projects: Export project |  |  |  | ✓ | ✓" });
    s.action("Manage project access tokens", all("Maintainer access", onlyIf(ctx("ownerRoleInvolved"), "Owner access"), onlyIf(ctx("gitlabSaas"), require(ctx("premiumOrAbove")))), {
      text: "Projects: Manage project access tokens (11) |  |  |  | ✓ (20) | ✓",
      note: "Footnote 11: on GitLab SaaS only on Premium and above, not trials (context.gitlabSaas, context.premiumOrAbove); self-managed on Free and above. Footnote 20 on the Maintainer cell: a token with the Owner role (context.ownerRoleInvolved) needs the Owner role.",
    });
    s.action("Share (invite) projects with groups", "Maintainer access", {
      id: "share_with_groups",
      text: "Projects: Share (invite) projects with groups |  |  |  | ✓ (7) | ✓ (7)",
      deny: { when: resourceIs("shareGroupLock", true), text: "When Share Group Lock is enabled the project can't be shared with other groups." },
      note: "Footnote 7 on every ✓: when Share Group Lock is enabled the project can't be shared, by any role (a deny rule; omitted: not enabled). \"It does not affect group with group sharing\", which is not a row of this table.",
    });
    s.action("Archive project", "Owner access", { text: "Projects: Archive project |  |  |  |  | ✓" });
    s.action("Change project visibility level", "Owner access", { text: "Projects: Change project visibility level |  |  |  |  | ✓" });
    s.action("Delete project", "Owner access", { text: "Projects: Delete project |  |  |  |  | ✓" });
    s.action("Transfer project to another namespace", "Owner access", { text: "Projects: Transfer project to another namespace |  |  |  |  | ✓" });
  });
  project.section("Repository", {}, (s) => {
    s.action("Pull project code", any("Reporter access", guestFootnote1), {
      text: "Repository: Pull project code | ✓ (1) | ✓ | ✓ | ✓ | ✓",
      note: "Footnote 1: a Guest only on a public or internal project, and an external Guest (principal.external) only on a public one.",
    });
    s.action("View project code", any("Reporter access", guestFootnote1, all("Guest access", "View private repository content", require(ctx("ultimateLicense")))), {
      text: "Repository: View project code | ✓ (1) (23) | ✓ | ✓ | ✓ | ✓",
      note: "Footnote 1: a Guest only on a public or internal project (an external Guest, principal.external, only on a public one). Footnote 23: or, with an Ultimate license, a Guest given \"View private repository content\" through a custom role.",
    });
    s.action("View a commit status", "Reporter access", { text: "Repository: View a commit status |  | ✓ | ✓ | ✓ | ✓" });
    s.action("Create new branches", "Developer access", { text: "Repository: Create new branches |  |  | ✓ | ✓ | ✓" });
    s.action("Create or update commit status", any("Maintainer access", all("Developer access", onlyIf(resourceIs("branchProtected", true), branchAllows("Developer")))), {
      text: "Repository: Create or update commit status |  |  | ✓ (4) | ✓ | ✓",
      note: "Footnote 4 on the Developer cell: on a protected branch (resource.branchProtected, omitted: not protected) a Developer needs the branch to give \"Developers + Maintainers\" access (resource.branchAccess, omitted: Maintainers).",
    });
    s.action("Force push to non-protected branches", "Developer access", { text: "Repository: Force push to non-protected branches |  |  | ✓ | ✓ | ✓" });
    s.action("Push to non-protected branches", "Developer access", { text: "Repository: Push to non-protected branches |  |  | ✓ | ✓ | ✓" });
    s.action("Enable or disable branch protection", "Maintainer access", { text: "Repository: Enable or disable branch protection |  |  |  | ✓ | ✓" });
    s.action("Push to protected branches", all("Maintainer access", branchAllows("Maintainer")), {
      text: "Repository: Push to protected branches (4) |  |  |  | ✓ | ✓",
      note: "Footnote 4 on the row: it depends on the access the branch gives (resource.branchAccess, omitted: Maintainers, GitLab's default): Maintainers and Owners need \"Maintainers\" or \"Developers + Maintainers\", so \"No one\" lets no one. The row gives Developers no ✓, so \"Developers + Maintainers\" is not read as letting a Developer push.",
    });
    s.action("Remove fork relationship", "Owner access", { text: "Repository: Remove fork relationship |  |  |  |  | ✓" });
    s.action("Force push to protected branches", never(), {
      text: "Repository: Force push to protected branches (3) |  |  |  |  | ",
      note: "Footnote 3: \"Not allowed for Guest, Reporter, Developer, Maintainer, or Owner. See protected branches.\" No one, administrators included: what a protected branch's own settings may allow is in the page it points to, not in this document.",
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
    s.action("Delete", any("Owner access", all("Guest access", require(relation("author")))), {
      text: "Tasks: Delete (21) |  |  |  |  | ✓",
      note: "Footnote 21: authors of tasks (principal.id is resource.author) may delete them without the Owner role, with at least the Guest role.",
    });
  });
  project.section("Terraform", {}, (s) => {
    s.action("Read Terraform state", "Developer access", { text: "Terraform: Read Terraform state |  |  | ✓ | ✓ | ✓" });
    s.action("Manage Terraform state", "Maintainer access", { text: "Terraform: Manage Terraform state |  |  |  | ✓ | ✓" });
  });
});

gitlab.area("Project features permissions", { id: "features" }, (features) => {
  features.section("GitLab CI/CD permissions", { id: "ci_cd" }, (s) => {
    s.action("See that artifacts exist", any("Reporter access", all("Guest access", ciFootnote3)), {
      text: "See that artifacts exist | ✓ (3) | ✓ (3) | ✓ | ✓ | ✓ | ✓",
      nonMembers: ciFootnote3,
      note: "Footnote 3 on the Non-member and Guest cells: if the project is public (a non-member: projectUser false).",
    });
    s.action("View a list of jobs", any("Reporter access", ciFootnote2), {
      text: "View a list of jobs | ✓ (1) | ✓ (2) | ✓ | ✓ | ✓ | ✓",
      nonMembers: ciFootnote1,
      note: "Guest (footnote 2): if Public pipelines is enabled. Non-member (footnote 1, projectUser false): if the project is public and Public pipelines is enabled.",
    });
    s.action("View and download artifacts", any("Reporter access", ciFootnote2), {
      text: "View and download artifacts | ✓ (1) | ✓ (2) | ✓ | ✓ | ✓ | ✓",
      nonMembers: ciFootnote1,
      note: "Guest (footnote 2): if Public pipelines is enabled. Non-member (footnote 1, projectUser false): if the project is public and Public pipelines is enabled.",
    });
    s.action("View environments", any("Reporter access", all("Guest access", ciFootnote3)), {
      text: "View environments | ✓ (3) | ✓ (3) | ✓ | ✓ | ✓ | ✓",
      nonMembers: ciFootnote3,
      note: "Footnote 3 on the Non-member and Guest cells: if the project is public (a non-member: projectUser false).",
    });
    s.action("View job logs and job details page", any("Reporter access", ciFootnote2), {
      text: "View job logs and job details page | ✓ (1) | ✓ (2) | ✓ | ✓ | ✓ | ✓",
      nonMembers: ciFootnote1,
      note: "Guest (footnote 2): if Public pipelines is enabled. Non-member (footnote 1, projectUser false): if the project is public and Public pipelines is enabled.",
    });
    s.action("View pipelines and pipeline details pages", any("Reporter access", ciFootnote2), {
      text: "View pipelines and pipeline details pages | ✓ (1) | ✓ (2) | ✓ | ✓ | ✓ | ✓",
      nonMembers: ciFootnote1,
      note: "Guest (footnote 2): if Public pipelines is enabled. Non-member (footnote 1, projectUser false): if the project is public and Public pipelines is enabled.",
    });
    s.action("View pipelines tab in MR", any("Reporter access", all("Guest access", ciFootnote3)), {
      text: "View pipelines tab in MR | ✓ (3) | ✓ (3) | ✓ | ✓ | ✓ | ✓",
      nonMembers: ciFootnote3,
      note: "Footnote 3 on the Non-member and Guest cells: if the project is public (a non-member: projectUser false).",
    });
    s.action("View vulnerabilities in a pipeline", any("Reporter access", ciFootnote2), {
      text: "View vulnerabilities in a pipeline |  | ✓ (2) | ✓ | ✓ | ✓ | ✓",
      note: "Guest (footnote 2): if Public pipelines is enabled. The Non-member cell is empty: a non-member may not.",
    });
    s.action("View and download project-level Secure Files", "Developer access", { text: "View and download project-level Secure Files |  |  |  | ✓ | ✓ | ✓" });
    s.action("Retry jobs", "Developer access", { text: "Retry jobs |  |  |  | ✓ | ✓ | ✓" });
    s.action(
      "Cancel jobs",
      all("Developer access", onlyIf(resourceIn("cancelMinimumRole", "Maintainer"), "Maintainer access")),
      {
        text: "Cancel jobs |  |  |  | ✓ (7) | ✓ (7) | ✓ (7)",
        deny: { when: resourceIn("cancelMinimumRole", "No one"), text: "Cancellation permissions can be customized via the pipeline settings" },
        note: "Footnote 7 on every ✓: the setting's values are not in the document; read as GitLab's minimum role to cancel (resource.cancelMinimumRole: Developer, Maintainer or No one; omitted: not customized, Developer and above). \"No one\" is a deny rule: no role may, and a value that is not one of the three is refused too.",
      },
    );
    s.action(
      "Delete job logs or job artifacts",
      any("Maintainer access", all("Developer access", require(relation("jobTriggeredBy")), require(not(resourceIs("branchProtected", true))))),
      {
        text: "Delete job logs or job artifacts |  |  |  | ✓ (4) | ✓ | ✓",
        note: "Footnote 4 on the Developer cell: only for a job the Developer triggered (principal.id is resource.jobTriggeredBy) that ran for a non-protected branch (resource.branchProtected, omitted: not protected).",
      },
    );
    s.action("Run CI/CD pipeline", "Developer access", { text: "Run CI/CD pipeline |  |  |  | ✓ | ✓ | ✓" });
    s.action("Run CI/CD pipeline for a protected branch", any("Owner access", all("Developer access", require(ctx("canMergeOrPush")))), {
      text: "Run CI/CD pipeline for a protected branch |  |  |  | ✓ (5) | ✓ (5) | ✓",
      note: "Footnote 5 on the Developer and Maintainer cells: only if the user is allowed to merge or push to the protected branch (context.canMergeOrPush); the Owner always.",
    });
    s.action(
      "Run deployment job for a protected environment",
      any("Owner access", all("Deploy when allowed to merge or push", require(ctx("canMergeOrPush"))), all("Developer access", require(ctx("inGroupWithReporter")))),
      {
        text: "Run deployment job for a protected environment |  |  | ✓ (5) | ✓ (6) | ✓ (6) | ✓",
        note: "Reporter (footnote 5): if allowed to merge or push to the protected branch. Developer and Maintainer (footnote 6): if part of a group with at least the Reporter role; their cells carry footnote 6 alone, so they do not take the Reporter's footnote 5 path (the Developer role excepts \"Deploy when allowed to merge or push\"). The Owner always.",
      },
    );
    s.action("Manage project-level CI/CD variables", "Maintainer access", { text: "Manage project-level CI/CD variables |  |  |  |  | ✓ | ✓" });
    s.action("Delete pipelines", "Owner access", { text: "Delete pipelines |  |  |  |  |  | ✓" });

    s.section("Job permissions", { id: "jobs" }, (jobs) => {
      jobs.action("Run CI job", "Developer access", {
        text: "Run CI job |  | ✓ | ✓ | ✓",
        note: "The job is triggered by the principal. The table has no Owner column: the Owner, above the Maintainer, may too.",
      });
      jobs.action("Clone source and LFS from internal projects", any("Administrator access", all("Developer access", require(not(principalIs("external", true))))), {
        text: "Clone source and LFS from internal projects |  | ✓ (1) | ✓  (1) | ✓",
        note: "Footnote 1 on the Developer and Maintainer cells: only if the triggering user is not an external one (principal.external, omitted: not external); the Administrator always.",
      });
      jobs.action("Clone source and LFS from private projects", all(any("Developer access", "Administrator access"), require(ctx("memberOfClonedProject"))), {
        text: "Clone source and LFS from private projects |  | ✓ (2) | ✓  (2) | ✓ (2)",
        note: "Footnote 2 (written \"1.\" a second time) on every ✓, the Administrator's included: only if the triggering user is a member of the project cloned from (context.memberOfClonedProject).",
      });
      jobs.action("Push container images to other projects", never(), {
        text: "Push container images to other projects |  |  |  | ",
        note: "No column allows it, the Administrator's included: no one.",
      });
      jobs.action("Push source and LFS", never(), {
        text: "Push source and LFS |  |  |  | ",
        note: "No column allows it, the Administrator's included: no one.",
      });
    });
  });
});

export default gitlab;
