import { defineSystem } from "policyc";

// The AuthZEN Todo interop scenario (../shared/authzen/todo-interop-payloads.md): a shared todo list, 5 actions
// each with its permission, 4 roles, ownership of todos. The 5 users and their roles are the PIP's
// (directory.json, keyed by the PID the PEP sends as subject.id).
//
// Readings chosen where the payload spec is terse:
// - "editor: the ability to edit and delete Todos that are owned by that user" is a permission of its own for
//   each (can_update_own_todo, can_delete_own_todo) that counts only on a todo the subject owns.
// - A todo's owner is `resource.properties.ownerID`, compared with the subject's `id` attribute from the PIP
//   (its email): the PEP sends the owner's email, the subject's PID (mapping `matches` -> ownedBySubject).
// - "The policy always returns true" for can_read_user and can_read_todos means every user of the list: every
//   role includes viewer, which grants both. A subject the PIP does not know is denied.
const todo = defineSystem({
  id: "todo",
  title: "Todo (AuthZEN interop)",
  document: "todo-interop-payloads.md",
  permissions: {
    can_read_user: { description: "View a user's information (the picture of a todo's owner)." },
    can_read_todos: { description: "View all todos." },
    can_create_todo: { description: "Create a todo." },
    can_update_todo: { description: "(Un)complete any todo." },
    can_delete_todo: { description: "Delete any todo." },
    can_update_own_todo: { description: "(Un)complete a todo the user owns." },
    can_delete_own_todo: { description: "Delete a todo the user owns." },
  },
  roles: {
    viewer: { description: "Views the shared todo list and its owners.", grants: ["can_read_user", "can_read_todos"] },
    editor: {
      description: "viewer, and creates todos and edits and deletes its own.",
      includes: ["viewer"],
      grants: ["can_create_todo", "can_update_own_todo", "can_delete_own_todo"],
    },
    admin: { description: "editor, and deletes any todo.", includes: ["editor"], grants: ["can_delete_todo"] },
    evil_genius: { description: "editor, and edits todos that are not its own.", includes: ["editor"], grants: ["can_update_todo"] },
  },
  resource: {
    ownedBySubject: { kind: "flag", description: "The todo's owner (resource.properties.ownerID) is the subject." },
  },
});
const { all, any, require, resourceIs } = todo.req;

todo.area("Users", {}, (users) => {
  users.action("View a user's information", "can_read_user", { id: "read" });
});
todo.area("Todos", {}, (todos) => {
  todos.action("View all Todos", "can_read_todos", { id: "read" });
  todos.action("Create a Todo", "can_create_todo", { id: "create" });
  todos.action("(Un)complete a Todo", any("can_update_todo", all("can_update_own_todo", require(resourceIs("ownedBySubject", true)))), { id: "update" });
  todos.action("Delete a Todo", any("can_delete_todo", all("can_delete_own_todo", require(resourceIs("ownedBySubject", true)))), { id: "delete" });
});

todo.authzen({
  subjects: { user: {} },
  resources: {
    user: {},
    todo: { matches: { ownedBySubject: { resourceProperty: "ownerID", subjectAttribute: "id" } } },
  },
  actions: {
    can_read_user: { action: "users.read", resources: ["user"] },
    can_read_todos: { action: "todos.read", resources: ["todo"] },
    can_create_todo: { action: "todos.create", resources: ["todo"] },
    can_update_todo: { action: "todos.update", resources: ["todo"] },
    can_delete_todo: { action: "todos.delete", resources: ["todo"] },
  },
});

export default todo;
