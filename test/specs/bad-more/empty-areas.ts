import { defineSystem } from "policyc";

// Areas and pages, but not one row and no page with an open requirement: still no action to compile.
const spec = defineSystem({ // error: empty-system
  id: "bad_empty_areas",
  title: "Empty areas",
  document: "test",
  permissions: { "View orders": {} },
});

spec.area("Orders", {}, (orders) => {
  orders.section("Order list", {}, () => {});
});
spec.area("Customers", {}, () => {});

export default spec;
