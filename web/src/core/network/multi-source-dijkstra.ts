import { MinHeap } from './min-heap.ts'

/** The adjacency a shortest-path search needs (a {@link WalkGraph} is one). */
export interface CsrGraph {
  readonly nodeCount: number
  readonly adjStart: Int32Array
  readonly adjNode: Int32Array
  readonly adjCost: Float64Array
}

/** Distances (metres) and the source each node's shortest path comes from (−1: unreached). */
export interface NodeDistances {
  dist: Float64Array
  source: Int32Array
}

/**
 * Shortest-path distances from many sources at once (Dijkstra over typed arrays with a binary
 * heap): node i ends with min over sources s of `startCost[s]` + path cost from `startNode[s]`,
 * and `source[i]` = the label of that s. Several entries may share a node (a facility enters at
 * both ends of its edge; several facilities on one edge). Unreached nodes stay at Infinity.
 * Reuses `out` when given (no allocation for a recompute).
 * @example multiSourceDijkstra(graph, Int32Array.of(0), Float64Array.of(0), Int32Array.of(0)).dist
 */
export function multiSourceDijkstra(
  graph: CsrGraph,
  startNode: Int32Array,
  startCost: Float64Array,
  startLabel: Int32Array,
  out?: NodeDistances,
  heap: MinHeap = new MinHeap(Math.max(1024, graph.nodeCount >> 2)),
): NodeDistances {
  const n = graph.nodeCount
  const dist = out?.dist ?? new Float64Array(n)
  const source = out?.source ?? new Int32Array(n)
  dist.fill(Infinity)
  source.fill(-1)
  heap.clear()
  for (let s = 0; s < startNode.length; s++) {
    const v = startNode[s]!
    const c = startCost[s]!
    if (c < dist[v]!) {
      dist[v] = c
      source[v] = startLabel[s]!
      heap.push(v, c)
    }
  }
  relax(graph, dist, source, heap)
  return { dist, source }
}

/**
 * Runs Dijkstra from whatever `heap` holds over `dist` / `source` as they stand, relaxing only
 * nodes it improves: the core of both the full search and the incremental updates of a field.
 */
export function relax(
  graph: CsrGraph,
  dist: Float64Array,
  source: Int32Array,
  heap: MinHeap,
): void {
  const { adjStart, adjNode, adjCost } = graph
  while (heap.length > 0) {
    const d = heap.peekKey()
    const v = heap.pop()
    if (d > dist[v]!) continue
    const label = source[v]!
    for (let k = adjStart[v]!, end = adjStart[v + 1]!; k < end; k++) {
      const w = adjNode[k]!
      const nd = d + adjCost[k]!
      if (nd < dist[w]!) {
        dist[w] = nd
        source[w] = label
        heap.push(w, nd)
      }
    }
  }
}
