import { defineSystem } from "policyc";

// Names a person would read as one: page titles and rows that differ only by case or whitespace become the same
// id, and context keys or resource attributes that differ only by case are refused (a request author's slip of
// case would otherwise silently set the other one). Permission and role names: see bad-catalogue/duplicate-name.ts.
const spec = defineSystem({
  id: "bad_case",
  title: "Case and whitespace",
  document: "test",
  permissions: { "View orders": {}, "Edit orders": {} },
  context: {
    personal: { description: "The export includes personal data." },
    Personal: { description: "The same, in another case." }, // error: duplicate-name
  },
  resource: {
    status: { kind: "enum", values: ["draft", "live"], description: "Order status." },
    Status: { kind: "enum", values: ["draft", "live"], description: "The same, in another case." }, // error: duplicate-name
  },
});
const { onlyIf, ctx, require, resourceIn } = spec.req;

spec.area("Orders", {}, (orders) => {
  orders.action("Edit order", onlyIf(ctx("personal"), "Edit orders"));
  orders.action("Edit  Order ", onlyIf(ctx("Personal"), "Edit orders")); // error: duplicate-id
  orders.action("View", require(resourceIn("status", "live")));
  orders.action("View draft", require(resourceIn("Status", "draft")));
});

spec.area("orders", {}, (orders) => { // error: duplicate-id
  orders.action("View orders", "View orders");
});

export default spec;
