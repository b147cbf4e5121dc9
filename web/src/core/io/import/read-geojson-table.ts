import { decodeText } from './decode-text.ts'
import { failedTable, uniqueHeaders, type ImportTable, type TableRow } from './import-table.ts'

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** A property value as a cell: scalars as they are, anything nested as its JSON text. */
function cell(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v
  try {
    return JSON.stringify(v)
  } catch {
    return undefined
  }
}

/** The position of a Point (or a MultiPoint of one point), or why there is none. */
function positionOf(geometry: unknown): Pick<TableRow, 'position' | 'geometryProblem'> {
  if (geometry === null || geometry === undefined) return { position: null }
  if (!isObject(geometry))
    return { position: null, geometryProblem: 'the geometry is not an object' }
  let coords: unknown = geometry.coordinates
  if (geometry.type === 'MultiPoint' && Array.isArray(coords) && coords.length === 1)
    coords = coords[0]
  else if (geometry.type !== 'Point') {
    return {
      position: null,
      geometryProblem: `the geometry is a ${typeof geometry.type === 'string' ? geometry.type.slice(0, 40) : 'non-GeoJSON object'}; facilities are Points`,
    }
  }
  if (!Array.isArray(coords) || coords.length < 2) {
    return { position: null, geometryProblem: 'the Point has no [longitude, latitude] pair' }
  }
  // A third value (height) is allowed and ignored.
  return { position: { lon: coords[0], lat: coords[1] } }
}

/**
 * Reads a GeoJSON FeatureCollection (or one Feature) of Points: properties become columns
 * (every key seen, in order of first appearance), the Point its position; features are numbered
 * from 1. Other geometry types are reported per feature, never flattened silently.
 * @example readGeoJsonTable(bytes).rows[0].position // { lon: 121.5, lat: 25.0 }
 */
export function readGeoJsonTable(bytes: Uint8Array): ImportTable {
  const decoded = decodeText(bytes)
  if (!decoded.ok) return failedTable('geojson', decoded.code, decoded.message)
  let data: unknown
  try {
    data = JSON.parse(decoded.text)
  } catch (e) {
    return failedTable(
      'geojson',
      'file_unreadable',
      `not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
      decoded.encoding,
    )
  }
  let features: unknown[]
  if (isObject(data) && data.type === 'FeatureCollection' && Array.isArray(data.features))
    features = data.features
  else if (isObject(data) && data.type === 'Feature') features = [data]
  else {
    return failedTable(
      'geojson',
      'file_format',
      'not a GeoJSON FeatureCollection or Feature (no "type": "FeatureCollection" with a "features" array)',
      decoded.encoding,
    )
  }
  if (features.length === 0)
    return failedTable(
      'geojson',
      'no_rows',
      'the FeatureCollection has no features',
      decoded.encoding,
    )
  const keys = new Set<string>()
  for (const f of features) {
    if (isObject(f) && isObject(f.properties))
      for (const k of Object.keys(f.properties)) keys.add(k)
  }
  const names = [...keys]
  const headers = uniqueHeaders(names)
  const rows: TableRow[] = features.map((f, i) => {
    const row = i + 1
    if (!isObject(f) || f.type !== 'Feature') {
      return { row, cells: {}, position: null, notARecord: 'not a GeoJSON Feature' }
    }
    const props = isObject(f.properties) ? f.properties : {}
    const cells: Record<string, unknown> = {}
    names.forEach((k, j) => {
      cells[headers[j]!] = cell(props[k])
    })
    return { row, cells, ...positionOf(f.geometry) }
  })
  // GeoJSON of 2008 could name its CRS; RFC 7946 dropped that and says WGS-84. Say what it named.
  const notes: string[] = []
  const crs =
    isObject(data) && isObject(data.crs) && isObject(data.crs.properties)
      ? data.crs.properties.name
      : undefined
  if (typeof crs === 'string') {
    notes.push(
      `the file names the coordinate system "${crs.slice(0, 80)}"; positions are read as longitude/latitude in the chosen system (WGS-84 unless told otherwise)`,
    )
  }
  return { format: 'geojson', encoding: decoded.encoding, headers, rows, notes, issues: [] }
}
