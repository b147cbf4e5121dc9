import writeXlsxFile from 'write-excel-file/universal'
import type { Row } from 'write-excel-file/universal'
import type { CoverageResult } from '../../coverage/types.ts'
import { coverageTable, type CoverageTableOptions } from './coverage-table.ts'
import { provenanceBlock, type ExportProvenance } from './provenance.ts'

/**
 * The coverage table as an .xlsx workbook (one sheet, 覆盖率): the header block of
 * {@link coverageTableCsv} (label in column A, value in B), an empty row, the column header in
 * bold and frozen, then one row per community with numbers as numbers — the very values of the
 * CSV. Uses write-excel-file's universal build, which runs in the browser, in a worker and in
 * Node (it needs only `Blob`); returns the file's bytes.
 * @example const bytes = await coverageTableXlsx(result, provenance); new Blob([bytes])
 */
export async function coverageTableXlsx(
  result: Pick<CoverageResult, 'settings' | 'communities' | 'method'>,
  provenance: ExportProvenance,
  options: CoverageTableOptions = {},
): Promise<Uint8Array<ArrayBuffer>> {
  const table = coverageTable(result, options)
  const data: Row[] = []
  for (const [label, value] of provenanceBlock(result, provenance))
    data.push([{ value: label, fontWeight: 'bold' }, { value }])
  data.push([])
  data.push(table.columns.map((c) => ({ value: c.label, fontWeight: 'bold' as const, wrap: true })))
  for (const row of table.rows) data.push(row.map((v) => (v === null || v === '' ? null : v)))
  const blob = await writeXlsxFile(data, {
    sheet: '覆盖率',
    columns: table.columns.map((c) => ({ width: c.key.startsWith('community') ? 24 : 14 })),
    stickyRowsCount: data.length - table.rows.length,
  }).toBlob()
  return new Uint8Array(await blob.arrayBuffer())
}
