import { defineSystem } from "policyc";

// A small system that uses every construct of the DSL once; its generated output is the golden reference.
const shop = defineSystem({
  id: "shop",
  title: "Shop (every construct)",
  document: "test/golden/constructs/spec/shop.ts",
  permissions: {
    "View orders": { description: "See the order list." },
    "Edit orders": { aliases: ["Edit order"], note: "The document also writes it in the singular." },
    "Export orders": { since: "20.11" },
    "Export personal data": {},
    "View system tasks": { staffOnly: true },
    "Edit groups": {},
    'Odd "quoted" \\ name }': { note: "Names with quotes and backslashes must stay inside their string literals." },
  },
  roles: {
    Viewer: { grants: ["View orders"] },
    Editor: { grants: ["Edit orders"], includes: ["Viewer"] },
    "System admin": { grants: ["Edit groups"], system: true, internal: true },
  },
  context: {
    includesPersonalData: { description: "The export includes personal data." },
    grantedPermissions: { kind: "permissionList", description: "Permissions being granted to another user." },
  },
  resource: {
    status: { kind: "enum", values: ["draft", "live", "archived"], description: "Order status." },
    hasUsers: { kind: "flag", description: "The group has users assigned." },
    group: { kind: "roleName", description: "The permission group acted on." },
    groupPermissions: { kind: "permissionList", description: "Every permission of the group acted on." },
  },
});
const { all, any, none, anyUser, onlyIf, require, ctx, resourceIn, resourceIs, memberOf, holdsAll } = shop.req;

shop.area("Orders", { open: "View orders", openText: "View orders" }, (orders) => {
  orders.action("Edit an order", "Edit orders");
  orders.action("Export orders", all("Export orders", onlyIf(ctx("includesPersonalData"), "Export personal data"), any("View system tasks", "Edit orders")));
  orders.action("Archive a draft", all("Edit orders", require(resourceIn("status", "draft"))), { note: "Only drafts can be archived." });
  orders.action("Copy an order", none());
  orders.action('Row with "quotes" and \\ backslash', 'Odd "quoted" \\ name }');
  orders.action("Track an order", "Edit orders", { inherit: false, note: "Reached from a link: the Orders page's requirement does not apply." });
  orders.section("Returns", { id: "returns", open: "Export orders", inherit: false, note: "Reached directly: Orders' requirement does not apply." }, (returns) => {
    returns.action("Accept a return", "Edit orders");
  });
});
shop.area("Help", {}, (help) => {
  help.action("Read help", anyUser());
});
shop.area("Groups", { open: "Edit groups" }, (groups) => {
  groups.action("Assign a group", any(require(memberOf("group")), require(holdsAll("resource", "groupPermissions"))));
  groups.action("Grant permissions", require(holdsAll("context", "grantedPermissions")));
  groups.action("Delete a group", all(require(resourceIs("hasUsers", false))));
});

export default shop;
