import { gunzipSync, strFromU8 } from 'fflate'
import { InputError } from '../io/input-issue.ts'
import type { NetworkReport } from './build-walk-graph.ts'
import { importGeoJsonNetwork } from './import-geojson-network.ts'
import { importOsmPbf } from './import-osm-pbf.ts'
import { importOsmXml } from './import-osm-xml.ts'
import type { WalkGraph } from './walk-graph.ts'

/** The formats a walking network is read from. */
export type NetworkFormat = 'geojson' | 'osm-xml' | 'osm-pbf'

/**
 * Which format the bytes are, by content (gzip is unwrapped first): `<` starts OSM XML, `{`
 * GeoJSON, and a PBF file starts with a 4-byte length and an `OSMHeader` block header.
 * @example detectNetworkFormat(new TextEncoder().encode('<osm/>')) // 'osm-xml'
 */
export function detectNetworkFormat(bytes: Uint8Array): NetworkFormat | null {
  let i = 0
  // BOM and leading white space.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)
  )
    i++
  if (bytes[i] === 0x3c) return 'osm-xml'
  if (bytes[i] === 0x7b) return 'geojson'
  const head = strFromU8(bytes.subarray(4, 32), true)
  if (head.includes('OSMHeader')) return 'osm-pbf'
  return null
}

/**
 * Reads a walking network from a file's bytes: OSM XML (`.osm`, `.osm.gz`), OSM PBF, or GeoJSON
 * lines, gzip-compressed or not, told apart by content. Throws {@link InputError} naming the
 * file for anything else.
 * @example importNetwork(bytes, { source: 'daan.geojson' }).report
 */
export function importNetwork(
  bytes: Uint8Array,
  options: { source?: string } = {},
): { graph: WalkGraph; report: NetworkReport; format: NetworkFormat } {
  const source = options.source ?? 'network'
  let data = bytes
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      data = gunzipSync(bytes)
    } catch (e) {
      throw new InputError([
        {
          source,
          where: 'file',
          field: 'file',
          message: `a damaged gzip file (${(e as Error).message})`,
          severity: 'error',
        },
      ])
    }
  }
  const format = detectNetworkFormat(data)
  if (format === 'osm-pbf') return { ...importOsmPbf(data, { source }), format }
  if (format === 'osm-xml') return { ...importOsmXml(strFromU8(data), { source }), format }
  if (format === 'geojson') return { ...importGeoJsonNetwork(strFromU8(data), { source }), format }
  throw new InputError([
    {
      source,
      where: 'file',
      field: 'file',
      message: 'not a walking network: expected OSM XML, OSM PBF or GeoJSON lines (gzip allowed)',
      severity: 'error',
    },
  ])
}
