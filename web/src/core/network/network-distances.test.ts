import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EdgeSnapper, type PointLinks } from './edge-snapper.ts'
import { multiSourceDijkstra } from './multi-source-dijkstra.ts'
import { edgeFactor, nearestByNetwork } from './network-distances.ts'
import { testNetwork } from './test-network.ts'
import { haversineM, type WalkGraph } from './walk-graph.ts'

describe('nearestByNetwork: the walking-distance convention on a hand-made network', () => {
  // An L (0,0) → (100,0) → (300,0) → (300,300) and a spur (300,0) → (400,0), as steps when asked.
  const build = (spur: Record<string, unknown> = {}) =>
    testNetwork(
      [
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
      ],
      [{}, spur],
    )
  const run = (spur: Record<string, unknown>, points: [number, number][]): number[] => {
    const { graph, toLngLat } = build(spur)
    const snapper = new EdgeSnapper(graph)
    const fac = snapper.link(toLngLat(100, 30))
    const pts = snapper.link(points.flatMap(([x, y]) => toLngLat(x, y)))
    return [...nearestByNetwork(graph, pts, fac).distance]
  }

  it('adds connector + partial edges + connector (same edge, around a corner, up a spur)', () => {
    const [same, corner, spur, far] = run({}, [
      [250, -20],
      [310, 200],
      [380, 5],
      [-20, 0],
    ])
    expect(same).toBeCloseTo(20 + 150 + 30, 0)
    expect(corner).toBeCloseTo(10 + 200 + 200 + 30, 0)
    expect(spur).toBeCloseTo(5 + 80 + 200 + 30, 0)
    expect(far).toBeCloseTo(20 + 100 + 30, 0)
  })

  it('weights along-edge metres on steps by their cost factor, not the connectors', () => {
    const [spur] = run({ highway: 'steps' }, [[380, 5]])
    expect(spur).toBeCloseTo(5 + 80 * 2 + 200 + 30, 0)
  })

  it('an unlinked point gets NaN and an unreachable one Infinity', () => {
    const { graph, toLngLat } = build()
    const snapper = new EdgeSnapper(graph)
    const none = snapper.link([])
    const pts = snapper.link([...toLngLat(50, 10), ...toLngLat(50, 900)])
    const r = nearestByNetwork(graph, pts, none)
    expect(r.distance[0]).toBe(Infinity)
    expect(r.distance[1]).toBeNaN()
    expect([...r.facility]).toEqual([-1, -1])
  })
})

/** Random lattice walks (50 m steps, diagonals allowed): lines share and revisit vertices. */
const networkArb = fc.array(
  fc.tuple(
    fc.integer({ min: 0, max: 8 }),
    fc.integer({ min: 0, max: 8 }),
    fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 8 }),
  ),
  { minLength: 1, maxLength: 14 },
)
const STEP: [number, number][] = [
  [1, 0],
  [1, 1],
  [0, 1],
  [-1, 1],
  [-1, 0],
  [-1, -1],
  [0, -1],
  [1, -1],
]
const pointArb = fc.tuple(
  fc.double({ min: -100, max: 500, noNaN: true }),
  fc.double({ min: -100, max: 500, noNaN: true }),
)

function lines(walks: [number, number, number[]][]): [number, number][][] {
  return walks.map(([x0, y0, steps]) => {
    const pts: [number, number][] = [[x0 * 50, y0 * 50]]
    let x = x0
    let y = y0
    for (const s of steps) {
      x = Math.min(8, Math.max(0, x + STEP[s]![0]))
      y = Math.min(8, Math.max(0, y + STEP[s]![1]))
      pts.push([x * 50, y * 50])
    }
    return pts
  })
}

/** Brute force: every facility on its own, every pair of edge ends, plus the same-edge walk. */
function bruteForce(graph: WalkGraph, p: PointLinks, i: number, f: PointLinks): number {
  const ep = p.edge[i]!
  if (ep < 0) return NaN
  let best = Infinity
  for (let j = 0; j < f.edge.length; j++) {
    const ef = f.edge[j]!
    if (ef < 0) continue
    const fp = edgeFactor(graph, ep)
    const ff = edgeFactor(graph, ef)
    const ends = (e: number, off: number, k: number): [number, number][] => [
      [graph.edgeFrom[e]!, off * k],
      [graph.edgeTo[e]!, (graph.edgeLength[e]! - off) * k],
    ]
    for (const [a, ca] of ends(ef, f.offset[j]!, ff)) {
      const d = multiSourceDijkstra(
        graph,
        Int32Array.of(a),
        Float64Array.of(0),
        Int32Array.of(0),
      ).dist
      for (const [b, cb] of ends(ep, p.offset[i]!, fp)) {
        best = Math.min(best, p.connector[i]! + cb + d[b]! + ca + f.connector[j]!)
      }
    }
    if (ef === ep) {
      best = Math.min(
        best,
        p.connector[i]! + Math.abs(p.offset[i]! - f.offset[j]!) * fp + f.connector[j]!,
      )
    }
  }
  return best
}

describe('nearestByNetwork: properties on random networks (seed printed by the setup)', () => {
  it('equals a brute force over facilities one by one (1e-9 relative)', () => {
    fc.assert(
      fc.property(
        networkArb,
        fc.array(pointArb, { minLength: 1, maxLength: 5 }),
        fc.array(pointArb, { maxLength: 4 }),
        (walks, fs, ps) => {
          const { graph, toLngLat } = testNetwork(lines(walks))
          const snapper = new EdgeSnapper(graph)
          const f = snapper.link(fs.flatMap(([x, y]) => toLngLat(x, y)))
          const p = snapper.link(ps.flatMap(([x, y]) => toLngLat(x, y)))
          const got = nearestByNetwork(graph, p, f).distance
          for (let i = 0; i < ps.length; i++) {
            const want = bruteForce(graph, p, i, f)
            if (Number.isNaN(want)) expect(got[i]).toBeNaN()
            else if (want === Infinity) expect(got[i]).toBe(Infinity)
            else expect(Math.abs(got[i]! - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, want))
          }
        },
      ),
      { numRuns: 150 },
    )
  })

  it('network distance ≥ straight-line distance to the nearest facility (1e-6 relative), and adding a facility never increases any distance', () => {
    fc.assert(
      fc.property(
        networkArb,
        fc.array(pointArb, { minLength: 1, maxLength: 5 }),
        pointArb,
        fc.array(pointArb, { minLength: 1, maxLength: 12 }),
        (walks, fs, extra, ps) => {
          const { graph, toLngLat } = testNetwork(lines(walks))
          const snapper = new EdgeSnapper(graph)
          const fLngLat = fs.flatMap(([x, y]) => toLngLat(x, y))
          const pLngLat = ps.flatMap(([x, y]) => toLngLat(x, y))
          const p = snapper.link(pLngLat)
          const f = snapper.link(fLngLat)
          const before = nearestByNetwork(graph, p, f).distance
          const after = nearestByNetwork(
            graph,
            p,
            snapper.link([...fLngLat, ...toLngLat(...extra)]),
          ).distance
          for (let i = 0; i < ps.length; i++) {
            if (Number.isNaN(before[i]!)) continue
            let straight = Infinity
            for (let j = 0; j < fs.length; j++) {
              if (f.edge[j]! < 0) continue
              straight = Math.min(
                straight,
                haversineM(
                  pLngLat[2 * i]!,
                  pLngLat[2 * i + 1]!,
                  fLngLat[2 * j]!,
                  fLngLat[2 * j + 1]!,
                ),
              )
            }
            expect(before[i]!).toBeGreaterThanOrEqual(straight * (1 - 1e-6) - 1e-6)
            // Sums taken in another order may differ in the last bits: 1e-9 relative tolerance.
            expect(after[i]!).toBeLessThanOrEqual(before[i]! * (1 + 1e-9) + 1e-9)
          }
        },
      ),
      { numRuns: 150 },
    )
  })
})
