import { edgeFactor, linkDistance } from './network-distances.ts'
import { MinHeap } from './min-heap.ts'
import { multiSourceDijkstra } from './multi-source-dijkstra.ts'
import type { PointLinks } from './edge-snapper.ts'
import type { WalkGraph } from './walk-graph.ts'

/**
 * Node distances from a changing set of facilities, kept up to date edit by edit.
 *
 * Facility j sits at (`edge`, `offset`, `connector`) — a link from {@link EdgeSnapper} — and is
 * a Dijkstra source at both ends of its edge. Adding one runs a Dijkstra from it that relaxes
 * only the nodes it improves. Removing one resets the nodes whose shortest path came from it
 * (every other node keeps an optimal path from a facility still there) and re-runs Dijkstra over
 * just those, seeded from their unaffected neighbours and the facilities on their edges.
 *
 * Every node's distance is the minimum over paths of the same floating-point sums whatever the
 * order of edits (addition is monotone), so an edited field equals a fresh build bit for bit.
 */
export class FacilityNodeField {
  /** Walking cost (m) from the nearest active facility to each node; Infinity when none. */
  readonly dist: Float64Array
  /** The facility each node's distance comes from (−1: none). */
  readonly source: Int32Array
  /** Facility links, grown as facilities are added (entries past `count` are unused). */
  links: PointLinks = {
    edge: new Int32Array(16),
    offset: new Float64Array(16),
    connector: new Float64Array(16),
  }
  active = new Uint8Array(16)
  count = 0
  /** Active facilities per edge. */
  readonly byEdge = new Map<number, number[]>()
  private readonly heap: MinHeap
  private readonly mark: Uint8Array
  private readonly touched: number[] = []

  constructor(readonly graph: WalkGraph) {
    this.dist = new Float64Array(graph.nodeCount).fill(Infinity)
    this.source = new Int32Array(graph.nodeCount).fill(-1)
    this.heap = new MinHeap(Math.max(1024, graph.nodeCount >> 2))
    this.mark = new Uint8Array(graph.nodeCount)
  }

  /**
   * Registers facility `j` at a link (edge −1: unlinked, it never counts) without computing
   * anything; `j` may be any index (arrays grow). Use {@link rebuild} or {@link add} after.
   */
  place(j: number, edge: number, offset: number, connector: number): void {
    while (j >= this.active.length) this.grow()
    this.links.edge[j] = edge
    this.links.offset[j] = offset
    this.links.connector[j] = connector
    this.active[j] = 0
    this.count = Math.max(this.count, j + 1)
  }

  /** Recomputes every node from the facilities in `which` (all placed, linked ones are used). */
  rebuild(which: ArrayLike<number>): void {
    this.byEdge.clear()
    this.active.fill(0)
    const g = this.graph
    const node: number[] = []
    const cost: number[] = []
    const label: number[] = []
    for (let i = 0; i < which.length; i++) {
      const j = which[i]!
      const e = this.links.edge[j]!
      if (e < 0) continue
      this.active[j] = 1
      const list = this.byEdge.get(e)
      if (list) list.push(j)
      else this.byEdge.set(e, [j])
      const f = edgeFactor(g, e)
      const off = this.links.offset[j]!
      const c = this.links.connector[j]!
      node.push(g.edgeFrom[e]!, g.edgeTo[e]!)
      cost.push(c + off * f, c + (g.edgeLength[e]! - off) * f)
      label.push(j, j)
    }
    // The full search on the bucket queue; edits use the heap. Both give the least path sums.
    multiSourceDijkstra(g, Int32Array.from(node), Float64Array.from(cost), Int32Array.from(label), {
      dist: this.dist,
      source: this.source,
    })
  }

  /**
   * Makes placed facility `j` count. Returns the nodes whose distance went down (empty when
   * none; null when `j` is unlinked and changes nothing).
   */
  add(j: number): number[] | null {
    if (this.links.edge[j]! < 0 || this.active[j] === 1) return null
    this.active[j] = 1
    this.heap.clear()
    this.seed(j)
    return this.run(this.touched.splice(0))
  }

  /** Makes facility `j` stop counting. Returns the nodes whose distance went up (or null). */
  remove(j: number): number[] | null {
    if (this.active[j] !== 1) return null
    this.active[j] = 0
    const e = this.links.edge[j]!
    const list = this.byEdge.get(e)!
    list.splice(list.indexOf(j), 1)
    if (list.length === 0) this.byEdge.delete(e)
    const { dist, source, mark, graph } = this
    const affected: number[] = []
    for (let v = 0; v < graph.nodeCount; v++) {
      if (source[v] === j) {
        affected.push(v)
        mark[v] = 1
        dist[v] = Infinity
        source[v] = -1
      }
    }
    const { adjStart, adjNode, adjCost, adjEdge } = graph
    const heap = this.heap
    heap.clear()
    for (const v of affected) {
      for (let k = adjStart[v]!; k < adjStart[v + 1]!; k++) {
        const w = adjNode[k]!
        if (mark[w] === 0) {
          const d = dist[w]! + adjCost[k]!
          if (d < dist[v]! || (d === dist[v]! && source[w]! < source[v]!)) {
            dist[v] = d
            source[v] = source[w]!
          }
        }
        const on = this.byEdge.get(adjEdge[k]!)
        if (on) for (const f of on) this.offer(v, f)
      }
    }
    for (const v of affected) if (dist[v]! < Infinity) heap.push(v, dist[v]!)
    // Self-loops are not in the adjacency: facilities on a loop at an affected node re-enter here.
    this.offerLoops()
    for (const v of affected) mark[v] = 0
    this.run(null)
    return affected
  }

  /**
   * Walking distance (m) from a point linked at (`edge`, `offset`, `connector`) to the nearest
   * active facility — the project's convention, see network-distances.ts. `best.facility` gets
   * its index (−1 when none).
   */
  distanceAt(edge: number, offset: number, connector: number, best: { facility: number }): number {
    const nodes = { dist: this.dist, source: this.source }
    return linkDistance(this.graph, nodes, this.links, this.byEdge, edge, offset, connector, best)
  }

  private seed(j: number): void {
    const e = this.links.edge[j]!
    const list = this.byEdge.get(e)
    if (list) list.push(j)
    else this.byEdge.set(e, [j])
    this.offer(this.graph.edgeFrom[e]!, j)
    this.offer(this.graph.edgeTo[e]!, j)
  }

  /** Facility j's cost to node v (an end of its edge), taken if it improves v. */
  private offer(v: number, j: number): void {
    const g = this.graph
    const e = this.links.edge[j]!
    const f = edgeFactor(g, e)
    const off = this.links.offset[j]!
    const c = this.links.connector[j]!
    let d = Infinity
    if (g.edgeFrom[e] === v) d = c + off * f
    if (g.edgeTo[e] === v) d = Math.min(d, c + (g.edgeLength[e]! - off) * f)
    // Ties may move a label but never a distance: the distances stay bit-for-bit those of a build.
    if (d < this.dist[v]! || (d === this.dist[v]! && j < this.source[v]!)) {
      if (d < this.dist[v]!) this.touched.push(v)
      this.dist[v] = d
      this.source[v] = j
      this.heap.push(v, d)
    }
  }

  private offerLoops(): void {
    const g = this.graph
    for (const [e, list] of this.byEdge) {
      if (g.edgeFrom[e] !== g.edgeTo[e]) continue
      const v = g.edgeFrom[e]!
      if (this.mark[v] !== 1) continue
      for (const f of list) this.offer(v, f)
    }
  }

  /** Dijkstra from the heap; returns the improved nodes when asked to track them. */
  private run(changed: number[] | null): number[] {
    const { adjStart, adjNode, adjCost } = this.graph
    const { dist, source, heap } = this
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
          changed?.push(w)
        }
      }
    }
    this.touched.length = 0
    return changed ?? []
  }

  private grow(): void {
    const n = this.active.length * 2
    const edge = new Int32Array(n).fill(-1)
    edge.set(this.links.edge)
    const offset = new Float64Array(n)
    offset.set(this.links.offset)
    const connector = new Float64Array(n)
    connector.set(this.links.connector)
    this.links = { edge, offset, connector }
    const active = new Uint8Array(n)
    active.set(this.active)
    this.active = active
  }
}
