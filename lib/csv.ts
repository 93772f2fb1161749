/**
 * CSV (RFC 4180) for the exports. There is no CSV library in the stack, and writing CSV (unlike
 * parsing it) is ten lines: a tested escaper beats a new dependency.
 *
 * Cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) get a
 * leading `'` (OWASP "CSV injection"): exports contain user-typed text such as justifications.
 */

export type CsvCell = string | number | boolean | null | undefined | Date;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: formula-guarded, then quoted when it holds a comma, quote, CR or LF. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated as RFC 4180 says. */
export function csvRow(cells: readonly CsvCell[]): string {
  return cells.map(csvCell).join(",") + "\r\n";
}

/** A whole document: header then rows. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return csvRow(header) + rows.map(csvRow).join("");
}
