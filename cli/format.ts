/** Plain-text tables and figures for the terminal. */
export function formatTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string[] {
  const cells = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i]?.length ?? 0)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number' || /^-?[\d.,]+$|^$/.test(String(row[i]))));
  return cells.map((row, r) =>
    row
      .map((cell, i) => (numeric[i] && r > 0 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

export function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

export function thousands(n: number): string {
  return n.toLocaleString('en-US');
}

/** `High Value 3,795 · Medium Value 3,652`: largest first. */
export function counts(values: Readonly<Record<string, number>>): string {
  return Object.entries(values)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([name, n]) => `${name} ${thousands(n)}`)
    .join(' · ');
}
