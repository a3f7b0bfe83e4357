import { SpecError } from "./errors.ts";
import { ID_PATTERN, KEY_PATTERN, RESERVED_WORDS } from "./identifiers.ts";
import type { SourcePosition, SystemIR } from "./types.ts";

interface Named {
  id: string;
  name?: string;
  source: SourcePosition;
}

/** Structural checks on a lowered system: ids, names, identifiers, role cycles. */
export function validateSystem(system: SystemIR): SpecError[] {
  const errors: SpecError[] = [];
  if (!ID_PATTERN.test(system.id) || system.id.includes(".") || RESERVED_WORDS.has(system.id)) {
    errors.push(new SpecError("invalid-identifier", `system id "${system.id}" must be a lower-case identifier that is not a Rego or Cedar keyword`, system.source));
  }
  if (system.actions.length === 0) errors.push(new SpecError("empty-system", `system "${system.id}" declares no actions`, system.source));

  const unique = (kind: string, items: Named[]) => {
    const ids = new Map<string, Named>();
    const folded = new Map<string, Named>();
    const names = new Map<string, Named>();
    for (const item of items) {
      if (!ID_PATTERN.test(item.id)) {
        errors.push(new SpecError("invalid-identifier", `${kind} id "${item.id}" must match ${ID_PATTERN}`, item.source));
      }
      const first = ids.get(item.id);
      if (first) {
        errors.push(new SpecError("duplicate-id", `${kind} id "${item.id}" is already used at ${at(first.source)}`, item.source));
      } else {
        ids.set(item.id, item);
        // Identifiers in generated code are compared without case or separators by some readers (TS enums, docs anchors).
        const key = item.id.replace(/[_.]/g, "");
        const twin = folded.get(key);
        if (twin) {
          errors.push(new SpecError("identifier-collision", `${kind} id "${item.id}" collides with "${twin.id}" (${at(twin.source)}) once separators are dropped`, item.source));
        } else folded.set(key, item);
      }
      if (item.name !== undefined) {
        const normal = item.name.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();
        const twin = names.get(normal);
        if (twin) {
          errors.push(new SpecError("duplicate-name", `${kind} name "${item.name}" differs from "${twin.name}" (${at(twin.source)}) only by case or whitespace`, item.source));
        } else names.set(normal, item);
      }
    }
  };
  unique("permission", system.permissions);
  errors.push(...aliasClashes(system));
  unique("role", system.roles);
  unique("page", system.pages);
  unique("action", system.actions);

  for (const key of [...system.contextKeys.map((k) => ({ name: k.key, source: k.source })), ...system.resourceAttributes.map((a) => ({ name: a.name, source: a.source }))]) {
    if (!KEY_PATTERN.test(key.name) || RESERVED_WORDS.has(key.name)) {
      errors.push(new SpecError("invalid-identifier", `key "${key.name}" must be an identifier (${KEY_PATTERN}) and not a Rego or Cedar keyword`, key.source));
    }
  }
  // Request authors type these keys by hand, and an omitted flag reads as off: with `personal` and `Personal` both
  // declared, a slip of case silently sets the other condition rather than being noticed.
  for (const [where, keys] of [
    ["context key", system.contextKeys.map((k) => ({ name: k.key, source: k.source }))],
    ["resource attribute", system.resourceAttributes.map((a) => ({ name: a.name, source: a.source }))],
  ] as const) {
    const seen = new Map<string, { name: string; source: SourcePosition }>();
    for (const key of keys) {
      const twin = seen.get(key.name.toLowerCase());
      if (twin) errors.push(new SpecError("duplicate-name", `${where} "${key.name}" differs from "${twin.name}" (${at(twin.source)}) only by case`, key.source));
      else seen.set(key.name.toLowerCase(), key);
    }
  }
  errors.push(...roleCycles(system));
  return errors;
}

function roleCycles(system: SystemIR): SpecError[] {
  const byId = new Map(system.roles.map((r) => [r.id, r]));
  const state = new Map<string, "visiting" | "done">();
  const errors: SpecError[] = [];
  const visit = (id: string, trail: string[]) => {
    if (state.get(id) === "done") return;
    if (state.get(id) === "visiting") {
      const cycle = [...trail.slice(trail.indexOf(id)), id].map((r) => byId.get(r)?.name ?? r);
      errors.push(new SpecError("role-cycle", `roles include each other in a cycle: ${cycle.join(" -> ")}`, byId.get(id)!.source));
      return;
    }
    state.set(id, "visiting");
    for (const next of byId.get(id)?.includes ?? []) visit(next, [...trail, id]);
    state.set(id, "done");
  };
  for (const role of system.roles) visit(role.id, []);
  return errors;
}

/** An alias must name nothing else: not another permission, nor another permission's alias. */
function aliasClashes(system: SystemIR): SpecError[] {
  const owner = new Map<string, string>();
  const normal = (name: string) => name.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();
  for (const p of system.permissions) owner.set(normal(p.name), p.name);
  const errors: SpecError[] = [];
  for (const p of system.permissions) {
    for (const alias of p.aliases) {
      const taken = owner.get(normal(alias));
      if (taken !== undefined && taken !== p.name) {
        errors.push(new SpecError("duplicate-name", `alias "${alias}" of permission "${p.name}" already names "${taken}"`, p.source));
      } else owner.set(normal(alias), p.name);
    }
  }
  return errors;
}

function at(p: SourcePosition): string {
  return `${p.file}:${p.line}`;
}
