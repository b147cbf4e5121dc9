import { describe, expect, it } from 'vitest'
import { EdgeSnapper } from './edge-snapper.ts'
import { testNetwork } from './test-network.ts'
import { haversineM } from './walk-graph.ts'

// An L: (0,0) → (300,0) → (300,300), plus a spur (300,0) → (400,0) making (300,0) a junction.
const { graph, toLngLat } = testNetwork([
  [
    [0, 0],
    [100, 0],
    [300, 0],
    [300, 300],
  ],
  [
    [300, 0],
    [400, 0],
  ],
])
const snapper = new EdgeSnapper(graph)

describe('EdgeSnapper', () => {
  it('snaps to the perpendicular foot on a segment, not to the nearest vertex or node', () => {
    const [lon, lat] = toLngLat(160, 40)
    const s = snapper.snap(lon, lat)!
    expect(s.connector).toBeCloseTo(40, 1)
    const [fx, fy] = toLngLat(160, 0)
    expect(haversineM(s.lngLat[0], s.lngLat[1], fx, fy)).toBeLessThan(0.01)
    // Offset along the edge from its `from` node: 160 m from (0,0), or 140 m from (300,0).
    const from = graph.edgeFrom[s.edge]!
    const fromX = Math.abs(graph.nodeLngLat[2 * from]! - toLngLat(0, 0)[0]) < 1e-9 ? 0 : 300
    expect(s.offset).toBeCloseTo(fromX === 0 ? 160 : 140, 1)
    expect(graph.edgeLength[s.edge]).toBeCloseTo(300, 1)
  })

  it('beyond an edge end snaps to the end; on the far side of the corner to the second leg', () => {
    const [lon, lat] = toLngLat(-30, -40)
    const s = snapper.snap(lon, lat)!
    expect(s.connector).toBeCloseTo(50, 1)
    const corner = snapper.snap(...toLngLat(290, 150))!
    expect(corner.connector).toBeCloseTo(10, 1)
    expect(graph.edgeLength[corner.edge]).toBeCloseTo(300, 1)
  })

  it('leaves a point farther than the maximum snap distance unlinked', () => {
    // 255 m from the first leg's end, 350 m from the second leg.
    expect(snapper.snap(...toLngLat(-50, 250))).toBeNull()
    // 158 m from the first leg's end: linked at the default 200 m, not at 100 m.
    expect(snapper.snap(...toLngLat(-50, 150))?.connector).toBeCloseTo(158.1, 0)
    expect(snapper.snap(...toLngLat(-50, 150), 100)).toBeNull()
    const links = snapper.link([...toLngLat(-50, 150), ...toLngLat(-500, -500)])
    expect([...links.edge].map((e) => e >= 0)).toEqual([true, false])
    expect(Number.isNaN(links.connector[1])).toBe(true)
  })
})
