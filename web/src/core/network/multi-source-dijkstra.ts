import { BucketQueue } from './bucket-queue.ts'
import type { MinHeap } from './min-heap.ts'

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

/** The queue a search takes nodes from: a {@link MinHeap} or a {@link BucketQueue}. */
export type SearchQueue = MinHeap | BucketQueue

/** Bucket width never below this (m): shorter edges only cost a node taken twice. */
const MIN_BUCKET_M = 0.5

const costRange = new WeakMap<Float64Array, { minPositive: number; max: number }>()

/** Shortest positive and longest edge cost of a graph (cached per adjacency array). */
function rangeOf(adjCost: Float64Array): { minPositive: number; max: number } {
  let r = costRange.get(adjCost)
  if (!r) {
    let minPositive = Infinity
    let max = 0
    for (let k = 0; k < adjCost.length; k++) {
      const c = adjCost[k]!
      if (c > max) max = c
      if (c > 0 && c < minPositive) minPositive = c
    }
    r = { minPositive, max }
    costRange.set(adjCost, r)
  }
  return r
}

/**
 * Shortest-path distances from many sources at once, over typed arrays: node i ends with
 * min over sources s of `startCost[s]` + path cost from `startNode[s]`, and `source[i]` = the
 * label of that s. Several entries may share a node (a facility enters at both ends of its edge;
 * several facilities on one edge). Unreached nodes stay at Infinity. Reuses `out` when given.
 *
 * The queue is a bucket queue as wide as the shortest edge (at least 0.5 m): the distances equal
 * a binary-heap Dijkstra's bit for bit, faster when many sources keep a wide frontier.
 * @example multiSourceDijkstra(graph, Int32Array.of(0), Float64Array.of(0), Int32Array.of(0)).dist
 */
export function multiSourceDijkstra(
  graph: CsrGraph,
  startNode: Int32Array,
  startCost: Float64Array,
  startLabel: Int32Array,
  out?: NodeDistances,
): NodeDistances {
  const n = graph.nodeCount
  const dist = out?.dist ?? new Float64Array(n)
  const source = out?.source ?? new Int32Array(n)
  dist.fill(Infinity)
  source.fill(-1)
  let lo = Infinity
  let hi = -Infinity
  for (let s = 0; s < startCost.length; s++) {
    lo = Math.min(lo, startCost[s]!)
    hi = Math.max(hi, startCost[s]!)
  }
  if (!(lo <= hi)) return { dist, source }
  const range = rangeOf(graph.adjCost)
  const width = Math.max(MIN_BUCKET_M, Number.isFinite(range.minPositive) ? range.minPositive : 1)
  const queue = new BucketQueue(width, range.max + (hi - lo), Math.max(1024, n >> 3))
  for (let s = 0; s < startNode.length; s++) {
    const v = startNode[s]!
    const c = startCost[s]!
    if (c < dist[v]!) {
      dist[v] = c
      source[v] = startLabel[s]!
      queue.push(v, c)
    }
  }
  relax(graph, dist, source, queue)
  return { dist, source }
}

/**
 * Runs a search from whatever `queue` holds over `dist` / `source` as they stand, relaxing only
 * nodes it improves: the core of the full search and of a field's incremental updates.
 */
export function relax(
  graph: CsrGraph,
  dist: Float64Array,
  source: Int32Array,
  queue: SearchQueue,
): void {
  const { adjStart, adjNode, adjCost } = graph
  const bucket = queue instanceof BucketQueue ? queue : null
  const heap = bucket ? null : (queue as MinHeap)
  while (queue.length > 0) {
    let d: number
    let v: number
    if (bucket) {
      v = bucket.pop()
      d = bucket.lastKey
    } else {
      d = heap!.peekKey()
      v = heap!.pop()
    }
    if (d > dist[v]!) continue
    const label = source[v]!
    for (let k = adjStart[v]!, end = adjStart[v + 1]!; k < end; k++) {
      const w = adjNode[k]!
      const nd = d + adjCost[k]!
      if (nd < dist[w]!) {
        dist[w] = nd
        source[w] = label
        queue.push(w, nd)
      }
    }
  }
}
