/** A table as CSV (RFC 4180 quoting; numbers at full precision, non-finite as empty cells). */
export type Cell = number | string | boolean | null | undefined;

function cell(v: Cell): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const lines = [columns.map(cell).join(",")];
  for (const row of rows) lines.push(row.map(cell).join(","));
  return `${lines.join("\n")}\n`;
}

/** Columns of equal length (e.g. time series) as CSV. */
export function columnsToCsv(columns: Record<string, ArrayLike<Cell>>): string {
  const names = Object.keys(columns);
  const length = Math.max(0, ...names.map((k) => columns[k]?.length ?? 0));
  const rows: Cell[][] = [];
  for (let i = 0; i < length; i++) rows.push(names.map((k) => columns[k]?.[i]));
  return toCsv(names, rows);
}
