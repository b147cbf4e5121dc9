import { unprojectStereographic } from '../geo/stereographic.ts'
import {
  cellCentre,
  type ChangedBox,
  type DistanceField,
  type DistanceFieldFactory,
  type FieldContext,
  type FieldSeeds,
} from '../coverage/grid/distance-field.ts'
import type { SparseCells } from '../coverage/grid/nearest-seeds.ts'
import { DEFAULT_MAX_SNAP_M, EdgeSnapper } from './edge-snapper.ts'
import { FacilityNodeField } from './facility-node-field.ts'
import type { WalkGraph } from './walk-graph.ts'

/** Where each grid cell's centre meets the network, and which cells sit on each edge. */
interface CellLinks {
  /** Per cell: edge of its foot (−1: unlinked, farther than the snap distance). */
  edge: Int32Array
  offset: Float64Array
  connector: Float64Array
  /** Cells by edge (CSR): edge e's cells are `cellOf[edgeStart[e] … edgeStart[e+1])`. */
  edgeStart: Int32Array
  cellOf: Int32Array
  /** Unlinked cells (no edge within the snap distance). */
  unlinked: number
}

function linkCells(snapper: EdgeSnapper, context: FieldContext, maxSnapM: number): CellLinks {
  const { cells, plane } = context
  const m = cells.col.length
  const edge = new Int32Array(m).fill(-1)
  const offset = new Float64Array(m)
  const connector = new Float64Array(m)
  const xy = new Float64Array(2)
  let unlinked = 0
  for (let r = 0; r + 1 < cells.rowStart.length; r++) {
    for (let k = cells.rowStart[r]!; k < cells.rowStart[r + 1]!; k++) {
      cellCentre(cells, k, r, xy)
      const [lon, lat] = unprojectStereographic(plane, xy[0]!, xy[1]!)
      const s = snapper.snap(lon, lat, maxSnapM)
      if (!s) {
        unlinked++
        continue
      }
      edge[k] = s.edge
      offset[k] = s.offset
      connector[k] = s.connector
    }
  }
  const edgeStart = new Int32Array(snapper.graph.edgeCount + 1)
  for (let k = 0; k < m; k++) if (edge[k]! >= 0) edgeStart[edge[k]! + 1]!++
  for (let e = 0; e < snapper.graph.edgeCount; e++) edgeStart[e + 1]! += edgeStart[e]!
  const fill = edgeStart.slice(0, -1)
  const cellOf = new Int32Array(edgeStart[snapper.graph.edgeCount]!)
  for (let k = 0; k < m; k++) if (edge[k]! >= 0) cellOf[fill[edge[k]!]!++] = k
  return { edge, offset, connector, edgeStart, cellOf, unlinked }
}

/**
 * The walking-network {@link DistanceField}: each cell's distance is the walk from its centre —
 * straight to the nearest point of the nearest edge, along the streets, then the facility's own
 * connector (the convention of network-distances.ts). Cells and facilities farther than the snap
 * distance from every edge are unlinked: an unlinked cell is at Infinity, an unlinked facility
 * reaches nobody.
 *
 * An edit updates the node distances incrementally ({@link FacilityNodeField}) and then only the
 * cells on edges touching a changed node or the edited facility's own edge.
 */
class NetworkDistanceField implements DistanceField {
  readonly kind = 'network'
  // Reach along streets is no disc: boundary cells take their covered part from the distance.
  readonly reachIsDisc = false
  readonly dist: Float32Array
  private readonly nodes: FacilityNodeField
  private readonly best = { facility: -1 }
  private readonly edgeMark: Uint8Array
  /** Self-loop edges (not in the adjacency). */
  private readonly loops: number[] = []

  constructor(
    private readonly graph: WalkGraph,
    private readonly snapper: EdgeSnapper,
    private readonly context: FieldContext,
    private readonly links: CellLinks,
    private readonly maxSnapM: number,
  ) {
    this.dist = new Float32Array(context.cells.col.length)
    this.nodes = new FacilityNodeField(graph)
    this.edgeMark = new Uint8Array(graph.edgeCount)
    for (let e = 0; e < graph.edgeCount; e++)
      if (graph.edgeFrom[e] === graph.edgeTo[e]) this.loops.push(e)
  }

  /** Snaps seeds the field has not seen yet (indices are stable; new ones are appended). */
  private placeNew(seeds: FieldSeeds): void {
    const xy = this.context.plane
    for (let j = this.nodes.count; j < seeds.count; j++) {
      const [lon, lat] = unprojectStereographic(xy, seeds.x[j]!, seeds.y[j]!)
      const s = this.snapper.snap(lon, lat, this.maxSnapM)
      if (s) this.nodes.place(j, s.edge, s.offset, s.connector)
      else this.nodes.place(j, -1, 0, NaN)
    }
  }

  build(seeds: FieldSeeds): void {
    this.placeNew(seeds)
    const on: number[] = []
    for (let j = 0; j < seeds.count; j++) if (seeds.active[j] === 1) on.push(j)
    this.nodes.rebuild(on)
    const { edge, offset, connector } = this.links
    for (let k = 0; k < this.dist.length; k++) {
      const e = edge[k]!
      this.dist[k] =
        e < 0 ? Infinity : this.nodes.distanceAt(e, offset[k]!, connector[k]!, this.best)
    }
  }

  add(seeds: FieldSeeds, j: number): ChangedBox | null {
    this.placeNew(seeds)
    const changed = this.nodes.add(j)
    if (changed === null) return null
    return this.refresh(changed, j)
  }

  remove(seeds: FieldSeeds, j: number): ChangedBox | null {
    this.placeNew(seeds)
    const changed = this.nodes.remove(j)
    if (changed === null) return null
    return this.refresh(changed, j)
  }

  /** Recomputes the cells on edges at changed nodes and on facility j's edge; their box. */
  private refresh(changedNodes: number[], j: number): ChangedBox | null {
    const g = this.graph
    const edges: number[] = []
    const markEdge = (e: number): void => {
      if (this.edgeMark[e] === 0) {
        this.edgeMark[e] = 1
        edges.push(e)
      }
    }
    markEdge(this.nodes.links.edge[j]!)
    for (const v of changedNodes) {
      for (let k = g.adjStart[v]!; k < g.adjStart[v + 1]!; k++) markEdge(g.adjEdge[k]!)
    }
    // Self-loops are not in the adjacency; their cells depend on their one node.
    if (changedNodes.length > 0 && this.loops.length > 0) {
      const set = new Set(changedNodes)
      for (const e of this.loops) if (set.has(g.edgeFrom[e]!)) markEdge(e)
    }
    const { offset, connector, edgeStart, cellOf } = this.links
    const cells: SparseCells = this.context.cells
    const xy = new Float64Array(2)
    let minX = Infinity
    let minY = Infinity
    let maxX = -Infinity
    let maxY = -Infinity
    for (const e of edges) {
      this.edgeMark[e] = 0
      for (let q = edgeStart[e]!; q < edgeStart[e + 1]!; q++) {
        const k = cellOf[q]!
        const d = Math.fround(this.nodes.distanceAt(e, offset[k]!, connector[k]!, this.best))
        if (d === this.dist[k]) continue
        this.dist[k] = d
        cellCentre(cells, k, -1, xy)
        minX = Math.min(minX, xy[0]!)
        minY = Math.min(minY, xy[1]!)
        maxX = Math.max(maxX, xy[0]!)
        maxY = Math.max(maxY, xy[1]!)
      }
    }
    if (minX > maxX) return null
    const h = cells.grid.cell / 2
    return { minX: minX - h, minY: minY - h, maxX: maxX + h, maxY: maxY + h }
  }
}

/** Options of {@link networkFieldFactory}. */
export interface NetworkFieldOptions {
  /** Cells and facilities farther than this from every edge are unlinked (m, default 200). */
  maxSnapM?: number
  /** An edge index already made for `graph` (else one is made on first use). */
  snapper?: EdgeSnapper
}

/**
 * A {@link DistanceFieldFactory} for walking distances over `graph`: the grid model calls it once
 * per category; the edge index and the cells' links to the network are made once and shared.
 * `stats()` says how many cells were unlinked.
 * @example createGridModel(input, { distanceField: networkFieldFactory(graph) })
 */
export function networkFieldFactory(
  graph: WalkGraph,
  options: NetworkFieldOptions = {},
): DistanceFieldFactory & { stats(): { cells: number; unlinkedCells: number } } {
  const maxSnapM = options.maxSnapM ?? DEFAULT_MAX_SNAP_M
  let snapper: EdgeSnapper | null = options.snapper ?? null
  const linked = new WeakMap<SparseCells, CellLinks>()
  let last: { cells: number; unlinkedCells: number } = { cells: 0, unlinkedCells: 0 }
  const factory = (context: FieldContext): DistanceField => {
    snapper ??= new EdgeSnapper(graph)
    let links = linked.get(context.cells)
    if (!links) {
      links = linkCells(snapper, context, maxSnapM)
      linked.set(context.cells, links)
      last = { cells: context.cells.col.length, unlinkedCells: links.unlinked }
    }
    return new NetworkDistanceField(graph, snapper, context, links, maxSnapM)
  }
  return Object.assign(factory, { stats: () => last })
}
