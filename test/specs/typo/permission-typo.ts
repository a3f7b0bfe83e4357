import { defineSystem } from "policyc";

// A misspelt permission name is a TypeScript error at the line that misspells it.
// test/dsl.test.ts compiles a copy without the directive and expects that error.
const spec = defineSystem({
  id: "typo",
  title: "Typo",
  document: "test",
  permissions: {
    "View orders": {},
    "Edit orders": {},
  },
});
const { all } = spec.req;

spec.area("Orders", { open: "View orders" }, (orders) => {
  // @ts-expect-error "Edit order" is not a declared permission.
  orders.action("Edit an order", all("View orders", "Edit order"));
});

export default spec;
