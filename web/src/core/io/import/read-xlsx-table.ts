import { readSheet } from 'read-excel-file/universal'
import {
  failedTable,
  isEmptyRow,
  uniqueHeaders,
  type ImportTable,
  type TableRow,
} from './import-table.ts'

/**
 * Reads the first sheet of an `.xlsx` file with read-excel-file's universal build (an
 * ArrayBuffer in, no Node or DOM API needed). The first non-empty row is the header; rows are
 * numbered as Excel shows them. Cells keep their types (numbers stay numbers; dates become ISO
 * text).
 * @example await readXlsxTable(bytes) // { format: 'xlsx', headers: ['名称', …], rows: [{ row: 2, … }] }
 */
export async function readXlsxTable(bytes: Uint8Array): Promise<ImportTable> {
  let data: unknown[][]
  try {
    // read-excel-file wants an ArrayBuffer of exactly the file.
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
    data = (await readSheet(buffer as ArrayBuffer)) as unknown[][]
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e)
    return failedTable('xlsx', 'file_unreadable', `not a readable .xlsx workbook: ${why}`)
  }
  const headerIndex = data.findIndex((r) => !isEmptyRow(r))
  if (headerIndex < 0) return failedTable('xlsx', 'file_empty', 'the first sheet has no rows')
  const headers = uniqueHeaders(data[headerIndex]!)
  const rows: TableRow[] = []
  for (let i = headerIndex + 1; i < data.length; i++) {
    const values = data[i]!
    if (isEmptyRow(values)) continue
    const cells: Record<string, unknown> = {}
    headers.forEach((h, j) => {
      const v = values[j]
      cells[h] = v instanceof Date ? v.toISOString() : v
    })
    rows.push({ row: i + 1, cells, position: null })
  }
  return { format: 'xlsx', encoding: null, headers, rows, notes: [], issues: [] }
}
