import { defineSystem } from "policyc";

// A module whose top-level await rejects (say, a catalogue read from a file that is missing): the error points at
// the line that created it.
const spec = defineSystem({
  id: "bad_rejects",
  title: "Rejects",
  document: "test",
  permissions: { "View orders": {} },
});

const rows: string[] = await Promise.reject(new Error("the row catalogue could not be read")); // error: spec-load-failed

spec.area("Orders", {}, (orders) => {
  for (const row of rows) orders.action(row, "View orders");
});

export default spec;
