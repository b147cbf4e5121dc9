import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { importNetwork } from '../../web/src/core/network/import-network.ts'
import { TAIPEI_DIR } from './taipei-loader.ts'

// Real OSM extracts (© OpenStreetMap contributors, ODbL 1.0), read in place from ../shared/data.
// No skipping: without the data this suite fails and says where the data should be.
const ZHUBEI = join(resolve(TAIPEI_DIR, '..'), 'zhubei', 'zhubei_osm_bbox.osm.xml')
const ARTERIALS = join(TAIPEI_DIR, 'network', 'central_arterials.osm.xml.gz')

function need(file: string): Uint8Array {
  if (!existsSync(file)) {
    throw new Error(
      `${file} is missing: the real data lives beside the checkout in ../shared/data (see its README)`,
    )
  }
  return new Uint8Array(readFileSync(file))
}

describe('OSM XML extracts import', () => {
  it('Zhubei: keeps a large connected component and reports what the filter dropped', () => {
    const { graph, report } = importNetwork(need(ZHUBEI), { source: 'zhubei_osm_bbox.osm.xml' })
    console.log(
      `Zhubei: ${report.waysRead} highway ways, ${report.waysWalkable} walkable → ${graph.nodeCount} nodes, ${graph.edgeCount} edges, ${(report.kept.lengthM / 1000).toFixed(1)} km; ${report.components} components (dropped ${report.droppedComponents.edges} edges, ${(report.droppedComponents.lengthM / 1000).toFixed(1)} km); filtered: ${JSON.stringify(Object.fromEntries(Object.entries(report.filtered).map(([k, v]) => [k, `${v.ways} ways / ${(v.lengthM / 1000).toFixed(1)} km`])))}`,
    )
    expect(graph.nodeCount).toBeGreaterThan(800)
    expect(report.kept.lengthM).toBeGreaterThan(100_000)
    expect(
      report.kept.lengthM / (report.kept.lengthM + report.droppedComponents.lengthM),
    ).toBeGreaterThan(0.9)
    expect(report.filtered['motorway or trunk without sidewalk']?.ways).toBeGreaterThan(0)
  })

  it('central Taipei arterials (.osm.xml.gz): motorways without sidewalks and foot=no roads are dropped', () => {
    const { graph, report, format } = importNetwork(need(ARTERIALS), {
      source: 'central_arterials.osm.xml.gz',
    })
    expect(format).toBe('osm-xml')
    expect(report.waysRead).toBe(4260)
    expect(report.filtered['motorway or trunk without sidewalk']!.ways).toBeGreaterThan(100)
    expect(report.filtered['foot=no']!.ways).toBeGreaterThan(0)
    expect(graph.edgeCount).toBeGreaterThan(3000)
  })
})
