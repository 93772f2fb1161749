/**
 * Sorting the access views' rows on the server (they are computed in memory from a trust policy,
 * not queried): by one column's value, ascending or descending, ties kept in the view's own order
 * (Array.prototype.sort is stable), so equal rows never swap between requests. Pure.
 */
export function sortRows<T>(rows: readonly T[], valueOf: (row: T) => string | number, dir: "asc" | "desc"): T[] {
  const sign = dir === "asc" ? 1 : -1;
  const keyed = rows.map((row) => ({ row, value: valueOf(row) }));
  keyed.sort((a, b) => sign * (typeof a.value === "number" && typeof b.value === "number" ? a.value - b.value : String(a.value).localeCompare(String(b.value), "en")));
  return keyed.map((k) => k.row);
}
