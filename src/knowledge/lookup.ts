// The tables of daemons (daemons.ts, privileges.ts, debug-modes.ts) list each entry's program
// names, and some a pattern for versioned names (`php-fpm8.2`): one way to look a program up in them.

/** A lookup of a program name in `table`: by its names (a later entry wins), else by pattern. */
export function byProgramName<T extends { names: readonly string[]; pattern?: RegExp }>(
  table: readonly T[],
): (name: string) => T | undefined {
  const byName = new Map<string, T>();
  for (const d of table) for (const n of d.names) byName.set(n, d);
  return (name) => byName.get(name) ?? table.find((d) => d.pattern?.test(name));
}
