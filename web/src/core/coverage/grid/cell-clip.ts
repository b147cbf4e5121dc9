let bufX = new Float64Array(64)
let bufY = new Float64Array(64)
let tmpX = new Float64Array(64)
let tmpY = new Float64Array(64)

/** Room for n vertices in both buffers, keeping the ring held in bufX/bufY. */
function ensure(n: number): void {
  if (bufX.length >= n) return
  const m = Math.max(n, bufX.length * 2)
  const keepX = bufX
  const keepY = bufY
  bufX = new Float64Array(m)
  bufY = new Float64Array(m)
  bufX.set(keepX)
  bufY.set(keepY)
  tmpX = new Float64Array(m)
  tmpY = new Float64Array(m)
}

/** Keeps the part of the ring in bufX/bufY (n vertices) where ux·x + uy·y ≥ c; returns the count. */
function clipHalfPlane(n: number, ux: number, uy: number, c: number): number {
  ensure(2 * n)
  let m = 0
  for (let i = 0; i < n; i++) {
    const j = i + 1 < n ? i + 1 : 0
    const ax = bufX[i]!
    const ay = bufY[i]!
    const bx = bufX[j]!
    const by = bufY[j]!
    const va = c - (ux * ax + uy * ay)
    const vb = c - (ux * bx + uy * by)
    if (va <= 0) {
      tmpX[m] = ax
      tmpY[m] = ay
      m++
    }
    if ((va < 0 && vb > 0) || (va > 0 && vb < 0)) {
      const t = va / (va - vb)
      tmpX[m] = ax + (bx - ax) * t
      tmpY[m] = ay + (by - ay) * t
      m++
    }
  }
  const sx = bufX
  const sy = bufY
  bufX = tmpX
  bufY = tmpY
  tmpX = sx
  tmpY = sy
  return m
}

/** Lines ux·x + uy·y = c, one per facility, with the facility's group (category). */
export interface HalfPlanes {
  ux: Float64Array
  uy: Float64Array
  c: Float64Array
  group: Int32Array
  count: number
}

/**
 * Clips one ring (vertices `from` … `from + n − 1` of xs/ys) to the box [x0, x1] × [y0, y1] and
 * writes the result, shifted by (−dx, −dy), to outX/outY from `at`, which must have room for
 * 6n + 16 vertices (four Sutherland–Hodgman passes grow a ring by at most half each). Returns
 * the clipped ring's vertex count (< 3: nothing left). Orientation is kept.
 * @example const n = clipRingToBox(xs, ys, 0, xs.length, 0, 0, 10, 10, vx, vy, 0, 5, 5)
 */
export function clipRingToBox(
  xs: Float64Array,
  ys: Float64Array,
  from: number,
  n0: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  outX: Float64Array,
  outY: Float64Array,
  at: number,
  dx: number,
  dy: number,
): number {
  ensure(n0)
  for (let i = 0; i < n0; i++) {
    bufX[i] = xs[from + i]!
    bufY[i] = ys[from + i]!
  }
  let n = clipHalfPlane(n0, -1, 0, -x1)
  n = clipHalfPlane(n, 1, 0, x0)
  n = clipHalfPlane(n, 0, -1, -y1)
  n = clipHalfPlane(n, 0, 1, y0)
  for (let i = 0; i < n; i++) {
    outX[at + i] = bufX[i]! - dx
    outY[at + i] = bufY[i]! - dy
  }
  return n
}

/** Area (m²) of the ring in bufX/bufY (n vertices), about its first vertex. */
function bufferArea(n: number): number {
  const x0 = bufX[0]!
  const y0 = bufY[0]!
  let twice = 0
  for (let i = 1; i + 1 < n; i++) {
    twice += (bufX[i]! - x0) * (bufY[i + 1]! - y0) - (bufX[i + 1]! - x0) * (bufY[i]! - y0)
  }
  return twice / 2
}

/**
 * Signed area (m²) of a ring, vertices `from` … `from + n − 1` of xs/ys (shoelace; positive
 * counter-clockwise).
 * @example ringArea(ring.xs, ring.ys, 0, ring.xs.length)
 */
export function ringArea(xs: Float64Array, ys: Float64Array, from: number, n: number): number {
  ensure(n)
  for (let i = 0; i < n; i++) {
    bufX[i] = xs[from + i]!
    bufY[i] = ys[from + i]!
  }
  return bufferArea(n)
}

/**
 * Area (m²) of a counter-clockwise ring (vertices `from` … `from + n − 1` of xs/ys; its own area
 * `area`, see {@link ringArea}; a clockwise ring gives the same, negative) inside, for each of `groups` groups, the union of that group's
 * half-planes {ux·x + uy·y ≤ c}. The complement of a union of half-planes is convex, so
 * inclusion–exclusion over the groups needs only convex clips: area = Σ over group subsets S of
 * (−1)^|S| · area(ring beyond every half-plane of the groups in S). Growing a `c` or adding a
 * half-plane never lowers the result. A group with no half-plane covers nothing. Small
 * coordinates (near the origin) keep it exact.
 * @example areaInHalfPlaneUnions(ring.xs, ring.ys, 0, ring.xs.length, ringArea(ring), h, 1)
 */
export function areaInHalfPlaneUnions(
  xs: Float64Array,
  ys: Float64Array,
  from: number,
  n0: number,
  area: number,
  h: HalfPlanes,
  groups: number,
): number {
  let total = area
  ensure(n0)
  for (let subset = 1; subset < 1 << groups; subset++) {
    for (let i = 0; i < n0; i++) {
      bufX[i] = xs[from + i]!
      bufY[i] = ys[from + i]!
    }
    let n = n0
    let odd = false
    for (let g = 0; g < groups; g++) if (subset & (1 << g)) odd = !odd
    for (let q = 0; q < h.count && n >= 3; q++) {
      if (!(subset & (1 << h.group[q]!))) continue
      // The uncovered side of the line: ux·x + uy·y ≥ c.
      n = clipHalfPlane(n, h.ux[q]!, h.uy[q]!, h.c[q]!)
    }
    if (n < 3) continue
    const beyond = bufferArea(n)
    total += odd ? -beyond : beyond
  }
  return total
}
