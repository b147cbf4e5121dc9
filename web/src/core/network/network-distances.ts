import type { PointLinks } from './edge-snapper.ts'
import { multiSourceDijkstra, type NodeDistances } from './multi-source-dijkstra.ts'
import type { WalkGraph } from './walk-graph.ts'

/**
 * The walking-distance convention, used everywhere: a point's distance to a facility =
 *   its straight connector to the foot on its nearest edge
 * + the cost along edges (the partial edges from each foot to an end node included)
 * + the facility's own connector.
 * Connectors are not weighted; along-edge metres are weighted by the edge's cost factor (steps).
 */

/**
 * Cost factor of edge `e`: metres of level walking per metre of length (2 for steps; 1 for a
 * zero-length edge).
 * @example edgeFactor(graph, 0) // 1
 */
export function edgeFactor(graph: WalkGraph, e: number): number {
  const len = graph.edgeLength[e]!
  return len > 0 ? graph.edgeCost[e]! / len : 1
}

/** Facilities as Dijkstra sources: each linked facility enters at both ends of its edge. */
export interface FacilitySources {
  node: Int32Array
  cost: Float64Array
  label: Int32Array
  /** Linked facilities per edge (for a point on the same edge, which reaches them directly). */
  byEdge: Map<number, number[]>
}

/**
 * The Dijkstra start entries of linked facilities (`links` from {@link EdgeSnapper.link}):
 * connector + the cost from the foot to each end node of its edge, labelled by facility index.
 * @example multiSourceDijkstra(graph, s.node, s.cost, s.label)
 */
export function facilitySources(graph: WalkGraph, links: PointLinks): FacilitySources {
  const n = links.edge.length
  const node: number[] = []
  const cost: number[] = []
  const label: number[] = []
  const byEdge = new Map<number, number[]>()
  for (let i = 0; i < n; i++) {
    const e = links.edge[i]!
    if (e < 0) continue
    const f = edgeFactor(graph, e)
    const off = links.offset[i]!
    const c = links.connector[i]!
    node.push(graph.edgeFrom[e]!, graph.edgeTo[e]!)
    cost.push(c + off * f, c + (graph.edgeLength[e]! - off) * f)
    label.push(i, i)
    const list = byEdge.get(e)
    if (list) list.push(i)
    else byEdge.set(e, [i])
  }
  return {
    node: Int32Array.from(node),
    cost: Float64Array.from(cost),
    label: Int32Array.from(label),
    byEdge,
  }
}

/**
 * Walking distance (metres) from a point linked at (`edge`, `offset`, `connector`) to the
 * nearest facility, given the node distances of a multi-source search from the facilities:
 * through either end of its edge, or along the edge to a facility on the same edge. Writes the
 * facility's index into `best.facility` (−1 when none is reachable; distance Infinity).
 * @example linkDistance(graph, nodes, facilities, sources.byEdge, edge, 12.5, 30, { facility: -1 })
 */
export function linkDistance(
  graph: WalkGraph,
  nodes: NodeDistances,
  facilities: PointLinks,
  byEdge: ReadonlyMap<number, readonly number[]>,
  edge: number,
  offset: number,
  connector: number,
  best: { facility: number },
): number {
  const f = edgeFactor(graph, edge)
  const a = graph.edgeFrom[edge]!
  const b = graph.edgeTo[edge]!
  let d = nodes.dist[a]! + offset * f
  let who = nodes.source[a]!
  const viaB = nodes.dist[b]! + (graph.edgeLength[edge]! - offset) * f
  if (viaB < d) {
    d = viaB
    who = nodes.source[b]!
  }
  const same = byEdge.get(edge)
  if (same) {
    for (const j of same) {
      const direct = facilities.connector[j]! + Math.abs(offset - facilities.offset[j]!) * f
      if (direct < d || (direct === d && j < who)) {
        d = direct
        who = j
      }
    }
  }
  best.facility = d < Infinity ? who : -1
  return d + connector
}

/** Per point: walking distance to the nearest facility and which one. */
export interface NearestByNetwork {
  /** Metres; NaN for an unlinked point, Infinity when no linked facility is reachable. */
  distance: Float64Array
  /** Index of the nearest facility, −1 when none. */
  facility: Int32Array
}

/**
 * Walking distance from each linked point to its nearest linked facility (one multi-source
 * search from all facilities at once).
 * @example nearestByNetwork(graph, snapper.link(points), snapper.link(facilities)).distance
 */
export function nearestByNetwork(
  graph: WalkGraph,
  points: PointLinks,
  facilities: PointLinks,
): NearestByNetwork & { nodes: NodeDistances } {
  const src = facilitySources(graph, facilities)
  const nodes = multiSourceDijkstra(graph, src.node, src.cost, src.label)
  const n = points.edge.length
  const distance = new Float64Array(n)
  const facility = new Int32Array(n).fill(-1)
  const best = { facility: -1 }
  for (let i = 0; i < n; i++) {
    const e = points.edge[i]!
    if (e < 0) {
      distance[i] = NaN
      continue
    }
    distance[i] = linkDistance(
      graph,
      nodes,
      facilities,
      src.byEdge,
      e,
      points.offset[i]!,
      points.connector[i]!,
      best,
    )
    facility[i] = best.facility
  }
  return { distance, facility, nodes }
}
