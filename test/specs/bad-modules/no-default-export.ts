// error: spec-load-failed
import { defineSystem } from "policyc";

// The loader takes the default export; a named export is not found.
export const spec = defineSystem({
  id: "bad_no_default",
  title: "No default export",
  document: "test",
  permissions: { "View orders": {} },
});

spec.area("Orders", {}, (orders) => {
  orders.action("View an order", "View orders");
});
