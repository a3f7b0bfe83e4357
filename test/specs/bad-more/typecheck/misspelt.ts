import { defineSystem } from "policyc";

// Type errors the type check reports at their exact position; tsx alone would strip the types and run the spec.
// Each bad line carries a @ts-expect-error directive on the line above, so the project's own type check (which
// includes test/) stays clean; the test blanks the directives in a copy and type-checks that.
const spec = defineSystem({
  id: "bad_types",
  title: "Type errors",
  document: "test",
  permissions: {
    "View orders": {},
    // @ts-expect-error staffOnly is a boolean
    "Edit orders": { staffOnly: "no" }, // error: type-error
  },
  context: { personal: { description: "The export includes personal data." } },
});
const { all, ctx } = spec.req;

spec.area("Orders", { open: "View orders" }, (orders) => {
  // @ts-expect-error "Edit order" is not a declared permission
  orders.action("Edit an order", all("View orders", "Edit order")); // error: type-error
  // @ts-expect-error a condition is not a requirement
  orders.action("Export", all("Edit orders", ctx("personal"))); // error: type-error
});

// @ts-expect-error a string is not a number
const rowCount: number = "three"; // error: type-error
void rowCount;

export default spec;
