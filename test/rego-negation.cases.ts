// Negated expressions whose answers depend on OPA's compiler hoisting dynamic terms out of an expression
// (RewriteExprTerms, RewriteEquals, RewriteDynamicTerms; src/rego-interpreter/dynamic-terms.ts). Every
// expected value was read from real OPA 1.22.3 (`opa eval -d policy.rego -i input.json data.<package>`);
// test/rego-negation.test.ts checks them against the embedded interpreter and, when `opa` is installed,
// against OPA again. A rule missing from `expected` is undefined.

export interface ModuleCase {
  name: string;
  /** the package; the rules follow `package <pkg>` */
  pkg: string;
  rules: string;
  /** each input (absent: no input at all) and the value of data.<pkg> with it */
  runs: Array<{ input?: unknown; expected: Record<string, unknown> }>;
}

export interface ErrorCase {
  pkg: string;
  rules: string;
  /** OPA's first error; `PKG` in the message stands for the package */
  code: string;
  message: string;
}

export interface QueryCase {
  query: string;
  input: unknown;
  /** the bindings of each result, like `opa eval`'s result set; [] is undefined */
  expected: Array<Record<string, unknown>>;
}

/** The inputs most cases run with: one where the tested fields are missing, one where they are all there. */
export const missingInput = { obj: { a: true }, arr: [1], other: 2, xs: [1, 2], n: 5 };
export const presentInput = {
  foo: "b",
  n: 2,
  k: "a",
  i: 1,
  arr: [1],
  other: 1,
  obj: { x: 1, b: true },
  obj2: { a: 1 },
  xs: [1, 2],
  a: { x: "b" },
  b: "x",
};

export const moduleCases: ModuleCase[] = [
  {
    name: "the reported cases: `in` is a call whose reference operand is hoisted before the not; `==` in a module is unification",
    pkg: "reported",
    rules: `
r1 if not input.context.multibrand == true
r2 if not input.resource.channel == "SMS"
r3 if not input.resource.channel in ["SMS"]
r4 if not input.foo == 2
r5 if not input.context.multibrand in [true]
`,
    runs: [
      { input: { resource: {}, context: {} }, expected: { r1: true, r2: true, r4: true } },
      { input: { resource: { channel: "Email" }, context: { multibrand: false }, foo: 1 }, expected: { r1: true, r2: true, r3: true, r4: true, r5: true } },
      { input: { resource: { channel: "SMS" }, context: { multibrand: true }, foo: 2 }, expected: {} },
    ],
  },
  {
    name: "built-in calls, operators and user functions hoist every reference operand and every nested call",
    pkg: "calls",
    rules: `
startswith_ if not startswith(input.foo, "a")
equal_call if not equal(input.foo, 2)
equal_out if not equal(input.foo, 2, false)
neq_ if not input.foo != 1
gt_ if not input.n > 3
gt_missing if not input.foo > 3
lt_ if not 3 < input.n
member3 if not "a", 1 in input.obj2
in_literal if not "a" in [input.foo]
in_set if not input.foo in {"a"}
in_doc if not 1 in input.foo
member2_call if not internal.member_2(input.foo, [1])
member3_call if not internal.member_3("a", 1, input.foo)
user_fn if not f(input.foo)
user_fn_array if not g([input.foo])
user_fn_object if not k({"key": input.foo})
user_fn_nested if not h(input.foo) == 1
object_get if not object.get(input, "foo", 1) == 2
count_ if not count(input.foo) > 0
lower_ if not lower(input.foo) == "a"
plus_ if not input.foo + 1 == 2
f(x) if x == 1
g(x) if x == [1]
h(x) := 1 if x == 2
k(x) if x.key == 1
`,
    runs: [
      { input: missingInput, expected: { equal_call: true, object_get: true } },
      { input: presentInput, expected: { equal_call: true, gt_: true, in_doc: true, in_literal: true, in_set: true, lower_: true, lt_: true, member2_call: true, member3_call: true, object_get: true, startswith_: true, user_fn: true, user_fn_array: true, user_fn_object: true } },
    ],
  },
  {
    name: "unification and lone terms keep a reference in place but hoist references inside composite operands",
    pkg: "unify",
    rules: `
eq_ if not input.foo == 2
unify if not input.foo = 1
term if not input.foo
array_eq if not [input.foo] == [1]
array_unify if not [input.foo] = [1]
object_value if not {"a": input.foo} == {"a": 1}
object_value_unify if not {"a": input.foo} = {"a": 1}
object_key if not {input.foo: 1} == {"a": 1}
set_ if not {input.foo} == {"a"}
comprehension if not [x | x := input.foo] = ["a"]
set_comprehension if not {x | x := input.foo} == {"a"}
two_refs if not input.arr[0] == input.other
rule_eq if not missing_rule == 1
rule_in if not missing_rule in [1]
rule_count if not count(missing_array) == 0
missing_rule := 1 if false
missing_array := [1] if false
`,
    runs: [
      { input: missingInput, expected: { comprehension: true, eq_: true, rule_eq: true, set_comprehension: true, term: true, two_refs: true, unify: true } },
      { input: presentInput, expected: { array_eq: true, array_unify: true, comprehension: true, eq_: true, object_key: true, object_value: true, object_value_unify: true, rule_eq: true, set_: true, set_comprehension: true, unify: true } },
    ],
  },
  {
    name: "references hoist their dynamic parts, and a composite or a call at their head",
    pkg: "refs",
    rules: `
key if not input.obj[input.foo]
key_eq if not input.obj[input.foo] == 1
nested_key if not input.obj[input.a[input.b]]
call_key if not input.obj[lower(input.foo)]
partial_set if not deny[input.foo]
partial_object if not obj[input.k] == 1
head_array if not [1, 2][input.i]
head_call if not arr(1)[input.i]
head_object if not {"a": 1}[input.k]
head_element if not [input.foo][0]
head_constant if not [1, 2][0] == input.foo
constant_key if not input.obj["c"]
deny contains "x" if true
obj[k] := 1 if some k in ["a"]
arr(x) := [x]
`,
    runs: [
      { input: missingInput, expected: { constant_key: true, deny: ["x"], head_constant: true, obj: {"a": 1} } },
      { input: presentInput, expected: { constant_key: true, deny: ["x"], head_call: true, head_constant: true, key_eq: true, obj: {"a": 1}, partial_set: true } },
    ],
  },
  {
    name: "input and data are references: given to a call they are hoisted, alone they are not",
    pkg: "roots",
    rules: `
input_call if not is_object(input)
input_term if not input
data_call if not is_object(data.nowhere)
`,
    runs: [{ expected: { input_term: true } }, { input: {}, expected: {} }, { input: 1, expected: { input_call: true } }],
  },
  {
    name: "comprehension and every bodies, else branches, functions and local variables are rewritten too",
    pkg: "bodies",
    rules: `
comprehension if { c := [1 | not f(input.foo)]; count(c) == 0 }
comprehension_eq if { c := [1 | not input.foo == 1]; count(c) == 1 }
comprehension_arg if not count([x | x := input.xs[_]]) == 2 with input.xs as [1]
nested if not count([1 | not input.foo in [1]]) == 0
object_comprehension if not count({k: v | some k, v in input.obj; not v in [1]}) == 0
every_ if every x in [1] { x == 1; not f(input.foo) }
else_ := 1 if { false } else := 2 if { not f(input.foo) } else := 3
function_body if fn(1)
param_missing if param({})
param_present if param({"a": 2})
local if { x := input; not x.foo in [1] }
f(x) if x == 1
fn(x) if not h(input.foo) == x
h(x) := 1 if x == 2
param(x) if not x.a in [1]
`,
    runs: [
      { input: missingInput, expected: { comprehension: true, comprehension_arg: true, comprehension_eq: true, else_: 3, object_comprehension: true, param_present: true } },
      { input: presentInput, expected: { comprehension_arg: true, comprehension_eq: true, else_: 2, every_: true, local: true, nested: true, object_comprehension: true, param_present: true } },
    ],
  },
  {
    name: "hoisted terms carry the expression's with modifiers",
    pkg: "withs",
    rules: `
replaced_input if not f(input.foo) with input as {"foo": 1}
replaced_path if not f(input.foo) with input.foo as 2
in_replaced if not input.foo in [1] with input.foo as 2
in_emptied if not input.foo in [1] with input as {}
eq_replaced if not input.foo == 1 with input.foo as 2
rule_replaced if not q in [1] with data.withs.q as 2
rule_missing if not q in [1]
undefined_with_value if not p with input as input.missing
f(x) if x == 1
p if input.foo
q := 1 if false
`,
    runs: [
      { input: missingInput, expected: { eq_replaced: true, in_replaced: true, replaced_path: true, rule_replaced: true } },
      { input: presentInput, expected: { eq_replaced: true, in_replaced: true, p: true, replaced_path: true, rule_replaced: true } },
    ],
  },
];

/** Operators are built-ins named eq, assign, equal, gt...: a rule of the package with that name captures them. */
export const operatorRuleCase: ModuleCase = {
  name: "a function named eq in the package is what `=` calls, but not the unification a rule head makes",
  pkg: "eqfn",
  rules: `
eq(a, b) := true
p if input.x = 2
v := input.x
s contains input.x
`,
  runs: [{ input: { x: 1 }, expected: { p: true, s: [1], v: 1 } }],
};

export const errorCases: ErrorCase[] = [
  { pkg: "gtrule", rules: "gt := 1\np if input.x > 1", code: "rego_type_error", message: "function data.PKG.gt has arity 0, got 2 arguments" },
  { pkg: "eqrule", rules: "eq := 1\np if input.x = 1", code: "rego_type_error", message: "function data.PKG.eq has arity 0, got 2 arguments" },
  { pkg: "assignrule", rules: "assign := 1\np if { x := input.x; x }", code: "rego_type_error", message: "function data.PKG.assign has arity 0, got 2 arguments" },
  { pkg: "eqcall", rules: "eq(a, b) := true\nq if { y = input.x; y == 1 }", code: "rego_unsafe_var_error", message: "var y is unsafe" },
  // a negated expression's variables must be bound before it, so hoisting never iterates
  { pkg: "wildcard", rules: "p if not input.xs[_] in [1]", code: "rego_unsafe_var_error", message: "var _ is unsafe" },
  { pkg: "wildcardeq", rules: "p if not input.xs[_] == 1", code: "rego_unsafe_var_error", message: "var _ is unsafe" },
];

export const queryCases: QueryCase[] = [
  // OPA's query compiler does not run RewriteEquals: `==` stays a call and its reference operands are hoisted
  { query: "not input.foo == 1", input: {}, expected: [] },
  { query: "not equal(input.foo, 1)", input: {}, expected: [] },
  { query: "x := 1; not input.foo == x", input: {}, expected: [] },
  { query: "not input.foo = 1", input: {}, expected: [{}] },
  { query: "not input.foo", input: {}, expected: [{}] },
  { query: "not input.foo in [1]", input: {}, expected: [] },
  { query: "not input.foo == 1", input: { foo: 2 }, expected: [{}] },
  { query: "y := [1 | not input.foo == 1]", input: {}, expected: [{ y: [] }] },
  { query: "y := [1 | not input.foo = 1]", input: {}, expected: [{ y: [1] }] },
];
