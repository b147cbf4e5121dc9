import { readFileSync } from 'node:fs'
import { gzipSync, strToU8 } from 'fflate'
import { describe, expect, it } from 'vitest'
import { writeOsmPbf } from '../../../../tests/fixtures/network/osm-pbf-writer.ts'
import { catchInputError } from '../io/input-issue.ts'
import { importNetwork } from './import-network.ts'
import { importOsmXml } from './import-osm-xml.ts'

const fixture = readFileSync(
  new URL('../../../../tests/fixtures/network/small.osm', import.meta.url),
  'utf8',
)

describe('importOsmXml', () => {
  const { graph, report } = importOsmXml(fixture, { source: 'small.osm' })

  it('keeps walkable ways, drops motorways, private and foot=no ways, and reports each', () => {
    expect(report.waysRead).toBe(8) // the building is not a highway
    expect(report.waysWalkable).toBe(5)
    expect(Object.keys(report.filtered).sort()).toEqual([
      'access=private',
      'foot=no',
      'motorway or trunk without sidewalk',
    ])
    expect(report.filtered['motorway or trunk without sidewalk']?.lengthM).toBeCloseTo(201.8, 0)
  })

  it('joins ways at shared node ids, mid-way too, and keeps the largest component', () => {
    // Kept: 1-2-3 (split at 2), 2-4-5, 5-6 (steps), 3-6: nodes 1, 2, 3, 5, 6.
    expect(graph.nodeCount).toBe(5)
    expect(graph.edgeCount).toBe(5)
    expect(report.components).toBe(2)
    expect(report.droppedComponents).toEqual({
      nodes: 2,
      edges: 1,
      lengthM: expect.closeTo(100.9, 0),
    })
    const steps = [...graph.edgeCost].filter((c, e) => c === 2 * graph.edgeLength[e]!)
    expect(steps).toHaveLength(1)
  })

  it('keeps the present part of a way clipped at the file edge and says so', () => {
    expect(report.issues.map((i) => i.message)).toEqual([
      '1 ways reference 1 nodes not in the file (a clipped extract); their present parts were kept',
    ])
  })

  it('names the line of malformed XML', () => {
    const err = catchInputError(() =>
      importOsmXml('<osm>\n<node id="1" lat="1"\n</osm>', { source: 'bad.osm' }),
    )
    expect(err?.message).toMatch(/^bad.osm line \d+, field "file": not well-formed OSM XML/)
  })
})

describe('importNetwork: formats told apart by content', () => {
  it('reads gzip-compressed OSM XML like the plain file', () => {
    const plain = importNetwork(strToU8(fixture), { source: 'small.osm' })
    const gz = importNetwork(gzipSync(strToU8(fixture)), { source: 'small.osm.gz' })
    expect(gz.format).toBe('osm-xml')
    expect(gz.graph).toEqual(plain.graph)
  })

  it('reads OSM PBF (zlib blocks) to the same graph as the same data in XML', () => {
    const nodes = [...fixture.matchAll(/<node id="(\d+)" lat="([\d.]+)" lon="([\d.]+)"/g)].map(
      (m) => ({
        id: Number(m[1]),
        lat: Number(m[2]),
        lon: Number(m[3]),
      }),
    )
    const ways = [...fixture.matchAll(/<way id="(\d+)">(.*?)<\/way>/g)].map((m) => ({
      id: Number(m[1]),
      refs: [...m[2]!.matchAll(/ref="(\d+)"/g)].map((r) => Number(r[1])),
      tags: Object.fromEntries(
        [...m[2]!.matchAll(/k="([^"]+)" v="([^"]+)"/g)].map((t) => [t[1]!, t[2]!]),
      ),
    }))
    expect(ways).toHaveLength(9)
    const pbf = importNetwork(writeOsmPbf(nodes, ways), { source: 'small.osm.pbf' })
    expect(pbf.format).toBe('osm-pbf')
    const xml = importOsmXml(fixture)
    expect(pbf.graph.edgeCount).toBe(xml.graph.edgeCount)
    expect(pbf.graph.nodeCount).toBe(xml.graph.nodeCount)
    for (let i = 0; i < xml.graph.edgeCount; i++) {
      expect(pbf.graph.edgeLength[i]).toBeCloseTo(xml.graph.edgeLength[i]!, 6)
    }
    expect(pbf.report.filtered).toEqual(xml.report.filtered)
  })

  it('rejects what is none of them, naming the file', () => {
    expect(
      catchInputError(() => importNetwork(strToU8('lon,lat\n1,2'), { source: 'x.csv' }))?.message,
    ).toMatch(/^x.csv file, field "file": not a walking network/)
  })
})
