import { defineSystem } from "policyc";

// A catalogue with no areas and so no actions: nothing to compile.
const spec = defineSystem({ // error: empty-system
  id: "bad_empty",
  title: "Empty",
  document: "test",
  permissions: {
    "View orders": {},
  },
});

export default spec;
