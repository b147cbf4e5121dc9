import { EARTH_RADIUS_M } from '../../geo/units.ts'
import type { GridSpec } from './rasterize.ts'

const INV_4R2 = 1 / (4 * EARTH_RADIUS_M * EARTH_RADIUS_M)
/** Rows per band: the candidate seeds are gathered and sorted once per band. */
const BAND_ROWS = 16

/**
 * Great-circle metres between two points of a city-centred stereographic plane, from their plane
 * coordinates. The plane's point scale is 1 + ρ²/4R² (ρ from the plane's centre), so dividing
 * the plane distance by the scale at the midpoint leaves a relative error of order ρ·d/R²:
 * below 1e-6 for 1 km steps 30 km from the centre (the plane distance alone is off by 5.5e-6
 * there and by 1e-3 only 400 km out).
 * @example sphereDistance(0, 0, 1000, 0) // ≈ 1000 m
 */
export function sphereDistance(x: number, y: number, sx: number, sy: number): number {
  const dx = x - sx
  const dy = y - sy
  const mx = (x + sx) / 2
  const my = (y + sy) / 2
  return Math.sqrt(dx * dx + dy * dy) / (1 + (mx * mx + my * my) * INV_4R2)
}

/** Point sites (facilities) in the plane; only `active[i] === 1` count. */
export interface Seeds {
  x: Float64Array
  y: Float64Array
  active: Uint8Array
  count: number
}

/**
 * The cells that matter (those inside some community) of a grid, in row-major order: cell k is
 * at column `col[k]` of the row r with rowStart[r] ≤ k < rowStart[r + 1].
 */
export interface SparseCells {
  grid: GridSpec
  col: Int32Array
  rowStart: Int32Array
}

/** Which cells to (re)compute: a row and column window and an optional per-cell test. */
export interface CellWindow {
  rowFrom: number
  rowTo: number
  colFrom: number
  colTo: number
  only?: (cell: number) => boolean
}

let candIds = new Int32Array(256)
let envV = new Int32Array(256)
let envZ = new Float64Array(257)
let envF = new Float64Array(256)

function grow(n: number): void {
  if (candIds.length >= n) return
  const m = Math.max(n, candIds.length * 2)
  candIds = new Int32Array(m)
  envV = new Int32Array(m)
  envZ = new Float64Array(m + 1)
  envF = new Float64Array(m)
}

/**
 * Active seed indices sorted by y (ties by index), for gathering a band's candidates.
 * @example nearestSeeds(seeds, seedsByY(seeds), cells, window, dist, feat)
 */
export function seedsByY(seeds: Seeds): Int32Array {
  const ids: number[] = []
  for (let i = 0; i < seeds.count; i++) if (seeds.active[i] === 1) ids.push(i)
  const { y } = seeds
  ids.sort((a, b) => y[a]! - y[b]! || a - b)
  return Int32Array.from(ids)
}

/**
 * First position in `byY` (see {@link seedsByY}) whose seed has y ≥ v (plane metres).
 * @example for (let q = lowerBoundY(byY, seeds.y, y0); q < byY.length; q++) …
 */
export function lowerBoundY(byY: Int32Array, y: Float64Array, v: number): number {
  let lo = 0
  let hi = byY.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (y[byY[mid]!]! < v) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Nearest active seed and its great-circle distance for the cells of `window`: `feat[k]` = seed
 * index (−1 when there is none), `dist[k]` = metres (Infinity when there is none).
 *
 * Exact, not a grid approximation: each row is an exact 1-D problem over the true seed
 * positions — cell (x, yc) is nearest to the seed minimising (x − sx)² + (yc − sy)², the lower
 * envelope of one parabola per seed (Felzenszwalb & Huttenlocher's distance transform, with
 * real-valued vertices instead of grid sites). Only seeds within B of a band of rows enter its
 * envelope; a cell farther than B from its envelope's best is not yet proven nearest, and the
 * band is redone with 2B. Cost per band ≈ (seeds within B) + cells.
 * @example nearestSeeds(seeds, seedsByY(seeds), cells, window, dist, feat)
 */
export function nearestSeeds(
  seeds: Seeds,
  byY: Int32Array,
  cells: SparseCells,
  window: CellWindow,
  dist: Float32Array,
  feat: Int32Array,
): void {
  const { grid, col, rowStart } = cells
  const { ox, oy, cell } = grid
  const rowFrom = Math.max(window.rowFrom, 0)
  const rowTo = Math.min(window.rowTo, grid.height)
  const only = window.only
  const n = byY.length
  grow(n + 1)
  const sx = seeds.x
  const sy = seeds.y
  if (n === 0) {
    for (let k = rowStart[rowFrom]!; k < rowStart[rowTo]!; k++) {
      const c = col[k]!
      if (c < window.colFrom || c >= window.colTo || (only && !only(k))) continue
      dist[k] = Infinity
      feat[k] = -1
    }
    return
  }
  // A first guess at B: twice the mean seed spacing over the grid, plus the band's own height.
  const spacing = Math.sqrt((grid.width * grid.height * cell * cell) / n)
  const b0 = 2 * spacing + BAND_ROWS * cell
  for (let band = rowFrom; band < rowTo; band += BAND_ROWS) {
    const bandEnd = Math.min(band + BAND_ROWS, rowTo)
    if (rowStart[band] === rowStart[bandEnd]) continue
    const yLo = oy + (band + 0.5) * cell
    const yHi = oy + (bandEnd - 0.5) * cell
    let reach = b0
    for (;;) {
      const from = lowerBoundY(byY, sy, yLo - reach)
      const to = lowerBoundY(byY, sy, yHi + reach + 1e-9)
      const all = from === 0 && to === n
      let m = 0
      for (let i = from; i < to; i++) candIds[m++] = byY[i]!
      const cand = candIds.subarray(0, m)
      // Sort by x, ties by index, so every run builds the same envelope.
      const order = Array.from(cand).sort((a, b) => sx[a]! - sx[b]! || a - b)
      for (let i = 0; i < m; i++) cand[i] = order[i]!
      // No candidate proves nothing (an empty envelope would read stale scratch entries).
      const proven = m > 0 && rowsOfBand(band, bandEnd, cand, m, reach * reach, all)
      if (proven) break
      reach *= 2
    }
  }

  function rowsOfBand(
    from: number,
    to: number,
    cand: Int32Array,
    m: number,
    reach2: number,
    all: boolean,
  ): boolean {
    for (let row = from; row < to; row++) {
      const kBegin = rowStart[row]!
      const kEnd = rowStart[row + 1]!
      if (kBegin === kEnd) continue
      const yc = oy + (row + 0.5) * cell
      // Lower envelope of parabolas (x − sx)² + f, f = (yc − sy)², vertices sorted by sx.
      let e = -1
      for (let i = 0; i < m; i++) {
        const id = cand[i]!
        const q = sx[id]!
        const dyq = yc - sy[id]!
        const f = dyq * dyq
        if (e >= 0 && sx[envV[e]!] === q) {
          // Same vertex: keep the lower parabola.
          if (f >= envF[e]!) continue
          e--
        }
        let s = 0
        while (e >= 0) {
          const p = sx[envV[e]!]!
          s = (f + q * q - (envF[e]! + p * p)) / (2 * (q - p))
          if (s <= envZ[e]!) e--
          else break
        }
        e++
        envV[e] = id
        envF[e] = f
        envZ[e] = e === 0 ? -Infinity : s
      }
      envZ[e + 1] = Infinity
      let j = 0
      for (let k = kBegin; k < kEnd; k++) {
        const c = col[k]!
        if (c < window.colFrom || c >= window.colTo || (only && !only(k))) continue
        const x = ox + (c + 0.5) * cell
        while (envZ[j + 1]! < x) j++
        // Rounding of the breakpoints can put x one piece off: look at both neighbours too.
        let best = envV[j]!
        const bx = x - sx[best]!
        let bestD2 = bx * bx + envF[j]!
        if (j > 0) {
          const dx = x - sx[envV[j - 1]!]!
          const d2 = dx * dx + envF[j - 1]!
          if (d2 < bestD2) {
            bestD2 = d2
            best = envV[j - 1]!
          }
        }
        if (j < e) {
          const dx = x - sx[envV[j + 1]!]!
          const d2 = dx * dx + envF[j + 1]!
          if (d2 < bestD2) {
            bestD2 = d2
            best = envV[j + 1]!
          }
        }
        if (!all && bestD2 > reach2) return false
        feat[k] = best
        dist[k] = sphereDistance(x, yc, sx[best]!, sy[best]!)
      }
    }
    return true
  }
}

/**
 * Planar squared distance from cell `k`'s centre to seed `i`, computed exactly as
 * {@link nearestSeeds} compares candidates, so incremental updates pick the same seed.
 * @example cellSeedD2(cells, k, row, seeds, j) < cellSeedD2(cells, k, row, seeds, feat[k])
 */
export function cellSeedD2(
  cells: SparseCells,
  k: number,
  row: number,
  seeds: Seeds,
  i: number,
): number {
  const { ox, oy, cell } = cells.grid
  const dx = ox + (cells.col[k]! + 0.5) * cell - seeds.x[i]!
  const dyq = oy + (row + 0.5) * cell - seeds.y[i]!
  return dx * dx + dyq * dyq
}
