import { defineSystem, type SystemBuilder } from "../src/dsl/system-builder.ts";

/**
 * A synthetic system of `actions` actions, shaped like the seed documents: pages of nine rows under areas,
 * each page with an open requirement (which the IR turns into the page's tenth action, "Open"), rows mixing
 * all-of, any-of and context conditions. `actions` should be a multiple of 10 to be exact.
 */
export function syntheticSystem(actions: number): SystemBuilder<string, string, string, string> {
  const permissionCount = Math.max(10, Math.floor(actions / 5));
  const names = Array.from({ length: permissionCount }, (_, i) => `Permission ${i}`);
  const system = defineSystem({
    id: "synthetic",
    title: `Synthetic system of ${actions} actions`,
    document: "bench/synthetic.ts",
    permissions: Object.fromEntries(names.map((n, i) => [n, { id: `p${i}`, staffOnly: i % 97 === 0 }])),
    roles: Object.fromEntries(
      Array.from({ length: 20 }, (_, r) => [`Role ${r}`, { id: `r${r}`, grants: names.filter((_, i) => i % 20 === r), includes: r > 0 ? [`Role ${r - 1}`] : [] }]),
    ),
    context: { personal: { description: "includes personal data" }, multibrand: { description: "multibrand project" } },
  }) as unknown as SystemBuilder<string, string, string, string>;
  const { all, any, onlyIf, ctx } = system.req;
  const pick = (i: number) => names[i % permissionCount]!;
  const pages = Math.max(1, Math.round(actions / 10));
  let made = 0;
  for (let area = 0; area * 10 < pages; area++) {
    system.area(`Area ${area}`, { id: `area${area}` }, (a) => {
      for (let page = 0; page < 10 && area * 10 + page < pages; page++) {
        const p = area * 10 + page;
        a.section(`Page ${p}`, { id: `page${p}`, open: pick(p) }, (s) => {
          for (let row = 0; row < 9; row++, made++) {
            const k = made * 7;
            s.action(`Row ${made}`, all(pick(k + 1), any(pick(k + 2), pick(k + 3)), onlyIf(ctx(row % 2 ? "personal" : "multibrand"), pick(k + 4))), { id: `row${row}` });
          }
        });
      }
    });
  }
  return system;
}
