import { defineSystem } from "policyc";

// "Edit orders" and "Editorders" are different names, but their ids meet once "_" is dropped.
const spec = defineSystem({
  id: "bad_identifier_collision",
  title: "Identifier collision",
  document: "test",
  permissions: {
    "Edit orders": {},
    Editorders: {}, // error: identifier-collision
  },
});

spec.area("Orders", {}, (orders) => {
  orders.action("Edit an order", "Edit orders");
  orders.action("Edit many orders", "Editorders");
});

export default spec;
