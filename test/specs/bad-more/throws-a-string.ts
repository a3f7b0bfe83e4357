import { defineSystem } from "policyc"; // error: spec-load-failed

// A module that throws a value which is not an Error: there is no stack, so the loader can only name the file
// (line 1) and say so. Compare bad-modules/throws.ts, where an Error points at its line.
const spec = defineSystem({
  id: "bad_throws_string",
  title: "Throws a string",
  document: "test",
  permissions: { "View orders": {} },
});

spec.area("Orders", {}, (orders) => {
  orders.action("View", "View orders");
  throw "the row table is missing";
});

export default spec;
