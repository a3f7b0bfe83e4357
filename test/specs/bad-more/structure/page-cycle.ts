import { defineSystem } from "policyc";

// A page placed inside itself. The DSL cannot express this: pages nest through callbacks, each creating a new page.
// Only reaching into a builder's draft, which no spec should touch, makes the page tree cyclic; lowering it must
// report it rather than recurse until the stack overflows.
const spec = defineSystem({
  id: "bad_page_cycle",
  title: "Page cycle",
  document: "test",
  permissions: { "View orders": {} },
});

spec.area("Orders", {}, (orders) => { // error: page-cycle
  orders.action("View", "View orders");
  orders.draft.sections.push(orders.draft);
});

export default spec;
