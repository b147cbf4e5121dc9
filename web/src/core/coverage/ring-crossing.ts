import Flatbush from 'flatbush'
import type { Position } from 'geojson'

/**
 * The first pair of edges of a closed ring that cross each other (edge k runs from vertex k to
 * vertex k + 1), or null for a simple ring. Neighbouring edges sharing a vertex do not count;
 * touching at a point does (a ring that touches itself is not simple either). A bow-tie ring's
 * signed area cancels to about 0, so coverage of such a community reads 0%: readers call this
 * to say so. Edges are indexed (Flatbush), so a ring of a million vertices takes about a second.
 * @example ringCrossing([[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]) // [0, 2]
 */
export function ringCrossing(ring: readonly Position[]): [number, number] | null {
  const n = ring.length - 1
  if (n < 4) return null
  const index = new Flatbush(n)
  for (let k = 0; k < n; k++) {
    const a = ring[k]!
    const b = ring[k + 1]!
    index.add(
      Math.min(a[0]!, b[0]!),
      Math.min(a[1]!, b[1]!),
      Math.max(a[0]!, b[0]!),
      Math.max(a[1]!, b[1]!),
    )
  }
  index.finish()
  for (let k = 0; k < n; k++) {
    const a = ring[k]!
    const b = ring[k + 1]!
    const hits = index.search(
      Math.min(a[0]!, b[0]!),
      Math.min(a[1]!, b[1]!),
      Math.max(a[0]!, b[0]!),
      Math.max(a[1]!, b[1]!),
    )
    for (const j of hits) {
      if (j <= k) continue
      // Neighbours share a vertex (edge n − 1 and edge 0 share the closing one).
      if (j === k + 1 || (k === 0 && j === n - 1)) continue
      if (segmentsMeet(a, b, ring[j]!, ring[j + 1]!)) return [k, j]
    }
  }
  return null
}

function orient(p: Position, q: Position, r: Position): number {
  const v = (q[0]! - p[0]!) * (r[1]! - p[1]!) - (q[1]! - p[1]!) * (r[0]! - p[0]!)
  return v > 0 ? 1 : v < 0 ? -1 : 0
}

function onSegment(p: Position, q: Position, r: Position): boolean {
  return (
    Math.min(p[0]!, r[0]!) <= q[0]! &&
    q[0]! <= Math.max(p[0]!, r[0]!) &&
    Math.min(p[1]!, r[1]!) <= q[1]! &&
    q[1]! <= Math.max(p[1]!, r[1]!)
  )
}

/** Whether segments ab and cd share a point. */
function segmentsMeet(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = orient(a, b, c)
  const o2 = orient(a, b, d)
  const o3 = orient(c, d, a)
  const o4 = orient(c, d, b)
  if (o1 !== o2 && o3 !== o4) return true
  if (o1 === 0 && onSegment(a, c, b)) return true
  if (o2 === 0 && onSegment(a, d, b)) return true
  if (o3 === 0 && onSegment(c, a, d)) return true
  if (o4 === 0 && onSegment(c, b, d)) return true
  return false
}
