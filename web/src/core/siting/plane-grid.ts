import type { MultiPolygon, Polygon } from 'geojson'
import { projectStereographic, type StereographicPlane } from '../geo/stereographic.ts'

/**
 * A regular grid of square cells in a city's stereographic plane (metres east / north of the
 * plane's centre). Cell (i, j) is row i (south to north), column j (west to east); its index is
 * `i * nx + j` and its sample point is its centre `(x0 + (j + 0.5)·cell, y0 + (i + 0.5)·cell)`.
 */
export interface PlaneGrid {
  plane: StereographicPlane
  /** South-west corner of cell (0, 0), metres. */
  x0: number
  y0: number
  /** Cell side, metres. */
  cell: number
  nx: number
  ny: number
}

/** A polygon's rings in the plane: flat `[x0, y0, x1, y1, …]` arrays, first ring outer. */
export type PlaneRings = Float64Array[]

const xy = new Float64Array(2)

/**
 * Projects a Polygon / MultiPolygon into the plane: one {@link PlaneRings} per polygon.
 * @example projectPolygonal(plane, community.geometry)[0][0] // first ring, flat x/y metres
 */
export function projectPolygonal(
  plane: StereographicPlane,
  geometry: Polygon | MultiPolygon,
): PlaneRings[] {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
  return polys.map((rings) =>
    rings.map((ring) => {
      const out = new Float64Array(ring.length * 2)
      ring.forEach((p, k) => {
        projectStereographic(plane, p[0]!, p[1]!, xy, 0)
        out[2 * k] = xy[0]!
        out[2 * k + 1] = xy[1]!
      })
      return out
    }),
  )
}

/**
 * Area of projected polygons, m² (outer rings minus holes; orientation ignored). The plane's
 * area scale differs from the sphere's by < 1e-5 relative within 20 km of its centre.
 * @example planeArea(projectPolygonal(plane, block.geometry))
 */
export function planeArea(polys: readonly PlaneRings[]): number {
  let total = 0
  for (const rings of polys) {
    rings.forEach((r, k) => {
      let a = 0
      const n = r.length / 2
      for (let p = 0, q = n - 1; p < n; q = p++) {
        a += r[2 * q]! * r[2 * p + 1]! - r[2 * p]! * r[2 * q + 1]!
      }
      total += k === 0 ? Math.abs(a) / 2 : -Math.abs(a) / 2
    })
  }
  return Math.max(0, total)
}

const crossings: number[] = []

/**
 * Calls `visit(index)` for every cell of `grid` whose centre lies inside the polygons (even-odd
 * rule per polygon, so holes are left out). Scanline: each row's edge crossings, sorted, give
 * the spans inside; O(rows × edges), no per-cell point-in-polygon test.
 * @example fillPolygons(grid, projectPolygonal(plane, geometry), (cell) => owner[cell] = k)
 */
export function fillPolygons(
  grid: PlaneGrid,
  polys: readonly PlaneRings[],
  visit: (index: number) => void,
): void {
  const { x0, y0, cell, nx, ny } = grid
  for (const rings of polys) {
    let ymin = Infinity
    let ymax = -Infinity
    const outer = rings[0]
    if (!outer) continue
    for (let k = 1; k < outer.length; k += 2) {
      const y = outer[k]!
      if (y < ymin) ymin = y
      if (y > ymax) ymax = y
    }
    const i0 = Math.max(0, Math.ceil((ymin - y0) / cell - 0.5))
    const i1 = Math.min(ny - 1, Math.floor((ymax - y0) / cell - 0.5))
    if (i0 > i1) continue
    // Edges sorted by the first row they can cross, swept with an active list, so a row looks
    // at the few edges spanning it rather than at every edge of a detailed boundary.
    const edges: number[] = []
    for (const r of rings) {
      const n = r.length / 2
      for (let p = 0, q = n - 1; p < n; q = p++) {
        if (r[2 * q + 1]! === r[2 * p + 1]!) continue
        edges.push(r[2 * q]!, r[2 * q + 1]!, r[2 * p]!, r[2 * p + 1]!)
      }
    }
    const count = edges.length / 4
    const first = new Int32Array(count)
    const order = new Int32Array(count)
    for (let e = 0; e < count; e++) {
      const lo = Math.min(edges[4 * e + 1]!, edges[4 * e + 3]!)
      // One row early: the exact crossing test below decides.
      first[e] = Math.floor((lo - y0) / cell - 0.5)
      order[e] = e
    }
    order.sort((a, b) => first[a]! - first[b]!)
    const active: number[] = []
    let next = 0
    for (let i = i0; i <= i1; i++) {
      const y = y0 + (i + 0.5) * cell
      while (next < count && first[order[next]!]! <= i) active.push(order[next++]!)
      crossings.length = 0
      let kept = 0
      for (const e of active) {
        const ya = edges[4 * e + 1]!
        const yb = edges[4 * e + 3]!
        if (ya <= y && yb <= y) continue // passed: rows only go up
        active[kept++] = e
        // Half-open in y, so a vertex exactly on the scanline is counted once.
        if (ya <= y === yb <= y) continue
        const xa = edges[4 * e]!
        const xb = edges[4 * e + 2]!
        crossings.push(xa + ((y - ya) / (yb - ya)) * (xb - xa))
      }
      active.length = kept
      crossings.sort((a, b) => a - b)
      for (let c = 0; c + 1 < crossings.length; c += 2) {
        const j0 = Math.max(0, Math.ceil((crossings[c]! - x0) / cell - 0.5))
        const j1 = Math.min(nx - 1, Math.ceil((crossings[c + 1]! - x0) / cell - 0.5) - 1)
        for (let j = j0; j <= j1; j++) visit(i * nx + j)
      }
    }
  }
}

/**
 * The cells of `grid` whose centres lie within `r` metres of (`cx`, `cy`), as row spans written
 * into `out` (grown as needed) as triples `row, j0, j1`: the centres of columns j0…j1
 * (inclusive) of that row are those with (x − cx)² + (y − cy)² ≤ r² (up to rounding at the rim).
 * Rows without such a centre are skipped. Returns the number of spans and the buffer.
 * @example const { n, spans } = discSpans(grid, 0, 0, 1000, new Int32Array(0))
 */
export function discSpans(
  grid: PlaneGrid,
  cx: number,
  cy: number,
  r: number,
  out: Int32Array,
): { n: number; spans: Int32Array } {
  const { x0, y0, cell, nx, ny } = grid
  const i0 = Math.max(0, Math.ceil((cy - r - y0) / cell - 0.5))
  const i1 = Math.min(ny - 1, Math.floor((cy + r - y0) / cell - 0.5))
  let spans = out
  if (spans.length < 3 * (i1 - i0 + 1)) spans = new Int32Array(3 * (i1 - i0 + 1) + 48)
  const r2 = r * r
  let n = 0
  for (let i = i0; i <= i1; i++) {
    const dy = y0 + (i + 0.5) * cell - cy
    const dx = Math.sqrt(Math.max(0, r2 - dy * dy))
    const j0 = Math.max(0, Math.ceil((cx - dx - x0) / cell - 0.5))
    const j1 = Math.min(nx - 1, Math.floor((cx + dx - x0) / cell - 0.5))
    if (j0 > j1) continue
    spans[3 * n] = i
    spans[3 * n + 1] = j0
    spans[3 * n + 2] = j1
    n++
  }
  return { n, spans }
}

/**
 * The cell holding point (x, y), or -1 outside the grid.
 * @example cellAt(grid, 0, 0)
 */
export function cellAt(grid: PlaneGrid, x: number, y: number): number {
  const j = Math.floor((x - grid.x0) / grid.cell)
  const i = Math.floor((y - grid.y0) / grid.cell)
  if (i < 0 || j < 0 || i >= grid.ny || j >= grid.nx) return -1
  return i * grid.nx + j
}
