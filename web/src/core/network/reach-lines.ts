import type { PointLinks } from './edge-snapper.ts'
import type { NodeDistances } from './multi-source-dijkstra.ts'
import { edgeFactor } from './network-distances.ts'
import { haversineM, type WalkGraph } from './walk-graph.ts'

/**
 * The streets within reach, for display: every edge piece whose walking distance from the
 * nearest facility is at most `reachM` metres (connectors included, as everywhere), cut where the
 * reach runs out, as the coordinates of a GeoJSON MultiLineString. A map draws them as wide lines
 * (the area within reach along the streets); the coverage figures come from the distance field.
 *
 * `nodes` is a search from the facilities (e.g. {@link nearestByNetwork}'s or a single
 * facility's), `facilities` their links and `byEdge` the linked facilities per edge, so the
 * pieces around a facility on its own edge are included.
 * @example reachLines(graph, r.nodes, facilityLinks, sources.byEdge, 1000)
 */
export function reachLines(
  graph: WalkGraph,
  nodes: NodeDistances,
  facilities: PointLinks,
  byEdge: ReadonlyMap<number, readonly number[]>,
  reachM: number,
): [number, number][][] {
  const out: [number, number][][] = []
  const { edgeFrom, edgeTo, edgeLength, geomStart, geomLngLat } = graph
  for (let e = 0; e < graph.edgeCount; e++) {
    const len = edgeLength[e]!
    const f = edgeFactor(graph, e)
    // Reachable intervals of [0, len] (metres from the from-node).
    const spans: [number, number][] = []
    const fromLeft = (reachM - nodes.dist[edgeFrom[e]!]!) / f
    if (fromLeft >= 0) spans.push([0, Math.min(len, fromLeft)])
    const fromRight = (reachM - nodes.dist[edgeTo[e]!]!) / f
    if (fromRight >= 0) spans.push([Math.max(0, len - fromRight), len])
    for (const j of byEdge.get(e) ?? []) {
      const left = (reachM - facilities.connector[j]!) / f
      if (left < 0) continue
      const o = facilities.offset[j]!
      spans.push([Math.max(0, o - left), Math.min(len, o + left)])
    }
    if (spans.length === 0) continue
    spans.sort((a, b) => a[0] - b[0])
    const merged: [number, number][] = []
    for (const s of spans) {
      const last = merged[merged.length - 1]
      if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1])
      else merged.push([s[0], s[1]])
    }
    const g0 = geomStart[e]!
    const g1 = geomStart[e + 1]!
    for (const [a, b] of merged) {
      if (b - a <= 0 && !(len === 0)) continue
      out.push(cut(geomLngLat, g0, g1, a, b))
    }
  }
  return out
}

/** The part of the polyline of vertices g0 … g1 − 1 from `a` to `b` metres along it. */
function cut(xy: Float64Array, g0: number, g1: number, a: number, b: number): [number, number][] {
  const pts: [number, number][] = []
  let at = 0
  for (let i = g0; i + 1 < g1; i++) {
    const x0 = xy[2 * i]!
    const y0 = xy[2 * i + 1]!
    const x1 = xy[2 * i + 2]!
    const y1 = xy[2 * i + 3]!
    const seg = haversineM(x0, y0, x1, y1)
    const end = at + seg
    // Interpolating lon/lat linearly along a segment of a few hundred metres is exact to
    // millimetres, plenty for display.
    const lerp = (m: number): [number, number] => {
      const t = seg > 0 ? Math.min(1, Math.max(0, (m - at) / seg)) : 0
      return [x0 + t * (x1 - x0), y0 + t * (y1 - y0)]
    }
    if (end >= a && at <= b) {
      if (pts.length === 0) pts.push(lerp(Math.max(a, at)))
      if (end <= b) pts.push([x1, y1])
      else {
        pts.push(lerp(b))
        break
      }
    }
    at = end
  }
  if (pts.length === 1) pts.push(pts[0]!)
  return pts
}
