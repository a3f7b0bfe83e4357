import { defineSystem } from "policyc";

// Conditions on context keys the system does not declare, or declares with another kind.
const spec = defineSystem({
  id: "bad_unknown_context_key",
  title: "Unknown context key",
  document: "test",
  permissions: {
    "Export orders": {},
    "Export personal data": {},
  },
  context: {
    includesPersonalData: { description: "The export includes personal data." },
    granted: { kind: "permissionList", description: "Permissions being granted." },
  },
});
const { all, onlyIf, require, ctx, holdsAll } = spec.req;

spec.area("Orders", {}, (orders) => {
  orders.action("Export orders", all("Export orders", onlyIf(ctx("includesPersonalData"), "Export personal data")));
  orders.action("Export everything", all("Export orders", require({ kind: "contextFlag", key: "includesEverything" }))); // error: unknown-context-key
  orders.action("Export granted", onlyIf(ctx("granted" as "includesPersonalData"), "Export orders")); // error: unknown-context-key
  orders.action("Grant", require(holdsAll("context", "includesPersonalData" as "granted"))); // error: unknown-context-key
});

export default spec;
