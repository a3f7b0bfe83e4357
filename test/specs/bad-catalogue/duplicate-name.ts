import { defineSystem } from "policyc";

// Names that differ only by case or whitespace would be the same permission to a reader.
const spec = defineSystem({
  id: "bad_duplicate_name",
  title: "Duplicate names",
  document: "test",
  permissions: {
    "Edit orders": { id: "edit_orders" },
    "edit  Orders ": { id: "change_orders" }, // error: duplicate-name
  },
  roles: {
    Viewer: { grants: ["Edit orders"] },
    " viewer": { id: "reader", grants: ["Edit orders"] }, // error: duplicate-name
  },
});

spec.area("Orders", {}, (orders) => {
  orders.action("Edit an order", "Edit orders");
});

export default spec;
