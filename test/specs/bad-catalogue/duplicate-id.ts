import { defineSystem } from "policyc";

// Ids used twice: two permissions given the same id, two rows of one page, two areas with one title.
const spec = defineSystem({
  id: "bad_duplicate_id",
  title: "Duplicate ids",
  document: "test",
  permissions: {
    "Edit orders": { id: "edit" },
    "Change orders": { id: "edit" }, // error: duplicate-id
    "View orders": {},
  },
});

spec.area("Orders", { open: "View orders" }, (orders) => {
  orders.action("Edit an order", "Edit orders");
  orders.action("Edit an order", "Edit orders"); // error: duplicate-id
});
spec.area("Orders", {}, (orders) => { // error: duplicate-id
  orders.action("List orders", "View orders");
});

export default spec;
