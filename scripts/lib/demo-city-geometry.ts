/** Planar helpers for the demo-city generator, in local metres (x east, y north). */

export interface Xy {
  x: number
  y: number
}

/** Twice the signed area of a ring (positive when counter-clockwise); the ring is not closed. */
export function ringArea2(ring: readonly Xy[]): number {
  let s = 0
  for (let k = 0; k < ring.length; k++) {
    const a = ring[k] as Xy
    const b = ring[(k + 1) % ring.length] as Xy
    s += a.x * b.y - b.x * a.y
  }
  return s
}

/** Even-odd point-in-polygon for an open ring. */
export function pointInRing(p: Xy, ring: readonly Xy[]): boolean {
  let inside = false
  for (let k = 0, m = ring.length - 1; k < ring.length; m = k++) {
    const a = ring[k] as Xy
    const b = ring[m] as Xy
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) {
      inside = !inside
    }
  }
  return inside
}

function orient(a: Xy, b: Xy, c: Xy): number {
  return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
}

/** Whether r, known to be collinear with pq, lies within segment pq. */
function onSegment(p: Xy, q: Xy, r: Xy): boolean {
  return (
    Math.min(p.x, q.x) <= r.x &&
    r.x <= Math.max(p.x, q.x) &&
    Math.min(p.y, q.y) <= r.y &&
    r.y <= Math.max(p.y, q.y)
  )
}

/** Whether closed segments ab and cd share a point (collinear overlaps included). */
export function segmentsIntersect(a: Xy, b: Xy, c: Xy, d: Xy): boolean {
  const o1 = orient(a, b, c)
  const o2 = orient(a, b, d)
  const o3 = orient(c, d, a)
  const o4 = orient(c, d, b)
  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) {
    return true
  }
  return (
    (o1 === 0 && onSegment(a, b, c)) ||
    (o2 === 0 && onSegment(a, b, d)) ||
    (o3 === 0 && onSegment(c, d, a)) ||
    (o4 === 0 && onSegment(c, d, b))
  )
}

/** Whether segment ab touches the polygon `ring` (an endpoint inside or an edge crossing). */
export function segmentTouchesRing(a: Xy, b: Xy, ring: readonly Xy[]): boolean {
  if (pointInRing(a, ring) || pointInRing(b, ring)) return true
  for (let k = 0, m = ring.length - 1; k < ring.length; m = k++) {
    if (segmentsIntersect(a, b, ring[m] as Xy, ring[k] as Xy)) return true
  }
  return false
}

/** Whether two simple polygons share any point. */
export function ringsTouch(p: readonly Xy[], q: readonly Xy[]): boolean {
  for (let k = 0, m = p.length - 1; k < p.length; m = k++) {
    if (segmentTouchesRing(p[m] as Xy, p[k] as Xy, q)) return true
  }
  return pointInRing(q[0] as Xy, p)
}

/** Distance from p to segment ab. */
export function distanceToSegment(p: Xy, a: Xy, b: Xy): number {
  const dx = b.x - a.x
  const dy = b.y - a.y
  const len2 = dx * dx + dy * dy
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2))
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy))
}

/** Distance from p to the boundary of a ring. */
export function distanceToRing(p: Xy, ring: readonly Xy[]): number {
  let best = Infinity
  for (let k = 0, m = ring.length - 1; k < ring.length; m = k++) {
    best = Math.min(best, distanceToSegment(p, ring[m] as Xy, ring[k] as Xy))
  }
  return best
}

/** Vertex mean of a ring. */
export function vertexMean(ring: readonly Xy[]): Xy {
  let x = 0
  let y = 0
  for (const p of ring) {
    x += p.x
    y += p.y
  }
  return { x: x / ring.length, y: y / ring.length }
}

export function lerp(a: Xy, b: Xy, t: number): Xy {
  return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t }
}

/**
 * Splits `total` into integers proportional to `weights` that sum exactly to `total`
 * (largest remainder; ties go to the lower index so the result is deterministic).
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0)
  if (weights.length === 0) return []
  const exact = weights.map((w) => (sum > 0 ? (total * w) / sum : total / weights.length))
  const out = exact.map((e) => Math.floor(e))
  let left = total - out.reduce((s, v) => s + v, 0)
  const order = exact
    .map((e, k) => ({ k, r: e - Math.floor(e) }))
    .sort((a, b) => b.r - a.r || a.k - b.k)
  for (let n = 0; left > 0; n = (n + 1) % order.length, left--) {
    const k = (order[n] as { k: number }).k
    out[k] = (out[k] as number) + 1
  }
  return out
}
