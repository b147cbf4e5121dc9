import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../geo/prng.ts'
import {
  nearestSeeds,
  seedsByY,
  sphereDistance,
  type Seeds,
  type SparseCells,
} from './nearest-seeds.ts'
import type { GridSpec } from './rasterize.ts'

/** Every cell of a grid, as a sparse cell set. */
function denseCells(grid: GridSpec): SparseCells {
  const col = new Int32Array(grid.width * grid.height)
  const rowStart = new Int32Array(grid.height + 1)
  for (let r = 0; r < grid.height; r++) {
    rowStart[r + 1] = (r + 1) * grid.width
    for (let c = 0; c < grid.width; c++) col[r * grid.width + c] = c
  }
  return { grid, col, rowStart }
}

function seedsOf(points: Array<[number, number]>): Seeds {
  return {
    x: Float64Array.from(points.map((p) => p[0])),
    y: Float64Array.from(points.map((p) => p[1])),
    active: new Uint8Array(points.length).fill(1),
    count: points.length,
  }
}

/** Every cell of a dense grid has its nearest point's distance and index (brute force). */
function expectBruteForce(
  grid: GridSpec,
  pts: Array<[number, number]>,
  dist: Float32Array,
  feat: Int32Array,
): void {
  for (let k = 0; k < grid.width * grid.height; k++) {
    const x = grid.ox + ((k % grid.width) + 0.5) * grid.cell
    const y = grid.oy + (Math.floor(k / grid.width) + 0.5) * grid.cell
    let best = Infinity
    for (const [px, py] of pts) best = Math.min(best, sphereDistance(x, y, px, py))
    expect(dist[k]).toBeCloseTo(best, 2)
    expect(sphereDistance(x, y, pts[feat[k]!]![0], pts[feat[k]!]![1])).toBeCloseTo(best, 2)
  }
}

describe('nearestSeeds', () => {
  it('matches brute force on random seeds, including seeds far outside the grid', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 60 }),
        (seed, n) => {
          const rand = mulberry32(seed)
          const grid: GridSpec = { ox: -400, oy: -300, cell: 10, width: 80, height: 60 }
          const pts: Array<[number, number]> = []
          for (let i = 0; i < n; i++) {
            const far = rand() < 0.2 ? 5 : 1
            pts.push([(rand() - 0.5) * 1000 * far, (rand() - 0.5) * 800 * far])
          }
          const seeds = seedsOf(pts)
          const cells = denseCells(grid)
          const m = grid.width * grid.height
          const dist = new Float32Array(m)
          const feat = new Int32Array(m)
          nearestSeeds(
            seeds,
            seedsByY(seeds),
            cells,
            { rowFrom: 0, rowTo: 60, colFrom: 0, colTo: 80 },
            dist,
            feat,
          )
          expectBruteForce(grid, pts, dist, feat)
        },
      ),
      { numRuns: 25 },
    )
  })

  it('finds a lone seed far beyond the first search band (no stale envelope)', () => {
    const grid: GridSpec = { ox: -210, oy: -110, cell: 10, width: 42, height: 22 }
    const cells = denseCells(grid)
    const m = grid.width * grid.height
    // A second call first leaves another seed set's envelope in the shared scratch buffers.
    for (const pts of [
      [
        [-100, 0],
        [50, 20],
        [120, -40],
      ] as Array<[number, number]>,
      [[0, 5097.5]] as Array<[number, number]>,
    ]) {
      const seeds = seedsOf(pts)
      const dist = new Float32Array(m)
      const feat = new Int32Array(m)
      const all = { rowFrom: 0, rowTo: grid.height, colFrom: 0, colTo: grid.width }
      nearestSeeds(seeds, seedsByY(seeds), cells, all, dist, feat)
      expectBruteForce(grid, pts, dist, feat)
    }
  })

  it('recomputes only a window and only the cells a filter lets through', () => {
    const grid: GridSpec = { ox: 0, oy: 0, cell: 10, width: 20, height: 20 }
    const cells = denseCells(grid)
    const seeds = seedsOf([
      [5, 5],
      [195, 195],
    ])
    const dist = new Float32Array(400).fill(-1)
    const feat = new Int32Array(400).fill(-2)
    nearestSeeds(
      seeds,
      seedsByY(seeds),
      cells,
      { rowFrom: 2, rowTo: 4, colFrom: 3, colTo: 6, only: (k) => k % 2 === 0 },
      dist,
      feat,
    )
    let touched = 0
    for (let k = 0; k < 400; k++) {
      const r = Math.floor(k / 20)
      const c = k % 20
      const inside = r >= 2 && r < 4 && c >= 3 && c < 6 && k % 2 === 0
      if (inside) {
        touched++
        expect(feat[k]).toBe(0)
      } else expect(dist[k]).toBe(-1)
    }
    expect(touched).toBe(2)
  })

  it('gives Infinity and −1 without active seeds', () => {
    const grid: GridSpec = { ox: 0, oy: 0, cell: 10, width: 4, height: 4 }
    const seeds = seedsOf([[1, 1]])
    seeds.active[0] = 0
    const dist = new Float32Array(16)
    const feat = new Int32Array(16)
    nearestSeeds(
      seeds,
      seedsByY(seeds),
      denseCells(grid),
      { rowFrom: 0, rowTo: 4, colFrom: 0, colTo: 4 },
      dist,
      feat,
    )
    expect([...dist].every((d) => d === Infinity)).toBe(true)
    expect([...feat].every((f) => f === -1)).toBe(true)
  })

  it('sphereDistance agrees with the haversine distance through the stereographic plane', () => {
    // 30 km from the plane centre the plane distance alone is 5.5e-6 too long; corrected, < 1e-6.
    const R = 6_371_008.8
    const rho = 30_000
    const plane = (d: number) => 2 * R * Math.tan(d / (2 * R))
    const along = sphereDistance(plane(rho), 0, plane(rho + 1000), 0)
    expect(Math.abs(along - 1000) / 1000).toBeLessThan(1e-6)
  })
})
