import type { PlanePolygon } from '../plane-polygon.ts'

/**
 * A square grid in a plane: cell (col, row) covers x ∈ [ox + col·cell, ox + (col+1)·cell) and
 * y ∈ [oy + row·cell, …), metres; its index is row·width + col.
 */
export interface GridSpec {
  ox: number
  oy: number
  cell: number
  width: number
  height: number
}

/** Cells of a grid with a value each, in increasing index order (row-major). */
export interface CellList {
  index: Int32Array
  value: Float32Array
}

/** Coverage below this is rounding noise from the accumulation, not area. */
const MIN_COVER = 1e-7

/**
 * Adds one directed edge to a coverage accumulator (the signed-area scanline of font
 * rasterisers such as font-rs): each piece of the edge inside a row deposits its signed height on
 * the cells it crosses and, through the later prefix sum, on every cell to its right. Summing a
 * closed ring gives each cell the exact area fraction of the ring's interior (−1 per unit for a
 * counter-clockwise ring). `x*`, `y*` are in cell units relative to the accumulator window;
 * `stride` = window width + 1.
 */
function addEdge(
  acc: Float64Array,
  stride: number,
  rows: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): void {
  if (y0 === y1) return
  const cols = stride - 1
  const dir = y1 > y0 ? 1 : -1
  const ylo = Math.max(Math.min(y0, y1), 0)
  const yhi = Math.min(Math.max(y0, y1), rows)
  if (ylo >= yhi) return
  const dxdy = (x1 - x0) / (y1 - y0)
  for (let row = Math.floor(ylo); row < yhi; row++) {
    const ya = Math.max(ylo, row)
    const yb = Math.min(yhi, row + 1)
    if (yb <= ya) continue
    const dy = (yb - ya) * dir
    const xa = x0 + (ya - y0) * dxdy
    const xb = x0 + (yb - y0) * dxdy
    const lo = Math.min(xa, xb)
    const hi = Math.max(xa, xb)
    const base = row * stride
    if (hi === lo) {
      depositPiece(acc, base, cols, lo, lo, dy)
      continue
    }
    // The piece is straight, so its height splits between columns in proportion to x-length.
    const perX = dy / (hi - lo)
    if (lo < 0) acc[base]! += perX * (Math.min(hi, 0) - lo)
    const cEnd = Math.min(Math.ceil(hi), cols)
    for (let c = Math.max(Math.floor(lo), 0); c < cEnd; c++) {
      const a = Math.max(lo, c)
      const b = Math.min(hi, c + 1)
      if (b > a) depositPiece(acc, base, cols, a, b, perX * (b - a))
    }
  }
}

/** A sub-piece of signed height `dy` within one column, x from `a` to `b` (cell units). */
function depositPiece(
  acc: Float64Array,
  base: number,
  cols: number,
  a: number,
  b: number,
  dy: number,
): void {
  const c = Math.floor((a + b) / 2)
  if (c < 0) {
    acc[base]! += dy
    return
  }
  if (c >= cols) return
  // Mean share of the cell to the right of the piece: 1 − (mean x − c).
  const right = Math.min(Math.max(c + 1 - (a + b) / 2, 0), 1)
  acc[base + c]! += dy * right
  acc[base + c + 1]! += dy * (1 - right)
}

/**
 * Bounding box (minX, minY, maxX, maxY) of plane polygons, metres.
 * @example polysBox(community.polys)
 */
export function polysBox(polys: readonly PlanePolygon[]): [number, number, number, number] {
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (const p of polys) {
    minX = Math.min(minX, p.minX)
    minY = Math.min(minY, p.minY)
    maxX = Math.max(maxX, p.maxX)
    maxY = Math.max(maxY, p.maxY)
  }
  return [minX, minY, maxX, maxY]
}

/**
 * Exact area fraction of each grid cell covered by a set of plane polygons (outer rings
 * counter-clockwise, holes clockwise, as {@link PlanePolygon} guarantees), over the polygons'
 * bounding window. Overlapping polygons add up; the caller passes disjoint parts.
 * @returns the covered cells (fraction in (0, 1]) in row-major order.
 * @example rasterizePolygons(polys, { ox: 0, oy: 0, cell: 10, width: 100, height: 100 })
 */
export function rasterizePolygons(polys: readonly PlanePolygon[], grid: GridSpec): CellList {
  const [minX, minY, maxX, maxY] = polysBox(polys)
  if (!(maxX > minX && maxY > minY)) return { index: new Int32Array(0), value: new Float32Array(0) }
  const { ox, oy, cell } = grid
  const c0 = Math.max(Math.floor((minX - ox) / cell), 0)
  const r0 = Math.max(Math.floor((minY - oy) / cell), 0)
  const c1 = Math.min(Math.ceil((maxX - ox) / cell), grid.width)
  const r1 = Math.min(Math.ceil((maxY - oy) / cell), grid.height)
  const w = c1 - c0
  const h = r1 - r0
  if (w <= 0 || h <= 0) return { index: new Int32Array(0), value: new Float32Array(0) }
  const stride = w + 1
  const acc = new Float64Array(stride * h)
  const gx = ox + c0 * cell
  const gy = oy + r0 * cell
  for (const p of polys) {
    const { xs, ys, ringStart } = p
    for (let k = 0; k + 1 < ringStart.length; k++) {
      const begin = ringStart[k]!
      const end = ringStart[k + 1]!
      for (let i = begin; i < end; i++) {
        const j = i + 1 < end ? i + 1 : begin
        addEdge(
          acc,
          stride,
          h,
          (xs[i]! - gx) / cell,
          (ys[i]! - gy) / cell,
          (xs[j]! - gx) / cell,
          (ys[j]! - gy) / cell,
        )
      }
    }
  }
  // Prefix sums in place (acc then holds each cell's signed coverage), counting the covered
  // cells, so the output is allocated once at its size (no growing arrays of boxed numbers).
  let count = 0
  for (let row = 0; row < h; row++) {
    let sum = 0
    const base = row * stride
    for (let col = 0; col < w; col++) {
      sum += acc[base + col]!
      acc[base + col] = sum
      if (-sum > MIN_COVER) count++
    }
  }
  const index = new Int32Array(count)
  const value = new Float32Array(count)
  let n = 0
  for (let row = 0; row < h; row++) {
    const base = row * stride
    for (let col = 0; col < w; col++) {
      const cover = -acc[base + col]!
      if (cover > MIN_COVER) {
        index[n] = (r0 + row) * grid.width + c0 + col
        value[n] = Math.min(cover, 1)
        n++
      }
    }
  }
  return { index, value }
}
