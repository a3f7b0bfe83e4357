import { defineSystem } from "policyc";

// The form platform's permission table (seed document maestro-permissions.txt).
//
// Readings chosen where the document is ambiguous:
// - The header badges "Journey Manager (JM) Previously known as Transact Manager (TM)", "System Manager / DevOps"
//   and "20.11 This feature was updated in 20.11" describe the page (product, audience, last update), not roles or
//   permissions: they are not modelled. Only the two rows marked "introduced in 20.11" carry `since`.
// - "Allows staff ..." (SCM permissions, Shared Domain Model Edit, Versions Admin) means the customer's staff who use
//   the product, not the vendor's staff: the standard roles grant these permissions to ordinary users, so none of
//   them is staffOnly (a staffOnly permission would be useless to everyone holding the role without `staff: true`).
// - Maestro Administrator holds every permission of Maestro Developer, but the document lists both roles flat, so each
//   role grants exactly the rows that name it; no role includes another.
// - The roles are the product's "standard roles"; the document does not say they cannot be edited, so they are not
//   marked `system`.
// - The platform has no pages: each permission is one action, written once (row = the permission name, requirement =
//   that permission), grouped into areas by the subject the permission names.
const maestro = defineSystem({
  id: "maestro",
  title: "Maestro",
  document: "maestro-permissions.txt",
  permissions: {
    "Form Edit": { description: "Allows users to edit a form." },
    "Form Publish": {
      description: "Allows users to build a form.",
      note: "The description says build while the name says publish; publishing builds the form, so both mean the same action.",
    },
    "Form Remove": { description: "Allows users to delete a form." },
    "Form View": { description: "Allows users to view a form." },
    "Library Edit": { description: "Allows users to edit a library." },
    "Library Remove": { description: "Allows users to delete a library." },
    "Library Share": { description: "Allows users to share libraries.", since: "20.11" },
    "Library Share Global": { description: "Allows users to share libraries globally.", since: "20.11" },
    "Library View": { description: "Allows users to view a library." },
    "Organization Edit": { description: "Allows users to edit an organization." },
    "Project Edit": { description: "Allows users to edit a project." },
    "Project Export": { description: "Allows users to export a project." },
    "Project Import": { description: "Allows users to import a project." },
    "Project Remove": { description: "Allows users to delete a project." },
    "Project View": { description: "Allows users to view a project." },
    "Release Edit": { description: "Allows a Maestro Administrator to edit releases." },
    "Release Remove": { description: "Allows a Maestro Administrator to delete releases." },
    "Release Version View": { description: "Allows a Maestro administrator to view release versions." },
    "SCM Design Delete": { description: "Allows staff who can use Maestro SCM to delete designs." },
    "SCM Design Edit": { description: "Allows staff who can use Maestro SCM to edit designs." },
    "SCM Design View": { description: "Allows staff who can use Maestro SCM to view designs." },
    "SCM Org Library Add": { description: "Allows staff who can use Maestro SCM to add organization libraries" },
    "SCM Org Library Edit": { description: "Allows staff who can use Maestro SCM to update organization libraries" },
    "SCM Org Library View": { description: "Allows staff who can use Maestro SCM to view organization libraries" },
    "SCM Project Delete": { description: "Allows staff who can use Maestro SCM to delete projects" },
    "SCM Project Edit": { description: "Allows staff who can use Maestro SCM to update projects" },
    "SCM Project View": { description: "Allows staff who can use Maestro SCM to view projects" },
    "SCM Project Library Add": {
      description: "Allows staff who can use Maestro SCM to delete project libraries",
      note: "The description says delete but the name says add; the name is what is granted and matches its siblings (SCM Org Library Add / Edit / View), so it is read as adding project libraries. The description is kept verbatim.",
    },
    "SCM Project Library Edit": { description: "Allows staff who can use Maestro SCM to update project libraries" },
    "SCM Project Library View": { description: "Allows staff who can use Maestro SCM to view project libraries" },
    "Shared Domain Model Edit": { description: "Allows staff to edit shared domain model." },
    "Versions Admin": { description: "Allows staff to manage versions." },
  },
  roles: {
    "Maestro Administrator": {
      grants: [
        "Form Edit",
        "Form Publish",
        "Form Remove",
        "Form View",
        "Library Edit",
        "Library Remove",
        "Library Share",
        "Library Share Global",
        "Library View",
        "Organization Edit",
        "Project Edit",
        "Project Export",
        "Project Import",
        "Project Remove",
        "Project View",
        "Release Edit",
        "Release Remove",
        "Release Version View",
        "Shared Domain Model Edit",
        "Versions Admin",
      ],
    },
    "Maestro Developer": {
      grants: [
        "Form Edit",
        "Form Publish",
        "Form Remove",
        "Form View",
        "Library Edit",
        "Library Remove",
        "Library Share",
        "Library Share Global",
        "Library View",
        "Organization Edit",
        "Project Edit",
        "Project Export",
        "Project Import",
        "Project Remove",
        "Project View",
      ],
    },
    "Maestro SCM Design": { grants: ["SCM Design Delete", "SCM Design Edit", "SCM Design View"] },
    "Maestro SCM Org Library": { grants: ["SCM Org Library Add", "SCM Org Library Edit", "SCM Org Library View"] },
    "Maestro SCM Project": {
      grants: [
        "SCM Project Delete",
        "SCM Project Edit",
        "SCM Project View",
        "SCM Project Library Add",
        "SCM Project Library Edit",
        "SCM Project Library View",
      ],
    },
  },
});

type MaestroPermission = keyof typeof maestro.decl.permissions;
/** The document's description of a permission: the action's row text, so it is written once. */
const described = (name: MaestroPermission): string => maestro.decl.permissions[name].description ?? "";

maestro.area("Forms", {}, (forms) => {
  forms.action("Form Edit", { id: "edit", text: described("Form Edit") });
  forms.action("Form Publish", { id: "publish", text: described("Form Publish") });
  forms.action("Form Remove", { id: "remove", text: described("Form Remove") });
  forms.action("Form View", { id: "view", text: described("Form View") });
});

maestro.area("Libraries", {}, (libraries) => {
  libraries.action("Library Edit", { id: "edit", text: described("Library Edit") });
  libraries.action("Library Remove", { id: "remove", text: described("Library Remove") });
  libraries.action("Library Share", { id: "share", text: described("Library Share") });
  libraries.action("Library Share Global", { id: "share_global", text: described("Library Share Global") });
  libraries.action("Library View", { id: "view", text: described("Library View") });
});

maestro.area("Organizations", {}, (organizations) => {
  organizations.action("Organization Edit", { id: "edit", text: described("Organization Edit") });
});

maestro.area("Projects", {}, (projects) => {
  projects.action("Project Edit", { id: "edit", text: described("Project Edit") });
  projects.action("Project Export", { id: "export", text: described("Project Export") });
  projects.action("Project Import", { id: "import", text: described("Project Import") });
  projects.action("Project Remove", { id: "remove", text: described("Project Remove") });
  projects.action("Project View", { id: "view", text: described("Project View") });
});

maestro.area("Releases", {}, (releases) => {
  releases.action("Release Edit", { id: "edit", text: described("Release Edit") });
  releases.action("Release Remove", { id: "remove", text: described("Release Remove") });
  releases.action("Release Version View", { id: "version_view", text: described("Release Version View") });
});

maestro.area("SCM Designs", {}, (designs) => {
  designs.action("SCM Design Delete", { id: "delete", text: described("SCM Design Delete") });
  designs.action("SCM Design Edit", { id: "edit", text: described("SCM Design Edit") });
  designs.action("SCM Design View", { id: "view", text: described("SCM Design View") });
});

maestro.area("SCM Org Libraries", {}, (orgLibraries) => {
  orgLibraries.action("SCM Org Library Add", { id: "add", text: described("SCM Org Library Add") });
  orgLibraries.action("SCM Org Library Edit", { id: "edit", text: described("SCM Org Library Edit") });
  orgLibraries.action("SCM Org Library View", { id: "view", text: described("SCM Org Library View") });
});

maestro.area("SCM Projects", {}, (scmProjects) => {
  scmProjects.action("SCM Project Delete", { id: "delete", text: described("SCM Project Delete") });
  scmProjects.action("SCM Project Edit", { id: "edit", text: described("SCM Project Edit") });
  scmProjects.action("SCM Project View", { id: "view", text: described("SCM Project View") });
});

maestro.area("SCM Project Libraries", {}, (projectLibraries) => {
  projectLibraries.action("SCM Project Library Add", {
    id: "add",
    text: described("SCM Project Library Add"),
    note: "Read as adding a project library (the permission's name), although the document's description says delete.",
  });
  projectLibraries.action("SCM Project Library Edit", { id: "edit", text: described("SCM Project Library Edit") });
  projectLibraries.action("SCM Project Library View", { id: "view", text: described("SCM Project Library View") });
});

maestro.area("Shared Domain Model", {}, (domainModel) => {
  domainModel.action("Shared Domain Model Edit", { id: "edit", text: described("Shared Domain Model Edit") });
});

maestro.area("Versions", {}, (versions) => {
  versions.action("Versions Admin", { id: "admin", text: described("Versions Admin") });
});

export default maestro;
