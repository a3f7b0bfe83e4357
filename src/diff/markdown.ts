import type { ActionChange, ActionSummary, DiffReport, Flip, SystemDiff } from "./compare.ts";

/** The report as Markdown for a pull-request comment: one section per system, decision changes first. */
export function diffMarkdown(report: DiffReport): string {
  const lines = [`## policyc diff: ${code(report.old)} → ${code(report.new)}`, ""];
  const changed = report.systems.filter((s) => s.status !== "unchanged");
  if (changed.length === 0) lines.push(`No changes: every system decides every compared request the same way.`, "");
  for (const system of changed) lines.push(...systemSection(system));
  const same = report.systems.filter((s) => s.status === "unchanged").map((s) => code(s.system));
  if (same.length && changed.length) lines.push(`Unchanged: ${same.join(", ")}.`, "");
  return lines.join("\n").replace(/\n+$/, "\n");
}

function systemSection(s: SystemDiff): string[] {
  const heading = `### ${code(s.system)} ${text(s.title)}`;
  if (s.status === "added") return [heading, "", `New system with ${s.actionsAdded.length} actions.`, ""];
  if (s.status === "removed") return [heading, "", `System removed (${s.actionsRemoved.length} actions).`, ""];
  const count = (direction: ActionChange["direction"]) => s.changed.filter((c) => c.direction === direction).length;
  const headline = [
    s.changed.length > 0 &&
      `${plural(s.changed.length, "action")} decide differently (${count("more permissive")} more permissive, ${count("less permissive")} less permissive, ${count("both")} both)`,
    s.actionsAdded.length > 0 && `${plural(s.actionsAdded.length, "action")} added`,
    s.actionsRemoved.length > 0 && `${plural(s.actionsRemoved.length, "action")} removed`,
    s.rewritten.length > 0 && `${plural(s.rewritten.length, "requirement")} rewritten with the same decisions`,
  ].filter(Boolean);
  const out = [heading, "", `${headline.length ? headline.join("; ") : "No action changed"} (${plural(s.requestsCompared, "request")} compared).`, ""];
  if (s.changed.length) {
    out.push("| Action | Change | Flips | Example request that flips |", "|---|---|---|---|");
    for (const c of s.changed) {
      const flips = [c.loosened && `${c.loosened} deny → allow`, c.tightened && `${c.tightened} allow → deny`].filter(Boolean).join(", ") + ` (of ${c.compared})`;
      const examples = [c.examples.loosened, c.examples.tightened].filter((e): e is Flip => e !== null).map(example).join("<br>");
      out.push(`| ${cell(`${code(c.action)} ${text([...c.path, c.row].join(" > "))}`)} | ${c.direction} | ${flips} | ${cell(examples)} |`);
    }
    out.push("");
    out.push("<details><summary>Requirements before and after</summary>", "");
    for (const c of s.changed) {
      out.push(`- ${code(c.action)}: ${c.old === c.new ? `${text(c.new)} (unchanged: the roles or permissions it reads changed)` : `${text(c.old)} → ${text(c.new)}`}`);
    }
    out.push("", "</details>", "");
  }
  out.push(...actionList("Added", s.actionsAdded), ...actionList("Removed", s.actionsRemoved));
  if (s.rewritten.length) {
    out.push("Rewritten, same decisions:");
    for (const r of s.rewritten) out.push(`- ${code(r.action)}: ${text(r.old)} → ${text(r.requires)}`);
    out.push("");
  }
  const catalogue = [
    ["Permissions added", s.permissionsAdded],
    ["Permissions removed", s.permissionsRemoved],
    ["Roles added", s.rolesAdded],
    ["Roles removed", s.rolesRemoved],
    ["Roles whose grants changed", s.rolesChanged],
  ] as const;
  for (const [label, names] of catalogue) if (names.length) out.push(`${label}: ${names.map(text).join(", ")}.`, "");
  return out;
}

function actionList(label: string, actions: ActionSummary[]): string[] {
  if (!actions.length) return [];
  return [`${label}:`, ...actions.map((a) => `- ${code(a.action)} ${text([...a.path, a.row].join(" > "))}: needs ${text(a.requires)}`), ""];
}

/** One flipping request: the decision change and the request without its action and empty parts. */
function example(flip: Flip): string {
  const { action: _action, ...rest } = flip.request as Record<string, unknown>;
  const shown = Object.fromEntries(Object.entries(rest).filter(([, v]) => !(isEmptyObject(v))));
  return `${flip.old} → ${flip.new}: ${code(JSON.stringify(shown))}`;
}

function isEmptyObject(v: unknown): boolean {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** A code span that survives backticks in its content. */
function code(value: string): string {
  const longest = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = value.startsWith("`") || value.endsWith("`") ? " " : "";
  return `${fence}${pad}${value}${pad}${fence}`;
}

/** Spec text as literal inline Markdown on one line. */
function text(value: string): string {
  return value.replace(/[\\`*_[\]<|]/g, (c) => `\\${c}`).replace(/\s*\n\s*/g, " ");
}

/** A table cell: pipes escaped even inside code spans, as GFM tables require. */
function cell(value: string): string {
  return value.replace(/(?<!\\)\|/g, "\\|");
}
