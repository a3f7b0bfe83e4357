import { defineSystem } from "policyc";

// Names the types would reject, forced through with casts: the IR check still catches them.
const spec = defineSystem({
  id: "bad_unknown_permission",
  title: "Unknown permission",
  document: "test",
  permissions: {
    "View orders": {},
  },
  roles: {
    Clerk: { grants: ["View orders", "View order" as "View orders"] }, // error: unknown-permission
    Manager: { includes: ["Clerks" as "Clerk"] }, // error: unknown-role
  },
});

spec.area("Orders", {}, (orders) => {
  orders.action("View an order", "View orders");
  orders.action("Edit an order", "Edit orders" as "View orders"); // error: unknown-permission
});

export default spec;
