import { SaxesParser } from 'saxes'
import { InputError } from '../io/input-issue.ts'
import type { NetworkReport } from './build-walk-graph.ts'
import { OsmCollector } from './osm-network.ts'
import type { WalkGraph } from './walk-graph.ts'

/**
 * Reads a walking network from OSM XML (`.osm`, as Overpass or JOSM write it) with a streaming
 * XML parser; only `node` positions and `way` node lists and tags are used. Throws
 * {@link InputError} naming the line for malformed XML.
 * @example importOsmXml('<osm>…</osm>', { source: 'area.osm' }).report.kept.nodes
 */
export function importOsmXml(
  text: string,
  options: { source?: string } = {},
): { graph: WalkGraph; report: NetworkReport } {
  const source = options.source ?? 'OSM XML'
  const osm = new OsmCollector()
  const parser = new SaxesParser({ position: true })
  let way: { id: number; refs: number[]; tags: Record<string, string> } | null = null
  let sawOsm = false
  parser.on('opentag', (tag) => {
    const a = tag.attributes as Record<string, string>
    switch (tag.name) {
      case 'osm':
        sawOsm = true
        break
      case 'node':
        osm.addNode(Number(a.id), Number(a.lon), Number(a.lat))
        break
      case 'way':
        way = { id: Number(a.id), refs: [], tags: {} }
        break
      case 'nd':
        if (way) way.refs.push(Number(a.ref))
        break
      case 'tag':
        if (way && a.k !== undefined) way.tags[a.k] = a.v ?? ''
        break
    }
  })
  parser.on('closetag', (tag) => {
    if (tag.name === 'way' && way) {
      osm.addWay(way.id, way.refs, way.tags)
      way = null
    }
  })
  try {
    parser.write(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).close()
  } catch (e) {
    throw new InputError([
      {
        source,
        where: `line ${parser.line}`,
        field: 'file',
        message: `not well-formed OSM XML (${(e as Error).message})`,
        severity: 'error',
      },
    ])
  }
  if (!sawOsm) {
    throw new InputError([
      { source, where: 'file', field: 'osm', message: 'no <osm> root element', severity: 'error' },
    ])
  }
  return osm.build(source)
}
