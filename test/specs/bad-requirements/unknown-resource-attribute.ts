import { defineSystem } from "policyc";

// Conditions on resource attributes the system does not declare, or values outside an enum.
const spec = defineSystem({
  id: "bad_unknown_resource_attribute",
  title: "Unknown resource attribute",
  document: "test",
  permissions: {
    "Edit orders": {},
  },
  resource: {
    status: { kind: "enum", values: ["draft", "live"], description: "Order status." },
  },
});
const { all, require, resourceIn, resourceIs } = spec.req;

spec.area("Orders", {}, (orders) => {
  orders.action("Edit a draft", all("Edit orders", require(resourceIn("status", "draft"))));
  orders.action("Edit an archived order", all("Edit orders", require(resourceIn("status", "archived" as never)))); // error: unknown-resource-attribute (the type checker says so too: "archived" is not a value of status)
  orders.action("Edit a locked order", all("Edit orders", require(resourceIs("locked" as never, true)))); // error: unknown-resource-attribute
});

export default spec;
