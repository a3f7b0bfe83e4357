// A helper a spec imports (not a spec: specs are the .ts files directly inside a spec directory).
export function rowsOf(table: string): string[] {
  throw new Error(`no row table named "${table}"`);
}
