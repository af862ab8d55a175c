/**
 * Cells a spreadsheet would run as a formula (= + - @, and tab or carriage return before one):
 * prefixed with an apostrophe so they show as text (OWASP's advice on CSV injection).
 */
const FORMULA_START = /^[=+\-@\t\r]/

/** One CSV cell: formula starts neutralised, then quoted (RFC 4180) where it holds , " CR or LF. */
export function csvCell(value: string | number | null): string {
  if (value === null) return ''
  let text = String(value)
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** One CSV line, CRLF-terminated as RFC 4180 has it. */
export function csvLine(cells: readonly (string | number | null)[]): string {
  return cells.map(csvCell).join(',') + '\r\n'
}
