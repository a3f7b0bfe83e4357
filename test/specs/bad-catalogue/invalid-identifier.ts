import { defineSystem } from "policyc";

// Ids and keys that cannot become Rego/Cedar identifiers.
const spec = defineSystem({ // error: invalid-identifier
  id: "package",
  title: "Invalid identifiers",
  document: "test",
  permissions: {
    "View orders": { id: "View-Orders" }, // error: invalid-identifier
  },
  context: {
    "in": { description: "a Cedar keyword" }, // error: invalid-identifier
    "has-dash": { description: "not an identifier" }, // error: invalid-identifier
  },
  resource: {
    "data": { kind: "flag", description: "a Rego keyword" }, // error: invalid-identifier
    "9lives": { kind: "flag", description: "starts with a digit" }, // error: invalid-identifier
  },
});

spec.area("Orders", {}, (orders) => {
  orders.action("View an order", "View orders");
});

export default spec;
