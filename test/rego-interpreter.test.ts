// Rego snippets whose results the OPA documentation states, plus refusals.

import { describe, expect, it } from "vitest";
import { compileModules, evalRef, queryBindings, RegoError, runTests, toJson, type EvalOptions } from "../src/rego-interpreter/index.ts";
import { RuleIndex } from "../src/rego-interpreter/rule-index.ts";
import { fromJson } from "../src/rego-interpreter/values.ts";

function policy(text: string) {
  return compileModules([{ path: "policy.rego", text: `package test\n\n${text}` }]);
}

function value(text: string, rule: string, opts: EvalOptions = {}): unknown {
  const v = evalRef(policy(text), `data.test.${rule}`, opts);
  return v === undefined ? undefined : toJson(v);
}

function thrown(f: () => unknown): RegoError {
  try {
    f();
  } catch (e) {
    if (e instanceof RegoError) return e;
    throw e;
  }
  throw new Error("expected a RegoError");
}

describe("undefined, false and default", () => {
  it("a rule whose body fails is undefined, not false", () => {
    expect(value("p if { 1 == 2 }", "p")).toBeUndefined();
  });

  it("not of an undefined expression is true", () => {
    expect(value("q if { false }\np if { not q }", "p")).toBe(true);
    expect(value("p if { not input.missing }", "p", { input: {} })).toBe(true);
  });

  it("an undefined expression makes the body fail", () => {
    expect(value(`p if { input.user == "alice"; input.missing }`, "p", { input: { user: "alice" } })).toBeUndefined();
  });

  it("default applies only when no other definition is defined", () => {
    const rules = "default allow := false\nallow if { input.admin }";
    expect(value(rules, "allow", { input: {} })).toBe(false);
    expect(value(rules, "allow", { input: { admin: true } })).toBe(true);
  });

  it("a false value is defined: the default does not apply", () => {
    expect(value("default p := 1\np := false if { true }", "p")).toBe(false);
  });
});

describe("complete rules", () => {
  it("several definitions of one rule mean or", () => {
    const rules = `allow if { input.role == "admin" }\nallow if { input.role == "owner" }`;
    expect(value(rules, "allow", { input: { role: "owner" } })).toBe(true);
    expect(value(rules, "allow", { input: { role: "guest" } })).toBeUndefined();
  });

  it("different values are a conflict error", () => {
    const e = thrown(() => value("p := 1\np := 2", "p"));
    expect(e.code).toBe("eval_conflict_error");
    expect(e.message).toContain("complete rules must not produce multiple outputs");
  });

  it("else chains take the first branch whose body succeeds", () => {
    const rules = `level := "high" if { input.n > 10 } else := "mid" if { input.n > 5 } else := "low"`;
    expect(value(rules, "level", { input: { n: 11 } })).toBe("high");
    expect(value(rules, "level", { input: { n: 7 } })).toBe("mid");
    expect(value(rules, "level", { input: { n: 1 } })).toBe("low");
  });

  it("functions, with several definitions and a default", () => {
    const rules = `default grade(_) := "none"\ngrade(x) := "a" if { x >= 90 }\ngrade(x) := "b" if { x >= 80; x < 90 }\np := [grade(95), grade(85), grade(10)]`;
    expect(value(rules, "p")).toEqual(["a", "b", "none"]);
  });
});

describe("partial rules and iteration", () => {
  it("partial sets collect every value", () => {
    expect(value("s contains x if { some x in input.xs; x > 1 }", "s", { input: { xs: [3, 1, 2, 3] } })).toEqual([2, 3]);
  });

  it("partial objects map keys to values", () => {
    expect(value("o[k] := v * 2 if { some k, v in input.m }", "o", { input: { m: { a: 1, b: 2 } } })).toEqual({ a: 2, b: 4 });
  });

  it("some k, v in an object iterates keys and values", () => {
    const q = queryBindings(policy(""), `some k, v in {"a": 1, "b": 2}`, {});
    expect(q.map((r) => toJson(r["k"]!))).toEqual(["a", "b"]);
    expect(q.map((r) => toJson(r["v"]!))).toEqual([1, 2]);
  });

  it("some x in an object iterates values", () => {
    expect(value(`s contains x if { some x in {"a": "x", "b": "y"} }`, "s")).toEqual(["x", "y"]);
  });

  it("every is true on an empty domain and false when one element fails", () => {
    expect(value("p if { every x in [] { x > 100 } }", "p")).toBe(true);
    expect(value("p if { every x in [1, 200] { x > 100 } }", "p")).toBeUndefined();
    expect(value("p if { every x in [101, 200] { x > 100 } }", "p")).toBe(true);
  });

  it("every over an undefined domain is undefined", () => {
    expect(value("p if { every x in input.missing { x > 1 } }", "p", { input: {} })).toBeUndefined();
  });

  it("rules of other packages are read through data", () => {
    const p = compileModules([
      { path: "a.rego", text: "package roles\n\nadmins := {\"alice\"}" },
      { path: "b.rego", text: "package authz\n\nallow if { input.user in data.roles.admins }" },
    ]);
    expect(evalRef(p, "data.authz.allow", { input: { user: "alice" } })).toBe(true);
    expect(evalRef(p, "data.authz.allow", { input: { user: "bob" } })).toBeUndefined();
  });

  it("base data merges with rule values under data", () => {
    const p = compileModules([{ path: "a.rego", text: "package app\n\nrule := 1" }]);
    expect(toJson(evalRef(p, "data.app", { data: { app: { base: 2 } } })!)).toEqual({ base: 2, rule: 1 });
  });
});

describe("values", () => {
  it("int 1 and float 1.0 are the same key and equal", () => {
    expect(value("p if { 1 == 1.0; {1.0} == {1}; {1: \"a\"}[1.0] == \"a\" }", "p")).toBe(true);
  });

  it("decodes string escapes, surrogate pairs and raw strings", () => {
    expect(value('p := "q\\"b\\\\s\\n\\t\\u00e9\\ud83d\\ude00"', "p")).toBe('q"b\\s\n\t\u00e9\u{1F600}');
    expect(value("p := `a\\nb`", "p")).toBe("a\\nb");
  });

  it("sorts sets in OPA's order: null < boolean < number < string < array < object < set", () => {
    expect(value(`p := {set(), {"a": 1}, [1], "s", 2, true, null}`, "p")).toEqual([null, true, 2, "s", [1], { a: 1 }, []]);
  });

  it("set operators and comprehensions", () => {
    expect(value("p := ({1, 2, 3} - {2}) | ({5} & {5, 6})", "p")).toEqual([1, 3, 5]);
    expect(value("p := {k: count(v) | some k, v in input}", "p", { input: { a: [1, 2], b: [] } })).toEqual({ a: 2, b: 0 });
  });
});

describe("built-ins", () => {
  it("sprintf with %v, %s and %d", () => {
    expect(value(`p := sprintf("%s has %d items: %v", ["cart", 3, ["x", 1]])`, "p")).toBe('cart has 3 items: ["x", 1]');
  });

  it("object.get with a path and a default", () => {
    expect(value(`p := [object.get(input, ["a", "b"], 0), object.get(input, "z", "none")]`, "p", { input: { a: { b: 7 } } })).toEqual([7, "none"]);
    // A key present with null is not absent: OPA gives null, not the default, whether the key is a path or not.
    expect(value(`p := [object.get(input, "n", 1), object.get(input, ["n"], 1), object.get(input, ["a", "n"], 1)]`, "p", { input: { n: null, a: { n: null } } })).toEqual([null, null, null]);
  });

  it("a built-in given the wrong type of input is undefined (not an error) unless strict", () => {
    expect(value("p if { startswith(input.name, \"a\") }", "p", { input: { name: 42 } })).toBeUndefined();
    const e = thrown(() => value("p if { startswith(input.name, \"a\") }", "p", { input: { name: 42 }, strictBuiltinErrors: true }));
    expect(e.code).toBe("eval_type_error");
  });
});

describe("with and opa test", () => {
  it("runs test_ rules with input and data replaced", () => {
    const p = compileModules([
      { path: "authz.rego", text: "package authz\n\ndefault allow := false\nallow if { input.user in data.admins }" },
      {
        path: "authz_test.rego",
        text: `package authz_test\n\ntest_admin if { data.authz.allow with input as {"user": "a"} with data.admins as ["a"] }\ntest_other if { not data.authz.allow with input as {"user": "b"} with data.admins as ["a"] }\ntest_fails if { data.authz.allow with input as {"user": "b"} }`,
      },
    ]);
    expect(runTests(p, {}).map((t) => [t.name, t.passed])).toEqual([
      ["test_admin", true],
      ["test_other", true],
      ["test_fails", false],
    ]);
  });
});

describe("errors and refusals", () => {
  it("refuses an unsupported built-in, naming it and its line", () => {
    const e = thrown(() => value("p if {\n  x := http.send({})\n  x.status_code == 200\n}", "p"));
    expect(e.code).toBe("rego_unsupported");
    expect(e.message).toContain("http.send");
    expect(e.line).toBe(4);
  });

  it("a syntax error names line and column", () => {
    const e = thrown(() => policy("p if {\n  x := [1, 2\n}"));
    expect(e.code).toBe("rego_parse_error");
    expect([e.line, e.col]).toEqual([5, 1]);
  });

  it("an unknown function is a compile error", () => {
    expect(thrown(() => policy("p if { no_such_fn(1) }")).code).toBe("rego_type_error");
  });

  it("recursion is an error, not a hang", () => {
    expect(thrown(() => policy("p if { q }\nq if { p }")).code).toBe("rego_recursion_error");
  });

  it("an unsafe variable is a compile error", () => {
    expect(thrown(() => policy("p if { x > 1 }")).code).toBe("rego_unsafe_var_error");
  });

  it("refuses integers beyond 2^53 instead of rounding them", () => {
    expect(thrown(() => policy("p := 9007199254740993")).code).toBe("rego_unsupported");
    expect(thrown(() => value("p := input.n", "p", { input: { n: 2 ** 60 } })).code).toBe("rego_unsupported");
  });

  it("refuses a type mistake OPA's type checker would reject at compile time", () => {
    expect(thrown(() => value("p if { x := 1; startswith(x, \"a\") }", "p")).code).toBe("rego_unsupported");
  });
});

describe("rule indexing (only bodies that provably fail are skipped)", () => {
  const mixed = `p := 1 if input.kind == "a"
p := 2 if { "b" == input.kind }
p := 3 if input.flag
p := 1 if { input.kind = "a"; input.again }`;

  /** The definitions of data.test.<rule> the index lets run, by line. */
  function candidateLines(text: string, rule: string, input: unknown, args?: unknown[]): number[] {
    const compiled = policy(text).compiled;
    const node = compiled.root.child("test")!.child(rule)!;
    const index = new RuleIndex(node.rules);
    const inputValue = input === undefined ? undefined : fromJson(input);
    return index.candidates(inputValue, args?.map(fromJson)).map((r) => r.loc.line);
  }

  it("indexes on the input path most definitions compare with a constant, keeping the others", () => {
    // lines: 3 kind == "a", 4 "b" == kind, 5 flag (not indexed), 6 kind = "a"
    expect(candidateLines(mixed, "p", { kind: "a" })).toEqual([3, 5, 6]);
    expect(candidateLines(mixed, "p", { kind: "b" })).toEqual([4, 5]);
    expect(candidateLines(mixed, "p", { kind: "c" })).toEqual([5]);
  });

  it("decides indexed and non-indexed definitions together, conflicts included", () => {
    expect(value(mixed, "p", { input: { kind: "a" } })).toBe(1);
    expect(value(mixed, "p", { input: { kind: "b" } })).toBe(2);
    expect(value(mixed, "p", { input: { kind: "c" } })).toBeUndefined();
    expect(value(mixed, "p", { input: { flag: true } })).toBe(3);
    expect(value(mixed, "p", { input: { kind: "a", again: true } })).toBe(1);
    expect(thrown(() => value(mixed, "p", { input: { kind: "a", flag: true } })).code).toBe("eval_conflict_error");
    expect(thrown(() => value(mixed, "p", { input: { kind: "b", flag: true } })).code).toBe("eval_conflict_error");
  });

  it("an undefined or non-scalar input value leaves only the non-indexed definitions", () => {
    expect(candidateLines(mixed, "p", {})).toEqual([5]);
    expect(candidateLines(mixed, "p", undefined)).toEqual([5]);
    expect(candidateLines(mixed, "p", "a string input")).toEqual([5]);
    expect(candidateLines(mixed, "p", { kind: ["a"] })).toEqual([5]);
    expect(candidateLines(mixed, "p", { kind: { a: 1 } })).toEqual([5]);
    const rules = `default allow := false\nallow if input.action == "read"\nallow if input.action == "write"\nallow if input.admin`;
    expect(value(rules, "allow", {})).toBe(false);
    expect(value(rules, "allow", { input: { action: null } })).toBe(false);
    expect(value(rules, "allow", { input: { action: ["read"] } })).toBe(false);
    expect(value(rules, "allow", { input: { admin: true } })).toBe(true);
    expect(value(rules, "allow", { input: { action: "write" } })).toBe(true);
  });

  it("compares numbers by value: 1 and 1.0 are one key, the string \"1\" another", () => {
    const rules = `n := "int" if input.n == 1\nn := "str" if input.n == "1"\nn := "half" if input.n == 0.5\nn := "two" if input.n == 2.0`;
    expect(value(rules, "n", { inputTerm: `{"n": 1.0}` })).toBe("int");
    expect(value(rules, "n", { input: { n: 1 } })).toBe("int");
    expect(value(rules, "n", { input: { n: "1" } })).toBe("str");
    expect(value(rules, "n", { inputTerm: `{"n": 5e-1}` })).toBe("half");
    expect(value(rules, "n", { input: { n: 2 } })).toBe("two");
    expect(value(rules, "n", { input: { n: 3 } })).toBeUndefined();
    expect(value(`p if input[0] == true\np if input[1] == null`, "p", { input: [false, null] })).toBe(true);
  });

  it("looks the index up in the input `with` replaced", () => {
    const rules = `allow if input.action == "read"
allow if { input.action == "write"; input.admin }
whole if { allow with input as {"action": "write", "admin": true} }
part if { allow with input.action as "read" }
none if { not allow with input.action as "delete" }`;
    const input = { input: { action: "delete" } };
    expect(value(rules, "allow", input)).toBeUndefined();
    expect(value(rules, "whole", input)).toBe(true);
    expect(value(rules, "part", input)).toBe(true);
    expect(value(rules, "none", { input: { action: "read" } })).toBe(true);
  });

  it("keeps else chains and defaults: a branch whose test fails falls through to the next", () => {
    const rules = `default level := "none"
level := "a" if input.k == "a" else := "b" if input.k == "b" else := "other" if input.k
level := "a" if input.k == "a"`;
    expect(value(rules, "level", { input: { k: "a" } })).toBe("a");
    expect(value(rules, "level", { input: { k: "b" } })).toBe("b");
    expect(value(rules, "level", { input: { k: "c" } })).toBe("other");
    expect(value(rules, "level", { input: {} })).toBe("none");
  });

  it("indexes functions on scalar parameters and parameter equalities", () => {
    const rules = `f("a") := 1
f(x) := 2 if x == "b"
f(x) := 3 if { x.kind == "c" }
f(x) := 4 if is_number(x)
g(x) := "one" if x == 1 else := "two" if x == 2 else := "many"
p := [f("a"), f("b"), f({"kind": "c"}), f(7), g(1.0), g(2), g(3)]
q if f("zzz")`;
    expect(value(rules, "p")).toEqual([1, 2, 3, 4, "one", "two", "many"]);
    expect(value(rules, "q")).toBeUndefined();
    expect(candidateLines(rules, "f", undefined, ["a"])).toEqual([3, 5, 6]);
    expect(candidateLines(rules, "f", undefined, [7])).toEqual([5, 6]);
  });

  it("does not index negated tests, tests under `with`, or equal with a captured result", () => {
    const rules = `p if not input.a == 1
q if { equal(input.a, 1, r); r == false }
s if { input.a == 1 with input.a as 1 }`;
    expect(value(rules, "p", { input: { a: 2 } })).toBe(true);
    expect(value(rules, "q", { input: { a: 2 } })).toBe(true);
    expect(value(rules, "s", { input: { a: 2 } })).toBe(true);
  });

  it("like OPA, skips a body whose input test fails before an earlier expression can raise an error", () => {
    const rules = `p if { 1 / 0 == 0; input.action == "x" }\np if input.action == "y"`;
    expect(value(rules, "p", { input: { action: "y" }, strictBuiltinErrors: true })).toBe(true);
    expect(thrown(() => value(rules, "p", { input: { action: "x" }, strictBuiltinErrors: true })).code).toBe("eval_builtin_error");
  });
});
