// tiny-osmpbf ships no types: the reference brings our declaration into every program (app, Node
// scripts, tests) that imports this file, whatever its tsconfig includes.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./tiny-osmpbf.d.ts" />
import tinyOsmPbf from 'tiny-osmpbf'
import { InputError } from '../io/input-issue.ts'
import type { NetworkReport } from './build-walk-graph.ts'
import { OsmCollector } from './osm-network.ts'
import type { WalkGraph } from './walk-graph.ts'

/**
 * Reads a walking network from an OSM PBF file (`.osm.pbf`) with tiny-osmpbf. The parser
 * decodes its string tables with Node's `Buffer`, so this runs in Node (the CLI, tests); in a
 * browser without a `Buffer` it throws a clear error (convert to `.osm` XML there).
 * @example importOsmPbf(bytes, { source: 'area.osm.pbf' }).report.kept.edges
 */
export function importOsmPbf(
  bytes: Uint8Array,
  options: { source?: string } = {},
): { graph: WalkGraph; report: NetworkReport } {
  const source = options.source ?? 'OSM PBF'
  const fail = (message: string): never => {
    throw new InputError([{ source, where: 'file', field: 'file', message, severity: 'error' }])
  }
  if (!(globalThis as { Buffer?: unknown }).Buffer) {
    fail('OSM PBF can only be read in Node here; convert the file to .osm XML (e.g. with osmium)')
  }
  // An exact ArrayBuffer: the parser makes a view of `input.buffer` per block, which for a
  // Uint8Array over a larger buffer would read the wrong bytes (and copy the file each time).
  const exact =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? (bytes.buffer as ArrayBuffer)
      : (bytes.slice().buffer as ArrayBuffer)
  // The parser assigns an undeclared `pbf` (sloppy-mode CommonJS); bundled into an ES module
  // (strict, as the CLI's build and Vite make it) that throws unless the global exists.
  const g = globalThis as { pbf?: unknown }
  if (!('pbf' in g)) g.pbf = undefined
  const osm = new OsmCollector()
  try {
    tinyOsmPbf(exact, (el) => {
      if (el.type === 'node' && el.lon !== undefined && el.lat !== undefined) {
        osm.addNode(el.id, el.lon, el.lat)
      } else if (el.type === 'way' && el.nodes) {
        osm.addWay(el.id, el.nodes, el.tags ?? {})
      }
    })
  } catch (e) {
    fail(`not a readable OSM PBF file (${(e as Error).message})`)
  }
  return osm.build(source)
}
