import type { CoverageResult } from '../../coverage/types.ts'
import { csvField } from '../write-csv.ts'
import { coverageTable, type CoverageTableOptions } from './coverage-table.ts'
import { provenanceBlock, type ExportProvenance } from './provenance.ts'

/**
 * The coverage table as CSV for Excel / WPS: UTF-8 with BOM, CRLF, RFC 4180 quoting (text cells
 * that look like formulas defused). First the header block — one `label,value` line each for
 * title, data source, vintage, reach per category, method, date, app version — then an empty
 * line, then the column header and one line per community ({@link coverageTable}).
 * @example coverageTableCsv(result, provenance, { targets: { canteen: 1 } }).startsWith('\uFEFF生活圈')
 */
export function coverageTableCsv(
  result: Pick<CoverageResult, 'settings' | 'communities' | 'method'>,
  provenance: ExportProvenance,
  options: CoverageTableOptions = {},
): string {
  const table = coverageTable(result, options)
  const lines: string[] = []
  for (const [label, value] of provenanceBlock(result, provenance))
    lines.push(`${csvField(label)},${csvField(value)}`)
  lines.push('')
  lines.push(table.columns.map((c) => csvField(c.label)).join(','))
  for (const row of table.rows) lines.push(row.map(csvField).join(','))
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

/** Lines of the header block before the column header in {@link coverageTableCsv} (and XLSX). */
export const HEADER_BLOCK_LINES = 8
