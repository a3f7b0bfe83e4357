import { roleGrantClosure } from "../../eval/principal.ts";
import { permissionsOf } from "../../ir/requirement.ts";
import type { ActionIR, DenyIR, PageIR, SystemIR } from "../../ir/types.ts";
import { anchorTag, anchors, cellText, inlineText, link, markdownLink, paragraphText } from "./markdown.ts";
import { roleActionMatrix, type MatrixCell } from "./matrix.ts";
import { denyMarkdown, docsVocabulary, requirementMarkdown } from "./requirement.ts";

// What the templates render. Every field is finished Markdown, so templates only arrange it.

export interface DocsView {
  title: string;
  document: string;
  pages: PageView[];
  permissions: PermissionView[];
  roles: RoleView[];
  conditions: ConditionView[];
  /** The role × action matrix, for a system that declares roles; null otherwise. */
  matrix: MatrixView | null;
}

export interface MatrixView {
  /** Role links, one per column. */
  roles: string[];
  /** The header's separator row: one `|---` per column. */
  rule: string;
  /** Per action: its link, and its cells as finished Markdown (` ✓ |` per role), so the template loops over rows, not cells. */
  rows: Array<{ action: string; cells: string }>;
}

export interface PageView {
  heading: string;
  title: string;
  anchor: string;
  path: string;
  /** The parent page's path, or null for an area. */
  parentPath: string | null;
  /** What opens the page, or null when opening it needs nothing beyond the page above. */
  open: { anchor: string; needs: string; documentText: string | null } | null;
  /** The deny rules the page declares for every action below it. */
  denies: string[];
  note: string | null;
  actions: ActionView[];
}

export interface ActionView {
  anchor: string;
  row: string;
  add: string;
  documentText: string;
  note: string;
}

export interface PermissionView {
  anchor: string;
  name: string;
  /** Paragraphs: description, traits, reading note. */
  about: string[];
  opens: string[];
  actions: string[];
  /** The roles granting it, as one comma-separated line; empty when none does. */
  grantedBy: string;
}

export interface RoleView {
  anchor: string;
  name: string;
  /** Paragraphs: description, traits, included roles, exceptions. */
  about: string[];
  grants: Array<{ permission: string; through: string }>;
}

export interface ConditionView {
  key: string;
  where: string;
  kind: string;
  description: string;
  readBy: string;
}

/** Whether an action inherits the open requirement of every page above it that has one (most do). */
function inheritsEveryOpen(action: ActionIR, pages: Map<string, PageIR>): boolean {
  let withOpen = 0;
  for (let id: string | null = action.page; id; id = pages.get(id)?.parent ?? null) if (pages.get(id)?.open) withOpen++;
  return action.opensFrom.length === withOpen;
}

/** Whether an action is the "Open" row the IR adds for a page with an open requirement. */
export function isOpenAction(action: ActionIR, pages: Map<string, PageIR>): boolean {
  return action.id === `${action.page}.open` && pages.get(action.page)?.open != null;
}

export function docsView(system: SystemIR): DocsView {
  const vocabulary = docsVocabulary(system);
  const pagesById = new Map(system.pages.map((p) => [p.id, p]));
  // Asked of each action several times (its page, each permission it needs, each key it reads): decided once.
  const openActions = new Set(system.actions.filter((a) => isOpenAction(a, pagesById)).map((a) => a.id));
  const isOpen = (a: ActionIR) => openActions.has(a.id);
  const describe = (req: Parameters<typeof requirementMarkdown>[0]) => requirementMarkdown(req, vocabulary);
  // A row's cell: what it needs on top of the pages, its own deny rules, and what a non-member needs.
  // Appended rather than collected and joined: most rows have only the first part.
  const needs = (a: ActionIR) => {
    // An action exempt from the pages' open requirements says so: what to add is then all it needs.
    let text = inheritsEveryOpen(a, pagesById) ? describe(a.requires) : `${describe(a.requires)} (all it needs: not what opens the pages above)`;
    for (const rule of a.denies) if (rule.page === null) text += `<br>${denyMarkdown(rule, vocabulary)}`;
    if (a.nonMembers) text += `<br>non-members of the project: ${describe(a.nonMembers)}`;
    return text;
  };
  // Every action carries the deny rules of the pages above it; each page lists those it declares, once.
  const pageDenies = new Map<string, { rules: DenyIR[]; written: Set<string> }>();
  for (const action of system.actions) {
    for (const rule of action.denies) {
      if (rule.page === null) continue;
      let declared = pageDenies.get(rule.page);
      if (!declared) pageDenies.set(rule.page, (declared = { rules: [], written: new Set() }));
      const written = JSON.stringify(rule);
      if (!declared.written.has(written)) (declared.written.add(written), declared.rules.push(rule));
    }
  }
  // An action's label is written once per permission it needs, in the matrix and per key it reads: made once, from
  // its page's path escaped once per page (no escape spans the " > " between path and row, so the pieces escape alike).
  const labels = new Map<string, string>();
  const pathTexts = new Map<string, string>();
  const actionLabel = (a: ActionIR) => {
    let label = labels.get(a.id);
    if (label === undefined) {
      const titles = a.path.join(" > ");
      let path = pathTexts.get(titles);
      if (path === undefined) pathTexts.set(titles, (path = inlineText(titles)));
      labels.set(a.id, (label = markdownLink(isOpen(a) ? `${path} (open)` : `${path} > ${inlineText(a.row)}`, anchors.action(a.id))));
    }
    return label;
  };

  const titlesByPage = new Map<string, string[]>();
  const titles = (page: PageIR): string[] => {
    let list = titlesByPage.get(page.id);
    if (!list) titlesByPage.set(page.id, (list = [...(page.parent ? titles(pagesById.get(page.parent)!) : []), page.title]));
    return list;
  };
  // Indexes built once, in document order: searching every action per page or per permission is quadratic in a large system.
  const actionsByPage = groupBy(system.actions, (a) => [a.page]);
  const pagesOpenedBy = groupBy(system.pages, (page) => (page.open ? permissionsOf(page.open) : []));
  const rowsNeeding = groupBy(
    system.actions.filter((a) => !isOpen(a)),
    (a) => permissionsOf(a.requires),
  );
  const pages: PageView[] = system.pages.map((page) => {
    const actions = actionsByPage.get(page.id) ?? [];
    const open = actions.find(isOpen);
    return {
      heading: "#".repeat(Math.min(6, 2 + titles(page).length)),
      title: inlineText(page.title),
      anchor: anchorTag(anchors.page(page.id)),
      path: titles(page).map(inlineText).join(" > "),
      parentPath: page.parent ? titles(pagesById.get(page.parent)!).map(inlineText).join(" > ") : null,
      open: page.open && open ? { anchor: anchorTag(anchors.action(open.id)), needs: describe(page.open), documentText: page.openText === null ? null : inlineText(page.openText) } : null,
      denies: (pageDenies.get(page.id)?.rules ?? []).map((rule) => denyMarkdown(rule, vocabulary)),
      note: page.note === null ? null : paragraphText(page.note),
      actions: actions
        .filter((a) => !isOpen(a))
        .map((a) => ({
          anchor: anchorTag(anchors.action(a.id)),
          row: cellText(a.row),
          add: needs(a),
          documentText: a.rowRequirement === null ? "" : cellText(a.rowRequirement),
          note: a.note === null ? "" : cellText(a.note),
        })),
    };
  });

  const closures = roleClosures(system);
  // Each role is linked once per permission it grants, from the permission and from its own table: written once.
  const roleLinks = new Map(system.roles.map((r) => [r.id, link(r.name, anchors.role(r.id))]));
  const roleLink = (id: string) => roleLinks.get(id)!;
  const permissionLinks = new Map(system.permissions.map((p) => [p.id, link(p.name, anchors.permission(p.id))]));

  // Each permission's granting roles, in the roles' order: read off each role's grants rather than asking every role
  // about every permission, and each pair of a role and the role it grants through written once.
  const grantedBy = new Map<string, string>();
  for (const r of system.roles) {
    const entries = new Map<string, string>();
    for (const [permission, through] of closures.get(r.id)!) {
      let entry = entries.get(through);
      if (entry === undefined) entries.set(through, (entry = through === r.id ? roleLink(r.id) : `${roleLink(r.id)} (through ${roleLink(through)})`));
      const text = grantedBy.get(permission);
      grantedBy.set(permission, text === undefined ? entry : `${text}, ${entry}`);
    }
  }
  const permissionViews: PermissionView[] = system.permissions.map((p) => ({
    anchor: anchorTag(anchors.permission(p.id)),
    name: inlineText(p.name),
    about: paragraphs([
      p.description && paragraphText(p.description),
      traits([p.staffOnly && "staff only: counts only for the vendor's staff", p.internal && "internal: cannot be granted from the UI", p.since !== null && `since ${inlineText(p.since)}`, p.aliases.length > 0 && `also written ${p.aliases.map((a) => `"${inlineText(a)}"`).join(", ")}`]),
      p.note !== null && `Reading: ${inlineText(p.note)}`,
    ]),
    opens: (pagesOpenedBy.get(p.id) ?? []).map((page) => link(titles(page).join(" > "), anchors.page(page.id))),
    actions: (rowsNeeding.get(p.id) ?? []).map(actionLabel),
    grantedBy: grantedBy.get(p.id) ?? "",
  }));

  const roleViews: RoleView[] = system.roles.map((r) => {
    const closure = closures.get(r.id)!;
    return {
      anchor: anchorTag(anchors.role(r.id)),
      name: inlineText(r.name),
      about: paragraphs([
        r.description && paragraphText(r.description),
        traits([r.system && "system role: cannot be edited or deleted", r.internal && "internal: cannot be selected from the UI"]),
        r.includes.length > 0 && `Includes ${r.includes.map(roleLink).join(", ")}.`,
        r.except.length > 0 &&
          `Does not take ${r.except.map((id) => link(vocabulary.permissions.get(id)?.name ?? id, anchors.permission(id))).join(", ")} from the roles it includes (unless it grants ${r.except.length > 1 ? "them" : "it"} itself); roles including it do not either, unless they grant ${r.except.length > 1 ? "them" : "it"}.`,
      ]),
      grants: system.permissions
        .filter((p) => closure.has(p.id))
        .map((p) => {
          const through = closure.get(p.id)!;
          return { permission: permissionLinks.get(p.id)!, through: through === r.id ? "directly" : roleLink(through) };
        }),
    };
  });

  const readers = (reads: (a: ActionIR) => string[], key: string) =>
    system.actions
      .filter((a) => !isOpen(a) && reads(a).includes(key))
      .map(actionLabel)
      .join(", ");
  const conditions: ConditionView[] = [
    ...system.contextKeys.map((k) => ({
      key: `\`${k.key}\``,
      where: "context",
      kind: k.kind === "flag" ? "flag" : "permission list",
      description: cellText(k.description),
      readBy: readers((a) => a.contextKeys, k.key),
    })),
    ...system.resourceAttributes.map((r) => ({
      key: `\`${r.name}\``,
      where: "resource",
      kind: attributeKind(r),
      description: cellText(r.description),
      readBy: readers((a) => a.resourceAttributes, r.name),
    })),
    ...system.principalAttributes.map((r) => ({
      key: `\`${r.name}\``,
      where: "principal",
      kind: attributeKind(r),
      description: cellText(r.description),
      readBy: readers((a) => a.principalAttributes, r.name),
    })),
  ];

  return {
    title: inlineText(system.title),
    document: inlineText(system.document),
    pages,
    permissions: permissionViews,
    roles: roleViews,
    conditions,
    matrix: system.roles.length ? matrixView(system, actionLabel, roleLink) : null,
  };
}

const ATTRIBUTE_KINDS = { flag: "flag", roleName: "group name", permissionList: "permission list", user: "user id (compared with `principal.id`)", users: "list of user ids (compared with `principal.id`)" };

/** An attribute's kind for people, with the value an omitted one takes. */
function attributeKind(attribute: SystemIR["resourceAttributes"][number] | SystemIR["principalAttributes"][number]): string {
  const kind = attribute.kind === "enum" ? `one of ${attribute.values.map(cellText).join(", ")}` : ATTRIBUTE_KINDS[attribute.kind];
  if (attribute.default === null) return kind;
  return `${kind}; omitted: ${typeof attribute.default === "boolean" ? (attribute.default ? "yes" : "no") : cellText(attribute.default)}`;
}

/** A cell as the row's Markdown: its mark and the column's closing bar. */
const CELL: Record<MatrixCell, string> = { allow: " ✓ |", conditional: " (✓) |", deny: "  |" };

function matrixView(system: SystemIR, actionLabel: (a: ActionIR) => string, roleLink: (id: string) => string): MatrixView {
  const matrix = roleActionMatrix(system, system.actions);
  return {
    roles: system.roles.map((r) => roleLink(r.id)),
    rule: `|---${"|---".repeat(system.roles.length)}|`,
    rows: system.actions.map((a) => ({ action: actionLabel(a), cells: cellsText(matrix.get(a.id)!) })),
  };
}

/** A row's cells, appended rather than mapped and joined: the matrix has one per role and action. */
function cellsText(cells: MatrixCell[]): string {
  let text = "";
  for (const cell of cells) text += CELL[cell];
  return text;
}

/**
 * Per role, every permission it grants through includes (less exceptions, as the evaluator computes it), mapped to
 * the role that grants it directly: the role itself when it does; otherwise the first included role, breadth first,
 * reached without passing a role that excepts it.
 */
function roleClosures(system: SystemIR): Map<string, Map<string, string>> {
  const closure = roleGrantClosure(system);
  // Each role's sets and included roles are resolved once, and a search marks the roles it visits rather than
  // making a set of them.
  const nodes = new Map<string, RoleNode>(
    system.roles.map((r) => [r.id, { id: r.id, direct: new Set(r.grants), excepts: new Set(r.except), closure: closure.get(r.id) ?? new Set(), includes: [], visitedBy: 0 }]),
  );
  for (const role of system.roles) for (const id of role.includes) if (nodes.has(id)) nodes.get(role.id)!.includes.push(nodes.get(id)!);
  const queue: RoleNode[] = [];
  let search = 0;
  const grantedBy = (start: RoleNode, permission: string): string => {
    search++;
    queue.length = 0;
    queue.push(start);
    for (let next = 0; next < queue.length; next++) {
      const current = queue[next]!;
      if (current.visitedBy === search) continue;
      current.visitedBy = search;
      if (current.direct.has(permission)) return current.id;
      if (!current.excepts.has(permission)) for (const included of current.includes) if (included.closure.has(permission)) queue.push(included);
    }
    return start.id;
  };
  // A permission no role excepts prunes no search: the search above skips only included roles that cannot reach
  // it, so it finds the first role granting it directly in the breadth-first order of every included role. That
  // order is walked once per role, rather than once per permission it grants (21,000 searches through up to 20
  // roles at 10,000 actions).
  const excepted = new Set(system.roles.flatMap((r) => r.except));
  const firstGranters = (start: RoleNode): Map<string, string> => {
    search++;
    const first = new Map<string, string>();
    queue.length = 0;
    queue.push(start);
    for (let next = 0; next < queue.length; next++) {
      const current = queue[next]!;
      if (current.visitedBy === search) continue;
      current.visitedBy = search;
      for (const permission of current.direct) if (!first.has(permission)) first.set(permission, current.id);
      queue.push(...current.includes);
    }
    return first;
  };
  const out = new Map<string, Map<string, string>>();
  for (const role of system.roles) {
    const grants = new Map<string, string>();
    const node = nodes.get(role.id)!;
    const first = firstGranters(node);
    for (const permission of closure.get(role.id) ?? []) grants.set(permission, (!excepted.has(permission) && first.get(permission)) || grantedBy(node, permission));
    out.set(role.id, grants);
  }
  return out;
}

/** A role as the search for what grants a permission walks it; `visitedBy` is the last search that reached it. */
interface RoleNode {
  id: string;
  direct: Set<string>;
  excepts: Set<string>;
  closure: Set<string>;
  includes: RoleNode[];
  visitedBy: number;
}

/**
 * Items under each key they give (each item once per key), in the items' order. An item given a key twice is already
 * last in that key's group: checked there rather than with a set of keys per item.
 */
function groupBy<T>(items: T[], keys: (item: T) => string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keys(item)) {
      const group = groups.get(key);
      if (!group) groups.set(key, [item]);
      else if (group[group.length - 1] !== item) group.push(item);
    }
  }
  return groups;
}

function traits(flags: Array<string | false>): string | false {
  const set = flags.filter((f): f is string => typeof f === "string");
  return set.length > 0 && `_${set.join("; ")}_`;
}

function paragraphs(items: Array<string | false>): string[] {
  return items.filter((i): i is string => typeof i === "string" && i !== "");
}
