import { defineSystem } from "policyc";

// Requirements no request can meet: a draft that is both archived and not archived.
const spec = defineSystem({
  id: "bad_unsatisfiable",
  title: "Unsatisfiable",
  document: "test",
  permissions: {
    "Edit orders": {},
  },
  resource: {
    status: { kind: "enum", values: ["draft", "live"], description: "Order status." },
    archived: { kind: "flag", description: "The order is archived." },
  },
});
const { all, require, resourceIn, resourceIs } = spec.req;

spec.area("Orders", {}, (orders) => {
  orders.action("Edit an order", all("Edit orders", require(resourceIn("status", "draft"))));
  orders.action( // error: unsatisfiable-requirement
    "Archive a draft",
    all("Edit orders", require(resourceIn("status", "draft")), require(resourceIs("archived", true)), require(resourceIs("archived", false))),
  );
});

export default spec;
