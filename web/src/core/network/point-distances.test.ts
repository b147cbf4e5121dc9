import { describe, expect, it } from 'vitest'
import { EdgeSnapper } from './edge-snapper.ts'
import { pointDistances } from './point-distances.ts'
import { testNetwork } from './test-network.ts'
import { haversineM } from './walk-graph.ts'

describe('pointDistances', () => {
  const { graph, toLngLat } = testNetwork([
    [
      [0, 0],
      [300, 0],
      [300, 300],
    ],
  ])
  const snapper = new EdgeSnapper(graph)

  it('gives walking and straight-line distances per point and category, and marks unlinked points', () => {
    const points = [
      { id: 'a', lngLat: toLngLat(50, 10) },
      { id: 'far', lngLat: toLngLat(-400, 0) },
    ]
    const store = toLngLat(310, 250)
    // A canteen off the network: unlinked, so it counts for the straight line only.
    const canteen = toLngLat(50, 600)
    const rows = pointDistances(
      snapper,
      points,
      new Map([
        ['store', [store]],
        ['canteen', [canteen]],
      ]),
    )
    expect(rows.map((r) => [r.point_id, r.category, r.linked])).toEqual([
      ['a', 'store', true],
      ['a', 'canteen', true],
      ['far', 'store', false],
      ['far', 'canteen', false],
    ])
    expect(rows[0]!.network_m).toBeCloseTo(10 + 250 + 250 + 10, 0)
    expect(rows[0]!.straight_m).toBeCloseTo(haversineM(...points[0]!.lngLat, ...store), 6)
    expect(rows[1]!.network_m).toBeNull()
    expect(rows[1]!.straight_m).toBeCloseTo(590, 0)
    expect(rows[2]!.network_m).toBeNull()
    expect(rows[2]!.straight_m).toBeGreaterThan(700)
  })

  it('finds the straight-line nearest among many facilities as a brute force does', () => {
    const fs = Array.from({ length: 200 }, (_, i) =>
      toLngLat(((i * 37) % 500) - 100, ((i * 91) % 700) - 200),
    )
    const pts = Array.from({ length: 50 }, (_, i) => ({
      id: `p${i}`,
      lngLat: toLngLat((i * 53) % 400, (i * 29) % 400),
    }))
    const rows = pointDistances(snapper, pts, new Map([['x', fs]]))
    rows.forEach((r, i) => {
      const want = Math.min(...fs.map((f) => haversineM(...pts[i]!.lngLat, ...f)))
      expect(r.straight_m).toBe(want)
    })
  })
})
