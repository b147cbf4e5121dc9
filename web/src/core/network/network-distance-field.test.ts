import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { stereographicPlane, unprojectStereographic } from '../geo/stereographic.ts'
import { cellCentre, type FieldSeeds } from '../coverage/grid/distance-field.ts'
import { seedsByY, type SparseCells } from '../coverage/grid/nearest-seeds.ts'
import { EdgeSnapper } from './edge-snapper.ts'
import { nearestByNetwork } from './network-distances.ts'
import { networkFieldFactory } from './network-distance-field.ts'
import { testNetwork } from './test-network.ts'
import { haversineM } from './walk-graph.ts'

// Plane centred where testNetwork puts its origin; cells cover −100 … 500 m each way, with a hole.
const plane = stereographicPlane(121.5, 25)
function cells(): SparseCells {
  const grid = { ox: -100, oy: -100, cell: 20, width: 30, height: 30 }
  const col: number[] = []
  const rowStart = [0]
  for (let r = 0; r < grid.height; r++) {
    for (let c = 0; c < grid.width; c++) if (!(r > 10 && r < 15 && c > 10 && c < 20)) col.push(c)
    rowStart.push(col.length)
  }
  return { grid, col: Int32Array.from(col), rowStart: Int32Array.from(rowStart) }
}
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
const walksArb = fc.array(
  fc.tuple(
    fc.integer({ min: 0, max: 8 }),
    fc.integer({ min: 0, max: 8 }),
    fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 8 }),
  ),
  { minLength: 1, maxLength: 14 },
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
function seedsOf(points: [number, number][], active: number[]): FieldSeeds {
  const s = {
    x: Float64Array.from(points, (p) => p[0]),
    y: Float64Array.from(points, (p) => p[1]),
    active: Uint8Array.from(active),
    count: points.length,
  }
  return { ...s, byY: seedsByY(s) }
}
const ptArb = fc.tuple(fc.integer({ min: -150, max: 550 }), fc.integer({ min: -150, max: 550 }))

describe('network distance field', () => {
  it('gives each cell the walking distance of nearestByNetwork from its centre, and ≥ the straight line', () => {
    fc.assert(
      fc.property(walksArb, fc.array(ptArb, { minLength: 1, maxLength: 6 }), (walks, pts) => {
        const { graph } = testNetwork(lines(walks))
        const ctx = { plane, cells: cells(), category: 'k' }
        const field = networkFieldFactory(graph)(ctx)
        const seeds = seedsOf(
          pts,
          pts.map(() => 1),
        )
        field.build(seeds)
        expect(field.kind).toBe('network')
        expect(field.reachIsDisc).toBe(false)
        const snapper = new EdgeSnapper(graph)
        const fLngLat = pts.flatMap(([x, y]) => unprojectStereographic(plane, x, y))
        const m = ctx.cells.col.length
        const cLngLat: number[] = []
        const xy = new Float64Array(2)
        for (let k = 0; k < m; k++) {
          cellCentre(ctx.cells, k, -1, xy)
          cLngLat.push(...unprojectStereographic(plane, xy[0]!, xy[1]!))
        }
        const want = nearestByNetwork(graph, snapper.link(cLngLat), snapper.link(fLngLat)).distance
        for (let k = 0; k < m; k++) {
          const w = Number.isNaN(want[k]!) ? Infinity : want[k]!
          expect(field.dist[k]).toBe(Math.fround(w))
          let straight = Infinity
          for (let j = 0; j < pts.length; j++) {
            straight = Math.min(
              straight,
              haversineM(
                cLngLat[2 * k]!,
                cLngLat[2 * k + 1]!,
                fLngLat[2 * j]!,
                fLngLat[2 * j + 1]!,
              ),
            )
          }
          // Float32 storage: 1e-6 relative covers its rounding.
          expect(field.dist[k]!).toBeGreaterThanOrEqual(straight * (1 - 1e-6))
        }
      }),
      { numRuns: 25 },
    )
  })

  it('equals a fresh build bit for bit after any adds and removes, changes only cells inside the box it returns, adds never raise and removes never lower a distance', () => {
    fc.assert(
      fc.property(
        walksArb,
        fc.array(ptArb, { minLength: 1, maxLength: 8 }),
        fc.array(fc.tuple(fc.boolean(), fc.nat(), ptArb), { maxLength: 12 }),
        (walks, initial, edits) => {
          const { graph } = testNetwork(lines(walks))
          const factory = networkFieldFactory(graph)
          const ctx = { plane, cells: cells(), category: 'k' }
          const pts = initial.map(([x, y]) => [x, y] as [number, number])
          const active = pts.map(() => 1)
          const field = factory(ctx)
          field.build(seedsOf(pts, active))
          const xy = new Float64Array(2)
          for (const [add, pick, [x, y]] of edits) {
            const live = active.flatMap((a, j) => (a === 1 ? [j] : []))
            const old = field.dist.slice()
            let box
            if (add || live.length === 0) {
              pts.push([x, y])
              active.push(1)
              box = field.add(seedsOf(pts, active), pts.length - 1)
            } else {
              const j = live[pick % live.length]!
              active[j] = 0
              box = field.remove(seedsOf(pts, active), j)
            }
            for (let k = 0; k < old.length; k++) {
              if (Object.is(old[k], field.dist[k])) continue
              if (add || live.length === 0) expect(field.dist[k]!).toBeLessThan(old[k]!)
              else expect(field.dist[k]!).toBeGreaterThan(old[k]!)
              cellCentre(ctx.cells, k, -1, xy)
              expect(box).not.toBeNull()
              expect(
                xy[0]! >= box!.minX &&
                  xy[0]! <= box!.maxX &&
                  xy[1]! >= box!.minY &&
                  xy[1]! <= box!.maxY,
              ).toBe(true)
            }
          }
          const fresh = factory(ctx)
          fresh.build(seedsOf(pts, active))
          expect(Array.from(field.dist)).toEqual(Array.from(fresh.dist))
        },
      ),
      { numRuns: 60 },
    )
  })
})
