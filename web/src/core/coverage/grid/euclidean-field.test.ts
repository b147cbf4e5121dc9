import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { stereographicPlane } from '../../geo/stereographic.ts'
import type { FieldSeeds } from './distance-field.ts'
import { cellCentre } from './distance-field.ts'
import { createEuclideanField } from './euclidean-field.ts'
import { seedsByY, sphereDistance, type SparseCells } from './nearest-seeds.ts'

/** A ring of cells (a hollow 40 × 30 grid) as sparse cells: rows with gaps. */
function ringCells(): SparseCells {
  const grid = { ox: -200, oy: -150, cell: 10, width: 40, height: 30 }
  const col: number[] = []
  const rowStart = [0]
  for (let r = 0; r < grid.height; r++) {
    for (let c = 0; c < grid.width; c++) {
      if (r < 5 || r >= 25 || c < 5 || c >= 35) col.push(c)
    }
    rowStart.push(col.length)
  }
  return { grid, col: Int32Array.from(col), rowStart: Int32Array.from(rowStart) }
}

function seedsOf(points: Array<[number, number]>, active: number[]): FieldSeeds {
  const s = {
    x: Float64Array.from(points.map((p) => p[0])),
    y: Float64Array.from(points.map((p) => p[1])),
    active: Uint8Array.from(active),
    count: points.length,
  }
  return { ...s, byY: seedsByY(s) }
}

const context = () => ({ plane: stereographicPlane(121, 31), cells: ringCells(), category: 'k' })

describe('straight-line distance field', () => {
  it('gives each cell its great-circle distance to the nearest active seed', () => {
    const ctx = context()
    const field = createEuclideanField(ctx)
    const pts: Array<[number, number]> = [
      [0, 0],
      [150, 100],
      [-500, 40],
    ]
    field.build(seedsOf(pts, [1, 0, 1]))
    const xy = new Float64Array(2)
    for (let k = 0; k < ctx.cells.col.length; k++) {
      cellCentre(ctx.cells, k, -1, xy)
      const best = Math.min(
        sphereDistance(xy[0]!, xy[1]!, 0, 0),
        sphereDistance(xy[0]!, xy[1]!, -500, 40),
      )
      // Float32 storage: 1e-3 m is far above its rounding at these distances (< 1e-4 m).
      expect(Math.abs(field.dist[k]! - best)).toBeLessThan(1e-3)
    }
    expect(field.kind).toBe('straight-line')
    expect(field.reachIsDisc).toBe(true)
  })

  it('equals a fresh build bit for bit after any adds and removes (the interface contract)', () => {
    const pt = fc.tuple(fc.integer({ min: -600, max: 600 }), fc.integer({ min: -500, max: 500 }))
    fc.assert(
      fc.property(
        fc.array(pt, { minLength: 1, maxLength: 25 }),
        fc.array(fc.tuple(fc.boolean(), fc.nat(), pt), { maxLength: 12 }),
        fc.boolean(),
        (initial, edits, prepared) => {
          const pts = initial.map(([x, y]) => [x, y] as [number, number])
          const active = pts.map(() => 1)
          const ctx = context()
          const field = createEuclideanField(ctx)
          const before = seedsOf(pts, active)
          field.build(before)
          if (prepared) field.prepareEdits?.(before)
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
            // Every changed cell lies in the returned box.
            const xy = new Float64Array(2)
            let outside = 0
            for (let k = 0; k < old.length; k++) {
              if (Object.is(old[k], field.dist[k])) continue
              cellCentre(ctx.cells, k, -1, xy)
              const inBox =
                box !== null &&
                xy[0]! >= box.minX &&
                xy[0]! <= box.maxX &&
                xy[1]! >= box.minY &&
                xy[1]! <= box.maxY
              if (!inBox) outside++
            }
            expect(outside).toBe(0)
          }
          const fresh = createEuclideanField(ctx)
          fresh.build(seedsOf(pts, active))
          expect(Array.from(field.dist)).toEqual(Array.from(fresh.dist))
        },
      ),
      { numRuns: 60 },
    )
  })
})
