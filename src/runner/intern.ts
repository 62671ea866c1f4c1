// Findings repeat their text: the same advice about the same account in every service of a scan
// dir. Keeping one copy of each text holds a large run's results in a fraction of the memory
// (measured: docs/performance.md#interning).
import type { FileResult } from "../engine/lint.js";

const pool = new Map<string, string>();
/** Distinct texts kept at most; beyond it the pool starts over (it only saves memory). */
const MAX = 20_000;

export function intern(s: string): string {
  const known = pool.get(s);
  if (known !== undefined) return known;
  if (pool.size >= MAX) pool.clear();
  pool.set(s, s);
  return s;
}

/** Interns the strings of results that arrived from a worker (a message copy shares nothing). */
export function internResults(results: FileResult[]): void {
  for (const r of results) {
    r.service = intern(r.service);
    for (const m of r.messages) {
      m.message = intern(m.message);
      m.ruleId = intern(m.ruleId);
    }
  }
}
