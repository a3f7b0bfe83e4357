import fs from "node:fs";
import type { ActionDraft, AnySystemBuilder, DenyDecl, SectionDraft } from "../dsl/system-builder.ts";
import type { Cond, Req } from "../dsl/requirements.ts";
import { SpecError } from "./errors.ts";
import { REQUEST_PRINCIPAL_FIELDS, slug } from "./identifiers.ts";
import { lowerAuthzen } from "./lower-authzen.ts";
import { allOf, requestKeysOf } from "./requirement.ts";
import {
  IR_VERSION,
  type ActionIR,
  type Condition,
  type ContextKeyIR,
  type DenyIR,
  type PageIR,
  type PrincipalAttributeIR,
  type PermissionIR,
  type Requirement,
  type ResourceAttributeIR,
  type RoleIR,
  type SourcePosition,
  type SystemIR,
} from "./types.ts";

interface SpecText {
  text: string;
  lines: string[];
}

/** The spec file's text and lines, read once per lowering: every catalogue entry looks its key up in them. */
function specTexts(): (file: string) => SpecText {
  const read = new Map<string, SpecText>();
  return (file) => {
    let spec = read.get(file);
    if (!spec) {
      const text = fs.readFileSync(file, "utf8");
      read.set(file, (spec = { text, lines: text.split("\n") }));
    }
    return spec;
  };
}

/** The line of an object-literal key inside the spec file, so catalogue errors point at the entry. */
function keyPosition(system: SourcePosition, key: string, specText: (file: string) => SpecText): SourcePosition {
  try {
    const { text, lines } = specText(system.file);
    // Every spelling the pattern below matches contains the key or its JSON-escaped text: a key the file never contains is
    // settled without building a pattern (a generated spec declares thousands of keys it never spells out).
    if (!text.includes(key) && !text.includes(JSON.stringify(key).slice(1, -1))) return system;
    // The key followed by its colon: a bare mention (`includes: ["Manager"]`, `domain:` for "in") is not the entry.
    const escaped = [JSON.stringify(key), `'${key}'`].map(escapeRegExp).join("|");
    const entry = new RegExp(`(?:${escaped}|(?<![\\w$])${escapeRegExp(key)})\\s*:`);
    for (let i = Math.max(0, system.line - 1); i < lines.length; i++) {
      const match = entry.exec(lines[i]!);
      if (match) return { file: system.file, line: i + 1, column: match.index + 1 };
    }
  } catch {
    // The spec may not be a file on disk (tests build systems in memory); the system's own line is the best we have.
  }
  return system;
}

/** Lower a declared system to the IR, collecting every problem with its spec position. */
export function lowerSystem(builder: AnySystemBuilder, errors: SpecError[]): SystemIR {
  const decl = builder.decl;
  const specText = specTexts();
  const permissions: PermissionIR[] = Object.entries(decl.permissions).map(([name, p]) => ({
    id: p.id ?? slug(name),
    name,
    description: p.description ?? "",
    staffOnly: p.staffOnly ?? false,
    internal: p.internal ?? false,
    since: p.since ?? null,
    aliases: [...(p.aliases ?? [])],
    note: p.note ?? null,
    source: keyPosition(builder.at, name, specText),
  }));
  const permissionByName = new Map(permissions.map((p) => [p.name, p]));
  const roleEntries = Object.entries(decl.roles ?? {});
  const roleIdByName = new Map(roleEntries.map(([name, r]) => [name, r.id ?? slug(name)]));

  const roles: RoleIR[] = roleEntries.map(([name, r]) => {
    const source = keyPosition(builder.at, name, specText);
    return {
      id: roleIdByName.get(name)!,
      name,
      description: r.description ?? "",
      grants: (r.grants ?? []).flatMap((g) => {
        const p = permissionByName.get(g);
        if (!p) errors.push(new SpecError("unknown-permission", `role "${name}" grants undeclared permission "${g}"`, source));
        return p ? [p.id] : [];
      }),
      includes: (r.includes ?? []).flatMap((i) => {
        const id = roleIdByName.get(i);
        if (!id) errors.push(new SpecError("unknown-role", `role "${name}" includes undeclared role "${i}"`, source));
        return id ? [id] : [];
      }),
      except: (r.except ?? []).flatMap((e) => {
        const p = permissionByName.get(e);
        if (!p) errors.push(new SpecError("unknown-permission", `role "${name}" excepts undeclared permission "${e}"`, source));
        return p ? [p.id] : [];
      }),
      system: r.system ?? false,
      internal: r.internal ?? false,
      source,
    };
  });

  const contextKeys: ContextKeyIR[] = Object.entries(decl.context ?? {}).map(([key, c]) => ({
    key,
    kind: c.kind ?? "flag",
    description: c.description,
    source: keyPosition(builder.at, key, specText),
  }));
  /** A declared default must be a value of the attribute: a boolean for a flag, a declared value for an enum. */
  const checkedDefault = (what: string, a: { kind: string; values?: readonly string[]; default?: unknown }, source: SourcePosition): string | boolean | null => {
    if (a.default === undefined) return null;
    const fine = a.kind === "flag" ? typeof a.default === "boolean" : a.kind === "enum" && typeof a.default === "string" && (a.values ?? []).includes(a.default);
    if (!fine) {
      errors.push(new SpecError("invalid-default", `${what} has default ${JSON.stringify(a.default)}, which is not ${a.kind === "enum" ? `one of its values (${(a.values ?? []).join(", ")})` : a.kind === "flag" ? "a boolean" : "allowed: only flags and enums take a default"}`, source));
      return null;
    }
    return a.default as string | boolean;
  };
  const resourceAttributes: ResourceAttributeIR[] = Object.entries(decl.resource ?? {}).map(([name, a]) => {
    const source = keyPosition(builder.at, name, specText);
    return {
      name,
      kind: a.kind,
      values: a.kind === "enum" ? [...a.values] : [],
      default: checkedDefault(`resource attribute "${name}"`, a, source),
      description: a.description,
      source,
    };
  });
  const principalAttributes: PrincipalAttributeIR[] = Object.entries(decl.principal ?? {}).map(([name, a]) => {
    const source = keyPosition(builder.at, name, specText);
    if (PRINCIPAL_FIELDS.includes(name)) {
      errors.push(new SpecError("invalid-identifier", `principal attribute "${name}" is a field every request's principal already has (${PRINCIPAL_FIELDS.join(", ")})`, source));
    }
    return {
      name,
      kind: a.kind,
      values: a.kind === "enum" ? [...a.values] : [],
      default: checkedDefault(`principal attribute "${name}"`, a, source),
      description: a.description,
      source,
    };
  });

  // What a condition reads must be declared, of the kind it reads (checks made once, not as closures per condition).
  const checkResourceAttribute = (name: string, kinds: ResourceAttributeIR["kind"][], listed: readonly string[], where: SourcePosition) => {
    const known = resourceAttributes.find((a) => a.name === name);
    if (!known || !kinds.includes(known.kind)) {
      errors.push(new SpecError("unknown-resource-attribute", `resource attribute "${name}" is not declared as ${kinds.join(" or ")}`, where));
    } else if (known.kind === "enum") {
      for (const v of listed) {
        if (!known.values.includes(v)) errors.push(new SpecError("unknown-resource-attribute", `"${v}" is not a value of resource attribute "${name}"`, where));
      }
    }
  };
  const checkPrincipalAttribute = (name: string, kind: PrincipalAttributeIR["kind"], listed: readonly string[], where: SourcePosition) => {
    const known = principalAttributes.find((a) => a.name === name);
    if (!known || known.kind !== kind) {
      errors.push(new SpecError("unknown-principal-attribute", `principal attribute "${name}" is not declared as ${kind === "enum" ? "an enum" : "a flag"}`, where));
      return;
    }
    for (const v of listed) {
      if (!known.values.includes(v)) errors.push(new SpecError("unknown-principal-attribute", `"${v}" is not a value of principal attribute "${name}"`, where));
    }
  };
  const checkContextKey = (key: string, kind: ContextKeyIR["kind"], where: SourcePosition) => {
    const known = contextKeys.find((k) => k.key === key);
    if (!known || known.kind !== kind) errors.push(new SpecError("unknown-context-key", `context key "${key}" is not declared as a ${kind}`, where));
  };

  const lowerCondition = (c: Cond, at: SourcePosition): Condition => {
    const where = c.at ?? at;
    switch (c.kind) {
      case "contextFlag":
        checkContextKey(c.key, "flag", where);
        return { kind: "contextFlag", key: c.key };
      case "principalStaff":
        return { kind: "principalStaff" };
      case "resourceIn":
        checkResourceAttribute(c.attribute, ["enum"], c.values, where);
        if (c.values.length === 0) errors.push(new SpecError("unsatisfiable-requirement", `resourceIn("${c.attribute}") lists no values`, where));
        return { kind: "resourceIn", attribute: c.attribute, values: [...c.values] };
      case "resourceFlag":
        checkResourceAttribute(c.attribute, ["flag"], [], where);
        return { kind: "resourceFlag", attribute: c.attribute, value: c.value };
      case "memberOfRole":
        checkResourceAttribute(c.attribute, ["roleName"], [], where);
        return { kind: "memberOfRole", attribute: c.attribute };
      case "holdsAllListed":
        if (c.from === "context") checkContextKey(c.key, "permissionList", where);
        else checkResourceAttribute(c.key, ["permissionList"], [], where);
        return { kind: "holdsAllListed", from: c.from, key: c.key };
      case "principalFlag":
        checkPrincipalAttribute(c.attribute, "flag", [], where);
        return { kind: "principalFlag", attribute: c.attribute, value: c.value };
      case "principalIn":
        checkPrincipalAttribute(c.attribute, "enum", c.values, where);
        if (c.values.length === 0) errors.push(new SpecError("unsatisfiable-requirement", `principalIn("${c.attribute}") lists no values`, where));
        return { kind: "principalIn", attribute: c.attribute, values: [...c.values] };
      case "relation":
        checkResourceAttribute(c.attribute, ["user", "users"], [], where);
        return { kind: "relation", attribute: c.attribute };
      case "not": {
        const inner = c.condition as Cond | undefined;
        if (inner?.kind === "not") {
          errors.push(new SpecError("schema-violation", "not(not(...)): write the condition itself", where));
          return lowerCondition(inner.condition as Cond, where);
        }
        return { kind: "not", condition: lowerCondition(inner as Cond, where) };
      }
      default:
        // Only a spec the type checker would reject gets here (`policyc compile` type-checks; other commands do not).
        errors.push(new SpecError("schema-violation", `not a condition: ${describeValue(c)}; conditions come from ctx(), staff(), resourceIn(), resourceIs(), memberOf(), holdsAll(), principalIs(), principalIn(), relation() or not()`, where));
        return { kind: "principalStaff" };
    }
  };

  const lowerReq = (r: Req<string>): Requirement => {
    switch (r.kind) {
      case "permission": {
        const p = permissionByName.get(r.name);
        if (!p) errors.push(new SpecError("unknown-permission", `undeclared permission "${r.name}"`, r.at));
        return { kind: "permission", permission: p?.id ?? slug(r.name) };
      }
      case "allOf":
      case "anyOf":
        if (r.items.length === 0) {
          errors.push(new SpecError("empty-requirement", `${r.kind === "allOf" ? "all()" : "any()"} needs at least one item`, r.at));
        }
        return { kind: r.kind, items: r.items.map(lowerReq) };
      case "none":
        return { kind: "allOf", items: [] };
      case "anyUser":
        return { kind: "anyUser" };
      case "condition":
        return { kind: "condition", condition: lowerCondition(r.condition, r.at) };
      case "onlyIf":
        return { kind: "onlyIf", condition: lowerCondition(r.condition, r.at), then: lowerReq(r.then) };
      case "never":
        return { kind: "never" };
      default: {
        const value: unknown = r;
        const at = (value as { at?: SourcePosition } | null)?.at ?? builder.at;
        errors.push(new SpecError("schema-violation", `not a requirement: ${describeValue(value)}; a condition is made one with require() or onlyIf()`, at));
        // Never satisfied, should this ever be read: the errors stop the build first.
        return { kind: "anyOf", items: [] };
      }
    }
  };

  // A staff-only permission counts only for staff: make that gate explicit so every target encodes it the same way.
  const staffOnly = new Set(permissions.filter((p) => p.staffOnly).map((p) => p.id));
  const gateStaff = (r: Requirement): Requirement => {
    switch (r.kind) {
      case "permission":
        return staffOnly.has(r.permission) ? { kind: "allOf", items: [r, { kind: "condition", condition: { kind: "principalStaff" } }] } : r;
      case "allOf":
        return allOf(r.items.map(gateStaff));
      case "anyOf":
        return { kind: "anyOf", items: r.items.map(gateStaff) };
      case "onlyIf":
        return { kind: "onlyIf", condition: r.condition, then: gateStaff(r.then) };
      default:
        return r;
    }
  };

  const pages: PageIR[] = [];
  const actions: ActionIR[] = [];
  // The builder API nests pages through callbacks, so it cannot make a cycle; a spec reaching into the drafts
  // (`section.draft.sections.push(...)`) can, and walking it would never end.
  const enclosing = new Set<SectionDraft<string>>();
  /** The open requirements an action inherits, with the page each belongs to, outermost first. */
  type Opens = Array<{ page: string; open: Requirement }>;
  const lowerDenies = (declared: SectionDraft<string>["options"]["deny"], page: string | null, at: SourcePosition): DenyIR[] => {
    if (declared === undefined) return [];
    const list = (Array.isArray(declared) ? declared : [declared]) as Array<DenyDecl>;
    return list.map((d) => {
      const withText = typeof d === "object" && d !== null && "when" in d;
      const when = withText ? d.when : (d as Cond);
      const where = when?.at ?? at;
      return { when: lowerCondition(when, where), text: withText ? d.text : null, page, source: where };
    });
  };
  // Deny rules win: a section reached directly (inherit: false) still carries the deny rules of the sections above.
  const walk = (section: SectionDraft<string>, parent: PageIR | null, path: string[], inherited: Opens, denied: DenyIR[] = []) => {
    if (enclosing.has(section)) {
      errors.push(new SpecError("page-cycle", `page "${section.title}" is placed inside itself: ${[...path, section.title].join(" > ")}`, section.at));
      return;
    }
    enclosing.add(section);
    const segment = section.options.id ?? slug(section.title);
    const page: PageIR = {
      id: parent ? `${parent.id}.${segment}` : segment,
      title: section.title,
      parent: parent?.id ?? null,
      open: section.options.open === undefined ? null : lowerReq(toReqAt(section.options.open, section.at)),
      openText: section.options.openText ?? null,
      note: section.options.note ?? null,
      source: section.at,
    };
    pages.push(page);
    const here = [...path, section.title];
    // A section reached directly (the document says so) starts a new chain: the pages above do not apply.
    const opens = section.options.inherit === false ? [] : inherited;
    const chain = page.open ? [...opens, { page: page.id, open: page.open }] : opens;
    const denies = [...denied, ...lowerDenies(section.options.deny, page.id, section.at)];
    if (page.open) {
      actions.push(makeAction({ row: "Open", requires: { kind: "none", at: section.at }, options: { id: "open", text: page.openText ?? undefined }, at: section.at }, page, here, chain, denies));
    }
    for (const action of section.actions) actions.push(makeAction(action, page, here, chain, denies));
    for (const child of section.sections) walk(child, page, here, chain, denies);
    enclosing.delete(section);
  };
  const makeAction = (draft: ActionDraft<string>, page: PageIR, path: string[], chain: Opens, pageDenies: DenyIR[]): ActionIR => {
    const requires = lowerReq(draft.requires);
    // An action the document says needs only its own requirement does not inherit the pages' open requirements.
    const opens = draft.options.inherit === false ? [] : chain;
    const effective = gateStaff(allOf([...opens.map((o) => o.open), requires]));
    const denies = [...pageDenies, ...lowerDenies(draft.options.deny, null, draft.at)];
    const nonMembers = draft.options.nonMembers === undefined ? null : gateStaff(lowerReq(toReqAt(draft.options.nonMembers, draft.at)));
    // Everything the decision reads: the requirement, the deny rules and the non-member rule.
    const read: Requirement = allOf([effective, ...denies.map((d): Requirement => ({ kind: "condition", condition: d.when })), ...(nonMembers ? [nonMembers] : [])]);
    const { contextKeys, resourceAttributes, principalAttributes } = requestKeysOf(read);
    return {
      id: `${page.id}.${draft.options.id ?? slug(draft.row)}`,
      path,
      page: page.id,
      row: draft.row,
      rowRequirement: draft.options.text ?? null,
      opensFrom: opens.map((o) => o.page),
      requires,
      effective,
      contextKeys,
      resourceAttributes,
      principalAttributes,
      denies,
      nonMembers,
      note: draft.options.note ?? null,
      source: draft.at,
    };
  };
  for (const area of builder.areas) walk(area, null, [], []);

  return {
    irVersion: IR_VERSION,
    id: decl.id,
    title: decl.title,
    document: decl.document,
    permissions,
    roles,
    contextKeys,
    resourceAttributes,
    principalAttributes,
    pages,
    actions,
    source: builder.at,
    ...(builder.authzenDraft ? { authzen: lowerAuthzen(builder.authzenDraft, { actions, contextKeys, resourceAttributes, principalAttributes }, errors) } : {}),
  };
}

/** Fields every request's principal has, and the one Cedar's principal entity adds: not declarable as attributes. */
const PRINCIPAL_FIELDS = [...REQUEST_PRINCIPAL_FIELDS, "heldPermissions"];

/** A value a spec passed where the DSL wanted something else, for an error message. */
function describeValue(value: unknown): string {
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (typeof kind === "string") return `a value of kind "${kind}"`;
  return value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

function toReqAt(item: Req<string> | string, at: SourcePosition): Req<string> {
  return typeof item === "string" ? { kind: "permission", name: item, at } : item;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
