// shpjs ships no types: its declaration sits beside the one file that imports it, referenced
// here so every tsconfig that reaches this file (core, app, tests) sees it.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./shpjs.d.ts" />
import { unzipSync } from 'fflate'
import { parseDbf, parseShp } from 'shpjs'
import { failedTable, uniqueHeaders, type ImportTable, type TableRow } from './import-table.ts'

/** Uncompressed bytes a zipped shapefile may expand to (a zip bomb stops here). */
const MAX_UNZIPPED_BYTES = 512 * 1024 * 1024

const KNOWN_SHAPES = new Set([1, 3, 5, 8, 11, 13, 15, 18, 21, 23, 25, 28])

/**
 * Checks the .shp's record layout before shpjs walks it: shpjs trusts the record lengths, and a
 * negative one makes it loop forever. Returns the problem, or null.
 */
export function checkShpLayout(shp: Uint8Array): string | null {
  if (shp.byteLength < 100) return 'the .shp is shorter than its 100-byte header'
  const view = new DataView(shp.buffer, shp.byteOffset, shp.byteLength)
  if (view.getInt32(0) !== 9994) return 'the .shp does not start with the shapefile file code 9994'
  const type = view.getInt32(32, true)
  if (!KNOWN_SHAPES.has(type)) return `the .shp has an unknown shape type ${type}`
  let offset = 100
  while (offset + 8 <= shp.byteLength) {
    const len = view.getInt32(offset + 4) * 2
    if (len < 0 || (len > 0 && len < 4) || offset + 8 + len > shp.byteLength)
      return `the .shp is damaged: the record at byte ${offset} has an impossible length`
    offset += 8 + len
  }
  return null
}

/** Checks that the .dbf's header agrees with its size (parsedbf trusts the record count). */
export function checkDbfLayout(dbf: Uint8Array): string | null {
  if (dbf.byteLength < 33) return 'the .dbf is shorter than its header'
  const view = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength)
  const records = view.getUint32(4, true)
  const headerLen = view.getUint16(8, true)
  const recLen = view.getUint16(10, true)
  if (headerLen < 33 || headerLen > dbf.byteLength) return 'the .dbf header length is impossible'
  if (records > 0 && (recLen < 1 || headerLen + records * recLen > dbf.byteLength))
    return `the .dbf is damaged: its header promises ${records} records of ${recLen} bytes, more than the file holds`
  return null
}

/** The CRS a .prj names, as a note for the report. */
function prjNote(prj: string): string {
  const m = /^\s*(PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS)\s*\[\s*"([^"]{0,80})"/i.exec(prj)
  if (!m) return 'the .prj could not be read; coordinates are taken as longitude/latitude'
  const projected = m[1]!.toUpperCase().startsWith('PROJ')
  return projected
    ? `the .prj declares the projected system "${m[2]}"; positions were reprojected to WGS-84 longitude/latitude with it`
    : `the .prj declares the geographic system "${m[2]}" (longitude/latitude)`
}

const decoder = (label: string) =>
  new (
    globalThis as unknown as {
      TextDecoder: new (l: string) => { decode(b: Uint8Array): string }
    }
  ).TextDecoder(label)

/**
 * Reads a zipped Shapefile (.shp + .dbf, with .prj and .cpg when present) with shpjs: a .prj
 * reprojects to WGS-84 and is named in the notes; the .dbf's text is decoded with the .cpg's
 * encoding, or, without one, as UTF-8 when valid and else as GB18030 (Chinese GIS exports).
 * Every layer in the zip is read; features are numbered from 1 across them.
 * @example (await readShapefileTable(zipBytes)).notes // ['the .prj declares the geographic system "GCS_WGS_1984" …']
 */
export function readShapefileTable(bytes: Uint8Array): ImportTable {
  let files: Record<string, Uint8Array>
  try {
    let total = 0
    files = unzipSync(bytes, {
      filter: (f) => {
        if (f.name.includes('__MACOSX') || !/\.(shp|dbf|prj|cpg)$/i.test(f.name)) return false
        total += f.originalSize
        if (total > MAX_UNZIPPED_BYTES) throw new Error('the zip expands to more than 512 MB')
        return true
      },
    })
  } catch (e) {
    return failedTable(
      'shapefile',
      'file_unreadable',
      `not a readable zip file: ${e instanceof Error ? e.message : String(e)}`,
    )
  }
  const byLower = new Map(Object.entries(files).map(([k, v]) => [k.toLowerCase(), v]))
  const layers = [...byLower.keys()].filter((k) => k.endsWith('.shp')).map((k) => k.slice(0, -4))
  if (layers.length === 0)
    return failedTable(
      'shapefile',
      'file_format',
      'the zip holds no .shp file (a zipped Shapefile is expected)',
    )

  const notes: string[] = []
  const rows: TableRow[] = []
  const keys = new Set<string>()
  const layerRows: { props: Record<string, unknown>; geometry: Record<string, unknown> | null }[] =
    []
  let encoding: string | null = null
  for (const layer of layers.sort()) {
    const shp = byLower.get(`${layer}.shp`)!
    const dbf = byLower.get(`${layer}.dbf`)
    const prjBytes = byLower.get(`${layer}.prj`)
    const cpgBytes = byLower.get(`${layer}.cpg`)
    const problem = checkShpLayout(shp) ?? (dbf ? checkDbfLayout(dbf) : null)
    if (problem) return failedTable('shapefile', 'file_unreadable', `${layer}: ${problem}`)
    let geometries: (Record<string, unknown> | null)[]
    let props: Record<string, unknown>[] = []
    const prj = prjBytes ? decoder('utf-8').decode(prjBytes) : undefined
    try {
      geometries = parseShp(shp, prj ?? false)
      if (dbf) {
        const cpg = cpgBytes ? decoder('utf-8').decode(cpgBytes).trim() : undefined
        props = parseDbf(dbf, cpg)
        let used = cpg ? `${cpg} (from the .cpg)` : 'utf-8'
        const garbled = (rs: Record<string, unknown>[]) =>
          rs.some((r) =>
            Object.entries(r).some(
              ([k, v]) => k.includes('\uFFFD') || (typeof v === 'string' && v.includes('\uFFFD')),
            ),
          )
        if (!cpg && garbled(props)) {
          // No .cpg and not UTF-8: Chinese GIS software writes the code page (GBK).
          props = parseDbf(dbf, 'gb18030')
          used = 'gb18030 (no .cpg; not valid UTF-8)'
        }
        encoding = used
      }
    } catch (e) {
      return failedTable(
        'shapefile',
        'file_unreadable',
        `${layer}: the Shapefile cannot be read: ${e instanceof Error ? e.message : String(e)}`,
      )
    }
    notes.push(
      prj === undefined
        ? `${layer}: no .prj; coordinates are taken as longitude/latitude in the chosen coordinate system`
        : `${layer}: ${prjNote(prj)}`,
    )
    if (!dbf) notes.push(`${layer}: no .dbf, so the features have no attributes`)
    if (layers.length > 1) notes.push(`${layer}: ${geometries.length} features`)
    geometries.forEach((g, i) => {
      const p = props[i] ?? {}
      for (const k of Object.keys(p)) keys.add(k)
      layerRows.push({ props: p, geometry: g })
    })
  }
  const names = [...keys]
  const headers = uniqueHeaders(names)
  layerRows.forEach(({ props, geometry }, i) => {
    const cells: Record<string, unknown> = {}
    names.forEach((k, j) => {
      const v = props[k]
      cells[headers[j]!] =
        v instanceof Date
          ? Number.isNaN(v.getTime())
            ? undefined
            : v.toISOString().slice(0, 10)
          : v
    })
    const row: TableRow = { row: i + 1, cells, position: null }
    if (geometry === null) {
      // A null shape: no position, reported as such.
    } else if (geometry.type === 'Point' && Array.isArray(geometry.coordinates)) {
      row.position = { lon: geometry.coordinates[0], lat: geometry.coordinates[1] }
    } else {
      row.geometryProblem = `the geometry is a ${String(geometry.type)}; facilities are Points`
    }
    rows.push(row)
  })
  if (rows.length === 0)
    return { ...failedTable('shapefile', 'no_rows', 'the Shapefile has no features'), notes }
  return { format: 'shapefile', encoding, headers, rows, notes, issues: [] }
}
