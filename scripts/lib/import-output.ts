import { rename, writeFile } from 'node:fs/promises'
import { formatImportIssue } from '../../web/src/core/io/import/import-facilities.ts'
import type { ImportRecord, ImportReport } from '../../web/src/core/io/import/import-types.ts'

/** Accepted records as a GeoJSON FeatureCollection of WGS-84 Points. */
export function recordsGeoJson(records: readonly ImportRecord[]): string {
  const features = records.map((r) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
    properties: {
      name: r.name,
      category: r.category,
      address: r.address,
      phone: r.phone,
      source_row: r.source_row,
    },
  }))
  return `${JSON.stringify({ type: 'FeatureCollection', features })}\n`
}

/** Writes beside the target and renames, so a failed run never leaves half a file. */
export async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`
  await writeFile(tmp, text)
  await rename(tmp, path)
}

/** How many warnings of one field/code are listed before "… and N more" (without --verbose). */
const LISTED_WARNINGS = 5

/** The report as lines for a person: summary, notes, every rejected/skipped row, warnings. */
export function reportLines(report: ImportReport, verbose: boolean): string[] {
  const rowLabel = report.format === 'geojson' || report.format === 'shapefile' ? 'feature' : 'row'
  const c = report.counts
  const lines: string[] = []
  lines.push(
    `${report.source}: ${report.format ?? 'unknown format'}${report.encoding ? `, encoding ${report.encoding}` : ''}, coordinates read as ${report.crs}`,
  )
  if (report.headers.length) {
    const mapped = Object.entries(report.mapping)
      .map(([f, s]) => `${f}←${typeof s === 'string' ? s : JSON.stringify(s)}`)
      .join(', ')
    lines.push(`mapping (${report.mappingAutomatic ? 'automatic' : 'given'}): ${mapped || 'none'}`)
  }
  for (const n of report.notes) lines.push(`note: ${n}`)
  const fileErrors = report.issues.filter((i) => i.severity === 'error')
  for (const i of fileErrors) lines.push(`error: ${formatImportIssue(report.source, i, rowLabel)}`)
  if (!report.ok) return lines
  for (const i of report.issues) {
    if (i.severity === 'rejected' || i.severity === 'skipped')
      lines.push(formatImportIssue(report.source, i, rowLabel))
  }
  const warnings = report.issues.filter((i) => i.severity === 'warning')
  const groups = new Map<string, typeof warnings>()
  for (const w of warnings) {
    const key = `${w.field}\u0000${w.code}`
    const group = groups.get(key)
    if (group) group.push(w)
    else groups.set(key, [w])
  }
  for (const group of groups.values()) {
    const shown = verbose ? group : group.slice(0, LISTED_WARNINGS)
    for (const w of shown) lines.push(formatImportIssue(report.source, w, rowLabel))
    if (shown.length < group.length)
      lines.push(
        `  … and ${group.length - shown.length} more "${group[0]!.field}" warnings like these (--verbose lists them)`,
      )
  }
  lines.push(
    `${c.rows} ${rowLabel}s: ${c.accepted} accepted, ${c.rejected} rejected, ${c.skipped} skipped (${c.duplicatesInFile} duplicates in the file, ${c.duplicatesExisting} already stored, ${c.noCoordinates} without coordinates); ${c.withWarnings} accepted with warnings`,
  )
  return lines
}

/** One line of `import_facilities`' report: the row's position in the batch sent, and what happened. */
export interface ServerReportRow {
  row_number: number
  status: string
  facility_id: string | null
  field: string | null
  reason: string | null
}

/**
 * The database's report as lines, each batch position turned back into the file's row number,
 * with the count per status (added, updated, skipped, rejected).
 */
export function serverReportLines(
  source: string,
  rows: readonly ServerReportRow[],
  records: readonly ImportRecord[],
  rowLabel: string,
): { lines: string[]; counts: Record<string, number> } {
  const lines: string[] = []
  const counts: Record<string, number> = {}
  for (const r of rows) {
    counts[r.status] = (counts[r.status] ?? 0) + 1
    if (r.status === 'added' || r.status === 'updated') continue
    const fileRow = records[r.row_number - 1]?.source_row
    const where = fileRow === undefined ? `batch row ${r.row_number}` : `${rowLabel} ${fileRow}`
    lines.push(
      `${source} ${where}, field "${r.field ?? 'row'}": ${r.status} by the database — ${r.reason ?? ''}`,
    )
  }
  return { lines, counts }
}
