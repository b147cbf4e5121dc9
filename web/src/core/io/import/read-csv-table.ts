import Papa from 'papaparse'
import { decodeText } from './decode-text.ts'
import {
  failedTable,
  isEmptyRow,
  uniqueHeaders,
  type ImportTable,
  type TableRow,
} from './import-table.ts'

/**
 * Reads CSV bytes (UTF-8 with or without BOM, or GBK/GB18030) with PapaParse: the delimiter is
 * detected (comma, tab, semicolon, `|`), quoted fields may hold commas and line breaks. The
 * first non-empty record is the header; rows are numbered as a spreadsheet shows them.
 * @example readCsvTable(new TextEncoder().encode('名称,经度,纬度\n店,121.5,25')).rows[0].row // 2
 */
export function readCsvTable(bytes: Uint8Array): ImportTable {
  const decoded = decodeText(bytes)
  if (!decoded.ok) return failedTable('csv', decoded.code, decoded.message)
  const parsed = Papa.parse<string[]>(decoded.text, { skipEmptyLines: false })
  const quote = parsed.errors.find((e) => e.type === 'Quotes')
  if (quote) {
    const row = (quote.row ?? 0) + 1
    return {
      ...failedTable(
        'csv',
        'file_unreadable',
        `row ${row}: a quoted field is never closed (a " is missing), so the rows after it cannot be told apart`,
        decoded.encoding,
      ),
    }
  }
  const data = parsed.data
  const headerIndex = data.findIndex((r) => !isEmptyRow(r))
  if (headerIndex < 0)
    return failedTable('csv', 'file_empty', 'the file has no rows', decoded.encoding)
  const headers = uniqueHeaders(data[headerIndex]!)
  const rows: TableRow[] = []
  for (let i = headerIndex + 1; i < data.length; i++) {
    const values = data[i]!
    // Let the parsed array go as its row is copied: a 50 MB file's two copies add up.
    ;(data as (string[] | undefined)[])[i] = undefined
    if (isEmptyRow(values)) continue
    const cells: Record<string, unknown> = {}
    headers.forEach((h, j) => {
      cells[h] = values[j]
    })
    rows.push({ row: i + 1, cells, position: null })
  }
  return { format: 'csv', encoding: decoded.encoding, headers, rows, notes: [], issues: [] }
}
