import { defineSystem } from "policyc";

// all() and any() with nothing inside: the document never has an empty cell, so this is a slip.
const spec = defineSystem({
  id: "bad_empty_requirement",
  title: "Empty requirement",
  document: "test",
  permissions: {
    "View orders": {},
  },
});
const { all, any } = spec.req;

spec.area("Orders", {}, (orders) => {
  orders.action("View an order", all()); // error: empty-requirement
  orders.action("Edit an order", all("View orders", any())); // error: empty-requirement
});

export default spec;
