import { defineSystem } from "policyc";

// resourceIn() with no value can never hold; caught while lowering, before the request space is searched.
const spec = defineSystem({
  id: "bad_no_values",
  title: "No values",
  document: "test",
  permissions: {
    "Edit orders": {},
  },
  resource: {
    status: { kind: "enum", values: ["draft", "live"], description: "Order status." },
  },
});
const { all, require, resourceIn } = spec.req;

spec.area("Orders", {}, (orders) => {
  orders.action("Edit an order", all("Edit orders", require(resourceIn("status")))); // error: unsatisfiable-requirement
});

export default spec;
