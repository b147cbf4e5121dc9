/**
 * What every reader (CSV, XLSX, GeoJSON, Shapefile) turns a file into: named columns and rows,
 * each row numbered as the user sees it, with the position its geometry gave, if any.
 */
import type { ImportFormat, ImportIssue } from './import-types.ts'

export interface TableRow {
  /** Spreadsheet row (header = 1) for CSV/XLSX; feature number (from 1) for GeoJSON/Shapefile. */
  row: number
  cells: Record<string, unknown>
  /** From the geometry: raw values (strings like "NA" included); null when there is none. */
  position: { lon: unknown; lat: unknown } | null
  /** Why the geometry gave no position (a LineString, a broken Point); the row is rejected. */
  geometryProblem?: string
  /** Why the row is not a record at all (an array item that is not a Feature); rejected alone. */
  notARecord?: string
}

export interface ImportTable {
  format: ImportFormat
  /** How text was decoded, when the format is text (or the DBF's encoding). */
  encoding: string | null
  headers: string[]
  rows: TableRow[]
  /** File-level remarks: the .prj's CRS, layers, the DBF encoding. */
  notes: string[]
  /** `error` issues mean the file could not be read; other issues are per row. */
  issues: ImportIssue[]
}

/** A table holding only a file-level error. */
export function failedTable(
  format: ImportFormat,
  code: ImportIssue['code'],
  message: string,
  encoding: string | null = null,
): ImportTable {
  return {
    format,
    encoding,
    headers: [],
    rows: [],
    notes: [],
    issues: [{ row: null, field: 'file', severity: 'error', code, message }],
  }
}

/** Header cells as names: trimmed, blanks named `column N`, repeats suffixed ` (2)`, ` (3)` … */
export function uniqueHeaders(raw: readonly unknown[]): string[] {
  const seen = new Map<string, number>()
  return raw.map((v, i) => {
    let name = v === null || v === undefined ? '' : String(v).replace(/\s+/g, ' ').trim()
    if (name === '') name = `column ${i + 1}`
    const n = (seen.get(name) ?? 0) + 1
    seen.set(name, n)
    return n === 1 ? name : `${name} (${n})`
  })
}

/** Whether a row has no value in any cell. */
export function isEmptyRow(values: readonly unknown[]): boolean {
  return values.every((v) => v === null || v === undefined || String(v).trim() === '')
}
