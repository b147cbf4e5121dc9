import { describe, expect, it } from 'vitest'
import { catchInputError } from '../io/input-issue.ts'
import { importGeoJsonNetwork } from './import-geojson-network.ts'
import { testNetwork } from './test-network.ts'

const fc = (features: unknown[]): string => JSON.stringify({ type: 'FeatureCollection', features })
const line = (coordinates: number[][], properties: Record<string, unknown> = {}): unknown => ({
  type: 'Feature',
  properties,
  geometry: { type: 'LineString', coordinates },
})

describe('importGeoJsonNetwork: the junction rule', () => {
  it('two lines sharing a middle vertex meet there (a node of degree 4)', () => {
    const { graph } = importGeoJsonNetwork(
      fc([
        line([
          [121.5, 25],
          [121.501, 25],
          [121.502, 25],
        ]),
        line([
          [121.501, 24.999],
          [121.501, 25],
          [121.501, 25.001],
        ]),
      ]),
    )
    expect(graph.nodeCount).toBe(5)
    expect(graph.edgeCount).toBe(4)
    const degrees = Array.from(
      { length: graph.nodeCount },
      (_, i) => graph.adjStart[i + 1]! - graph.adjStart[i]!,
    )
    expect(degrees.sort()).toEqual([1, 1, 1, 1, 4])
  })

  it('a line passing one vertex twice makes a junction there (a loop and a tail)', () => {
    // A "lollipop": out to (2,0), round a square and back through (2,0), on to (4,0).
    const { graph } = importGeoJsonNetwork(
      fc([
        line([
          [121.5, 25],
          [121.502, 25],
          [121.502, 25.002],
          [121.504, 25.002],
          [121.504, 25.0],
          [121.502, 25],
          [121.502, 24.998],
        ]),
      ]),
    )
    // Nodes: both ends and the vertex visited twice; edges: the tail in, the loop, the tail out.
    expect(graph.nodeCount).toBe(3)
    expect(graph.edgeCount).toBe(3)
    const loop = [...graph.edgeFrom.keys()].filter((e) => graph.edgeFrom[e] === graph.edgeTo[e])
    expect(loop).toHaveLength(1)
  })

  it('lines that cross without a shared vertex do not meet (a bridge), so one side is dropped', () => {
    const { graph, report } = importGeoJsonNetwork(
      fc([
        line([
          [121.5, 25],
          [121.502, 25],
        ]),
        line([
          [121.501, 24.9995],
          [121.501, 25.0005],
        ]),
      ]),
    )
    expect(report.components).toBe(2)
    expect(graph.edgeCount).toBe(1)
    expect(report.droppedComponents.edges).toBe(1)
    expect(report.droppedComponents.lengthM).toBeCloseTo(111.2, 0)
  })

  it('merges vertices closer than mergeM (≤ 0.5 m) when asked, and refuses more', () => {
    const text = fc([
      line([
        [121.5, 25],
        [121.501, 25],
      ]),
      line([
        [121.501000003, 25.000000002],
        [121.501, 25.001],
      ]),
    ])
    expect(importGeoJsonNetwork(text).report.components).toBe(2)
    const merged = importGeoJsonNetwork(text, { mergeM: 0.5 })
    expect(merged.report.components).toBe(1)
    expect(merged.graph.nodeCount).toBe(3)
    expect(catchInputError(() => importGeoJsonNetwork(text, { mergeM: 1 }))?.message).toMatch(
      /at most 0.5 m/,
    )
  })

  it('applies the walkable filter to OSM-like properties and costs steps double', () => {
    const { graph, report } = testNetworkWithProps()
    expect(report.filtered['foot=no']).toEqual({ ways: 1, lengthM: expect.closeTo(100, 0) })
    expect(report.filtered['motorway or trunk without sidewalk']?.ways).toBe(1)
    const steps = [...graph.edgeCost].filter((c, e) => c > graph.edgeLength[e]! * 1.5)
    expect(steps).toHaveLength(1)
  })

  it('skips non-line features and bad lines with a message naming the feature; no line at all is an error', () => {
    const { report } = importGeoJsonNetwork(
      fc([
        line([
          [121.5, 25],
          [121.501, 25],
        ]),
        { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [121.5, 25] } },
        line([[121.5, 25]]),
      ]),
      { source: 'streets.geojson' },
    )
    expect(report.issues.map((i) => `${i.where}: ${i.message}`)).toEqual([
      'feature 1: expected a LineString or MultiLineString, found "Point"; skipped',
      'feature 2: a line needs at least two [longitude, latitude] positions in range; skipped',
    ])
    const err = catchInputError(() => importGeoJsonNetwork(fc([]), { source: 'empty.geojson' }))
    expect(err?.message).toMatch(/^empty.geojson file, field "geometry": no walkable/)
  })

  it('reads MultiLineStrings as separate lines that meet where they share vertices', () => {
    const { graph } = importGeoJsonNetwork(
      fc([
        {
          type: 'Feature',
          properties: {},
          geometry: {
            type: 'MultiLineString',
            coordinates: [
              [
                [121.5, 25],
                [121.501, 25],
              ],
              [
                [121.501, 25],
                [121.501, 25.001],
              ],
            ],
          },
        },
      ]),
    )
    expect(graph.nodeCount).toBe(3)
    expect(graph.edgeCount).toBe(2)
  })
})

function testNetworkWithProps(): ReturnType<typeof importGeoJsonNetwork> {
  const { toLngLat } = testNetwork([
    [
      [0, 0],
      [1, 0],
    ],
  ])
  const l = (pts: [number, number][], p: Record<string, unknown>): unknown =>
    line(
      pts.map(([x, y]) => toLngLat(x, y)),
      p,
    )
  return importGeoJsonNetwork(
    fc([
      l(
        [
          [0, 0],
          [100, 0],
        ],
        { highway: 'residential' },
      ),
      l(
        [
          [100, 0],
          [100, 100],
        ],
        { highway: 'steps' },
      ),
      l(
        [
          [0, 0],
          [0, 100],
        ],
        { highway: 'footway', foot: 'no' },
      ),
      l(
        [
          [100, 100],
          [200, 100],
        ],
        { highway: 'motorway' },
      ),
      l(
        [
          [100, 0],
          [200, 0],
        ],
        { highway: 'trunk', sidewalk: 'both' },
      ),
    ]),
  )
}
