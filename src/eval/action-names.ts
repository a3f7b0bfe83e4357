// Naming an action the way a person reads the document: by its id, its row text, its headings and row
// ("Issues > Create"), or the table's own "Topic: row" ("Issues: Create"). Footnote markers ("Create (17)") and
// differences of case or spacing are forgiven; a name that fits several actions is refused with the candidates.
// Used by policyc test and explain, and by the request warnings ("did you mean" the id of the row a request names).
import type { ActionIR, SystemIR } from "../ir/types.ts";
import { didYouMean } from "./suggest.ts";

export type Resolution = { ok: true; action: ActionIR } | { ok: false; message: string };

const normal = (s: string) =>
  s
    .normalize("NFC")
    .replace(/(\s*\(\d+\))+\s*$/, "")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();

export class ActionResolver {
  private readonly byId: Map<string, ActionIR>;
  private readonly byName = new Map<string, ActionIR[]>();

  constructor(readonly system: SystemIR) {
    this.byId = new Map(system.actions.map((a) => [a.id, a]));
    for (const a of system.actions) {
      const names = new Set([normal(a.row), normal(`${a.path.at(-1)}: ${a.row}`)]);
      for (let i = 0; i < a.path.length; i++) names.add(normal([...a.path.slice(i), a.row].join(" > ")));
      for (const n of names) this.byName.set(n, [...(this.byName.get(n) ?? []), a]);
    }
  }

  resolve(reference: string): Resolution {
    const exact = this.byId.get(reference);
    if (exact) return { ok: true, action: exact };
    const found = this.byName.get(normal(reference)) ?? [];
    if (found.length === 1) return { ok: true, action: found[0]! };
    if (found.length > 1) {
      return { ok: false, message: `"${reference}" names ${found.length} actions; write one of: ${found.map((a) => `"${a.path.at(-1)} > ${a.row}" (${a.id})`).join(", ")}` };
    }
    const known = [...this.byId.keys(), ...this.system.actions.map((a) => a.row)];
    return { ok: false, message: `unknown action "${reference}": no action of ${this.system.id} has that id, row or heading${didYouMean(reference, known)}` };
  }
}
