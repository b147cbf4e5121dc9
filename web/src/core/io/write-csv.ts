/**
 * Quotes one CSV field (RFC 4180) and defuses spreadsheet formulas: a text cell starting with
 * `=`, `+`, `-`, `@`, tab or CR gets a leading `'` (OWASP "CSV injection"), since names come from
 * users and the table is opened in Excel / WPS. Numbers are written as they are.
 * @example csvField('Wang, Li') // '"Wang, Li"'
 * @example csvField('=1+1') // "'=1+1"
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return ''
  if (typeof value !== 'string') return String(value)
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/**
 * Writes rows as RFC 4180 CSV with CRLF line ends and a UTF-8 BOM, which Excel needs to read
 * Chinese text correctly.
 * @example toCsv(['a', 'b'], [[1, 'x']]) // '\uFEFFa,b\r\n1,x\r\n'
 */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | boolean | null | undefined)[])[],
): string {
  const lines = [header.map(csvField).join(',')]
  for (const r of rows) lines.push(r.map(csvField).join(','))
  return `\uFEFF${lines.join('\r\n')}\r\n`
}
