import { defineSystem } from "policyc";
import { rowsOf } from "./lib/rows.ts";

// A helper module throws: the error points at the spec's own line that called it, not inside the helper.
const spec = defineSystem({
  id: "bad_helper",
  title: "Throws in a helper",
  document: "test",
  permissions: { "View orders": {} },
});

spec.area("Orders", {}, (orders) => {
  for (const row of rowsOf("orders")) orders.action(row, "View orders"); // error: spec-load-failed
});

export default spec;
