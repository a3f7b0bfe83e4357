import { defineSystem } from "policyc";

// Roles that include each other, and one that includes itself.
const spec = defineSystem({
  id: "bad_role_cycle",
  title: "Role cycle",
  document: "test",
  permissions: {
    "View orders": {},
  },
  roles: {
    Clerk: { grants: ["View orders"], includes: ["Manager"] }, // error: role-cycle
    Manager: { includes: ["Clerk"] },
    Narcissus: { includes: ["Narcissus"] }, // error: role-cycle
  },
});

spec.area("Orders", {}, (orders) => {
  orders.action("View an order", "View orders");
});

export default spec;
