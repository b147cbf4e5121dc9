import { unzipSync } from 'fflate'
import type { ImportFormat } from './import-types.ts'

export type DetectedFormat = { ok: true; format: ImportFormat } | { ok: false; message: string }

const startsWith = (bytes: Uint8Array, magic: number[]): boolean =>
  magic.every((b, i) => bytes[i] === b)

/** Names of the entries of a zip, without inflating any; null when it is not a readable zip. */
function zipEntryNames(bytes: Uint8Array): string[] | null {
  const names: string[] = []
  try {
    unzipSync(bytes, {
      filter: (f) => {
        names.push(f.name)
        return false
      },
    })
  } catch {
    return names.length ? names : null
  }
  return names
}

/**
 * The kind of an import file, from its content first (zip → .xlsx workbook or zipped
 * Shapefile; `{` → GeoJSON) and its name second. Refuses what the importer does not read —
 * legacy `.xls`, a bare `.shp` — saying what to do instead.
 * @example detectImportFormat(new TextEncoder().encode('名称,经度'), 'a.csv') // { ok: true, format: 'csv' }
 */
export function detectImportFormat(bytes: Uint8Array, fileName: string): DetectedFormat {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? ''
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0]) || ext === 'xls') {
    return {
      ok: false,
      message: 'this is an Excel 97–2003 .xls workbook: save it as .xlsx (or CSV) and import again',
    }
  }
  if (ext === 'shp' || ext === 'dbf' || ext === 'shx') {
    return {
      ok: false,
      message: `a lone .${ext} cannot be imported: zip the .shp together with its .dbf, .shx, .prj and .cpg and import the .zip`,
    }
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    const names = zipEntryNames(bytes) ?? []
    if (names.some((n) => /^xl\//i.test(n) || n === '[Content_Types].xml'))
      return { ok: true, format: 'xlsx' }
    if (ext === 'xlsx') return { ok: true, format: 'xlsx' }
    return { ok: true, format: 'shapefile' }
  }
  if (ext === 'xlsx') return { ok: true, format: 'xlsx' }
  if (ext === 'zip') return { ok: true, format: 'shapefile' }
  if (ext === 'geojson' || ext === 'json') return { ok: true, format: 'geojson' }
  // Text without a telling name: JSON starts with `{` (after a BOM or spaces).
  let i = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0
  while (i < bytes.length && i < 1024 && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[i]!)) i++
  if (bytes[i] === 0x7b) return { ok: true, format: 'geojson' }
  return { ok: true, format: 'csv' }
}
