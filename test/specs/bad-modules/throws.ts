import { defineSystem } from "policyc";

// A spec whose module fails while it runs: the loader reports the throwing line.
const spec = defineSystem({
  id: "bad_throws",
  title: "Throws",
  document: "test",
  permissions: { "View orders": {} },
});

function rows(): string[] {
  throw new Error("the row table is missing"); // error: spec-load-failed
}

spec.area("Orders", {}, (orders) => {
  for (const row of rows()) orders.action(row, "View orders");
});

export default spec;
