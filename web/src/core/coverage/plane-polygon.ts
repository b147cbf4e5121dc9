import type { Position } from 'geojson'
import { projectStereographic, type StereographicPlane } from '../geo/stereographic.ts'

/**
 * One polygon (outer ring + holes) in a community's stereographic plane, metres. Rings are
 * stored without the closing vertex, the outer ring counter-clockwise and holes clockwise, so
 * the boundary integrals of Green's theorem are positive for the interior.
 */
export interface PlanePolygon {
  xs: Float64Array
  ys: Float64Array
  /** Ring k holds vertices ringStart[k] .. ringStart[k + 1] - 1. */
  ringStart: Int32Array
  minX: number
  minY: number
  maxX: number
  maxY: number
}

const scratch = new Float64Array(2)

/**
 * Projects GeoJSON polygon rings (`[lon, lat(, z)]`, any orientation, closed or not) into the
 * plane, dropping repeated vertices and rings with fewer than three distinct vertices. Returns
 * null when the outer ring is degenerate.
 * @example planePolygon(stereographicPlane(121, 31), feature.geometry.coordinates)
 */
export function planePolygon(plane: StereographicPlane, rings: Position[][]): PlanePolygon | null {
  let total = 0
  for (const ring of rings) total += ring.length
  const xs = new Float64Array(total)
  const ys = new Float64Array(total)
  const starts: number[] = [0]
  let n = 0
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (let k = 0; k < rings.length; k++) {
    const ring = rings[k]!
    const begin = n
    for (const p of ring) {
      projectStereographic(plane, p[0]!, p[1]!, scratch, 0)
      const x = scratch[0]!
      const y = scratch[1]!
      if (n > begin && xs[n - 1] === x && ys[n - 1] === y) continue
      xs[n] = x
      ys[n] = y
      n++
    }
    while (n - begin > 1 && xs[n - 1] === xs[begin] && ys[n - 1] === ys[begin]) n--
    if (n - begin < 3) {
      if (k === 0) return null
      n = begin
      continue
    }
    let twiceArea = 0
    for (let i = begin, j = n - 1; i < n; j = i++) twiceArea += xs[j]! * ys[i]! - xs[i]! * ys[j]!
    // Outer ring CCW (positive), holes CW, whatever the file said (RFC 7946 is often ignored).
    if (k === 0 ? twiceArea < 0 : twiceArea > 0) {
      xs.subarray(begin, n).reverse()
      ys.subarray(begin, n).reverse()
    }
    if (k === 0) {
      for (let i = begin; i < n; i++) {
        const x = xs[i]!
        const y = ys[i]!
        if (x < minX) minX = x
        if (x > maxX) maxX = x
        if (y < minY) minY = y
        if (y > maxY) maxY = y
      }
    }
    starts.push(n)
  }
  return {
    xs: xs.slice(0, n),
    ys: ys.slice(0, n),
    ringStart: Int32Array.from(starts),
    minX,
    minY,
    maxX,
    maxY,
  }
}

/**
 * Even-odd point-in-polygon over all rings (so holes are outside).
 * @example pointInPlanePolygon(poly, 0, 0)
 */
export function pointInPlanePolygon(poly: PlanePolygon, x: number, y: number): boolean {
  if (x < poly.minX || x > poly.maxX || y < poly.minY || y > poly.maxY) return false
  const { xs, ys, ringStart } = poly
  let inside = false
  for (let k = 0; k + 1 < ringStart.length; k++) {
    const begin = ringStart[k]!
    const end = ringStart[k + 1]!
    for (let i = begin, j = end - 1; i < end; j = i++) {
      const yi = ys[i]!
      const yj = ys[j]!
      if (yi > y !== yj > y) {
        const xi = xs[i]!
        if (x < ((xs[j]! - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
      }
    }
  }
  return inside
}

/**
 * Whether the closed disc (cx, cy, r) meets the polygon: its centre is inside, or some edge
 * passes within r of it.
 * @example discTouchesPlanePolygon(poly, 0, 0, 1000)
 */
export function discTouchesPlanePolygon(
  poly: PlanePolygon,
  cx: number,
  cy: number,
  r: number,
): boolean {
  if (cx + r < poly.minX || cx - r > poly.maxX || cy + r < poly.minY || cy - r > poly.maxY) {
    return false
  }
  const { xs, ys, ringStart } = poly
  const r2 = r * r
  for (let k = 0; k + 1 < ringStart.length; k++) {
    const begin = ringStart[k]!
    const end = ringStart[k + 1]!
    for (let i = begin; i < end; i++) {
      const j = i + 1 < end ? i + 1 : begin
      const x0 = xs[i]!
      const y0 = ys[i]!
      const dx = xs[j]! - x0
      const dy = ys[j]! - y0
      const len2 = dx * dx + dy * dy
      let t = len2 > 0 ? ((cx - x0) * dx + (cy - y0) * dy) / len2 : 0
      if (t < 0) t = 0
      else if (t > 1) t = 1
      const ex = x0 + t * dx - cx
      const ey = y0 + t * dy - cy
      if (ex * ex + ey * ey <= r2) return true
    }
  }
  return pointInPlanePolygon(poly, cx, cy)
}

/**
 * A plane polygon straight from plane coordinates (metres), rings as given: the first ring outer
 * and counter-clockwise, later rings holes and clockwise. For tests and synthetic shapes.
 * @example planePolygonFromXY([[[0, 0], [10, 0], [10, 10], [0, 10]]])
 */
export function planePolygonFromXY(
  rings: ReadonlyArray<ReadonlyArray<readonly [number, number]>>,
): PlanePolygon {
  const xs: number[] = []
  const ys: number[] = []
  const starts = [0]
  for (const ring of rings) {
    for (const [x, y] of ring) {
      xs.push(x)
      ys.push(y)
    }
    starts.push(xs.length)
  }
  const outer = rings[0] ?? []
  return {
    xs: Float64Array.from(xs),
    ys: Float64Array.from(ys),
    ringStart: Int32Array.from(starts),
    minX: Math.min(...outer.map((p) => p[0])),
    minY: Math.min(...outer.map((p) => p[1])),
    maxX: Math.max(...outer.map((p) => p[0])),
    maxY: Math.max(...outer.map((p) => p[1])),
  }
}

function segmentsCross(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): boolean {
  const d1 = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
  const d2 = (bx - ax) * (dy - ay) - (by - ay) * (dx - ax)
  const d3 = (dx - cx) * (ay - cy) - (dy - cy) * (ax - cx)
  const d4 = (dx - cx) * (by - cy) - (dy - cy) * (bx - cx)
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))
}

/**
 * Whether polygon `inner` lies inside the union of `outers` (up to shared boundary): every
 * vertex of `inner` is inside, no edge of `inner` properly crosses an edge of an outer
 * polygon, and no outer vertex (a hole's, or a concave notch's) lies strictly inside `inner`.
 * Vertices alone are not enough: a block can swallow a hole or straddle a concave notch with
 * all its corners inside the community.
 * @example planePolygonWithin(block, [community])
 */
export function planePolygonWithin(inner: PlanePolygon, outers: readonly PlanePolygon[]): boolean {
  const { xs, ys, ringStart } = inner
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!
    const y = ys[i]!
    if (!outers.some((o) => pointInPlanePolygon(o, x, y))) return false
  }
  for (const o of outers) {
    if (o.maxX < inner.minX || o.minX > inner.maxX || o.maxY < inner.minY || o.minY > inner.maxY) {
      continue
    }
    for (let k = 0; k + 1 < o.ringStart.length; k++) {
      const begin = o.ringStart[k]!
      const end = o.ringStart[k + 1]!
      for (let i = begin, j = end - 1; i < end; j = i++) {
        const ax = o.xs[j]!
        const ay = o.ys[j]!
        const bx = o.xs[i]!
        const by = o.ys[i]!
        if (Math.max(ax, bx) < inner.minX || Math.min(ax, bx) > inner.maxX) continue
        if (Math.max(ay, by) < inner.minY || Math.min(ay, by) > inner.maxY) continue
        if (pointInPlanePolygon(inner, bx, by) && !onBoundary(inner, bx, by)) return false
        for (let m = 0; m + 1 < ringStart.length; m++) {
          const b2 = ringStart[m]!
          const e2 = ringStart[m + 1]!
          for (let p = b2, q = e2 - 1; p < e2; q = p++) {
            if (segmentsCross(ax, ay, bx, by, xs[q]!, ys[q]!, xs[p]!, ys[p]!)) return false
          }
        }
      }
    }
  }
  return true
}

/** Whether (x, y) is a vertex of `poly` (shared vertices of neighbouring shapes are not "inside"). */
function onBoundary(poly: PlanePolygon, x: number, y: number): boolean {
  for (let i = 0; i < poly.xs.length; i++) if (poly.xs[i] === x && poly.ys[i] === y) return true
  return false
}
