import type { InputIssue } from '../io/input-issue.ts'
import type { DropReason } from './walkable-way.ts'
import { csrAdjacency, haversineM, type WalkGraph } from './walk-graph.ts'

/** One walkable line as read from a file: indices into the vertex table, and its cost factor. */
export interface RawWay {
  vertices: ArrayLike<number>
  factor: number
}

/** What a reader hands the graph builder. */
export interface RawNetwork {
  source: string
  /** Vertex longitude, latitude (degrees) interleaved; vertex v at [2v], [2v + 1]. */
  vertexLngLat: ArrayLike<number>
  /** Walkable ways only (the reader applied the filter). */
  ways: RawWay[]
  /** Lines or ways read, walkable or not. */
  waysRead: number
  /** Ways the walkable filter dropped, by reason, with their length in metres. */
  filtered: Partial<Record<DropReason, { ways: number; lengthM: number }>>
  issues: InputIssue[]
}

/** What an import kept and dropped: counts and lengths (metres) a person can check. */
export interface NetworkReport {
  source: string
  waysRead: number
  /** Ways that passed the walkable filter. */
  waysWalkable: number
  filtered: Partial<Record<DropReason, { ways: number; lengthM: number }>>
  /** Connected components before keeping the largest. */
  components: number
  /** What the other components held. */
  droppedComponents: { nodes: number; edges: number; lengthM: number }
  kept: { nodes: number; edges: number; lengthM: number }
  /** Skipped lines (too few points, bad coordinates, missing nodes). */
  issues: InputIssue[]
}

/**
 * Length of a polyline given by vertex indices, metres on the sphere (R = 6,371,008.8 m).
 * @example lineLengthM([0, 0, 0.001, 0], [0, 1]) // ≈ 111.2
 */
export function lineLengthM(vertexLngLat: ArrayLike<number>, vertices: ArrayLike<number>): number {
  let len = 0
  for (let i = 1; i < vertices.length; i++) {
    const a = vertices[i - 1]!
    const b = vertices[i]!
    len += haversineM(
      vertexLngLat[2 * a]!,
      vertexLngLat[2 * a + 1]!,
      vertexLngLat[2 * b]!,
      vertexLngLat[2 * b + 1]!,
    )
  }
  return len
}

/**
 * Indices of points (x, y) sorted along a Hilbert curve over their bounding box (16 bits per
 * axis), ties by index.
 */
function hilbertOrder(x: number[], y: number[]): number[] {
  const n = x.length
  let x0 = Infinity
  let x1 = -Infinity
  let y0 = Infinity
  let y1 = -Infinity
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, x[i]!)
    x1 = Math.max(x1, x[i]!)
    y0 = Math.min(y0, y[i]!)
    y1 = Math.max(y1, y[i]!)
  }
  const side = 65535
  const sx = x1 > x0 ? side / (x1 - x0) : 0
  const sy = y1 > y0 ? side / (y1 - y0) : 0
  const key = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let hx = Math.round((x[i]! - x0) * sx)
    let hy = Math.round((y[i]! - y0) * sy)
    let d = 0
    for (let s = 32768; s > 0; s >>= 1) {
      const rx = (hx & s) > 0 ? 1 : 0
      const ry = (hy & s) > 0 ? 1 : 0
      d += s * s * ((3 * rx) ^ ry)
      if (ry === 0) {
        if (rx === 1) {
          hx = side - hx
          hy = side - hy
        }
        const t = hx
        hx = hy
        hy = t
      }
    }
    key[i] = d
  }
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => key[a]! - key[b]! || a - b)
}

function find(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]!]!
    i = parent[i]!
  }
  return i
}

/**
 * Builds the walking graph: nodes at line ends and at every vertex that occurs more than once
 * across the ways (two lines sharing it, or one line passing it twice), edges between them
 * carrying their vertex runs; then keeps only the largest connected component (by node count).
 * @example buildWalkGraph({ source: 'x', vertexLngLat: [0, 0, 0.001, 0], ways: [{ vertices: [0, 1], factor: 1 }], waysRead: 1, filtered: {}, issues: [] })
 */
export function buildWalkGraph(raw: RawNetwork): { graph: WalkGraph; report: NetworkReport } {
  const xy = raw.vertexLngLat
  const vertexCount = Math.floor(xy.length / 2)
  const issues = [...raw.issues]
  // Consecutive repeats are one vertex, not a junction.
  const ways: { v: Int32Array; factor: number }[] = []
  for (const w of raw.ways) {
    const v = new Int32Array(w.vertices.length)
    let n = 0
    for (let i = 0; i < w.vertices.length; i++) {
      const x = w.vertices[i]!
      if (n === 0 || v[n - 1] !== x) v[n++] = x
    }
    if (n >= 2) ways.push({ v: v.subarray(0, n), factor: w.factor })
  }
  const count = new Uint8Array(vertexCount)
  for (const w of ways) {
    for (let i = 0; i < w.v.length; i++) {
      const x = w.v[i]!
      if (count[x]! < 2) count[x]!++
    }
    count[w.v[0]!] = 2
    count[w.v[w.v.length - 1]!] = 2
  }
  const nodeOf = new Int32Array(vertexCount).fill(-1)
  let nodes = 0
  for (let x = 0; x < vertexCount; x++) if (count[x] === 2) nodeOf[x] = nodes++

  // Edges: runs between node vertices.
  const eFrom: number[] = []
  const eTo: number[] = []
  const eFactor: number[] = []
  const eGeom: Int32Array[] = []
  for (const w of ways) {
    let start = 0
    for (let i = 1; i < w.v.length; i++) {
      if (nodeOf[w.v[i]!]! < 0) continue
      eFrom.push(nodeOf[w.v[start]!]!)
      eTo.push(nodeOf[w.v[i]!]!)
      eFactor.push(w.factor)
      eGeom.push(w.v.subarray(start, i + 1))
      start = i
    }
  }

  const parent = new Int32Array(nodes)
  for (let i = 0; i < nodes; i++) parent[i] = i
  for (let e = 0; e < eFrom.length; e++) {
    const a = find(parent, eFrom[e]!)
    const b = find(parent, eTo[e]!)
    if (a !== b) parent[a] = b
  }
  const size = new Int32Array(nodes)
  let components = 0
  for (let i = 0; i < nodes; i++) {
    const r = find(parent, i)
    if (size[r] === 0) components++
    size[r]!++
  }
  let best = -1
  for (let i = 0; i < nodes; i++) if (best < 0 || size[i]! > size[best]!) best = i

  // Kept nodes numbered along a Hilbert curve: neighbours in space get nearby numbers, so a
  // search touches memory in runs (OSM node ids follow editing history, not space).
  const kept: number[] = []
  for (let i = 0; i < nodes; i++) if (find(parent, i) === best) kept.push(i)
  const vertexOfNode = new Int32Array(nodes)
  for (let x = 0; x < vertexCount; x++) if (nodeOf[x]! >= 0) vertexOfNode[nodeOf[x]!] = x
  const order = hilbertOrder(
    kept.map((i) => xy[2 * vertexOfNode[i]!]!),
    kept.map((i) => xy[2 * vertexOfNode[i]! + 1]!),
  )
  const newId = new Int32Array(nodes).fill(-1)
  const keptNodes = kept.length
  order.forEach((k, rank) => {
    newId[kept[k]!] = rank
  })
  const nodeLngLat = new Float64Array(2 * keptNodes)
  for (let x = 0; x < vertexCount; x++) {
    const n = nodeOf[x]!
    if (n >= 0 && newId[n]! >= 0) {
      nodeLngLat[2 * newId[n]!] = xy[2 * x]!
      nodeLngLat[2 * newId[n]! + 1] = xy[2 * x + 1]!
    }
  }
  const keep: number[] = []
  const dropped = { nodes: nodes - keptNodes, edges: 0, lengthM: 0 }
  let geomTotal = 0
  const lengths = new Float64Array(eFrom.length)
  for (let e = 0; e < eFrom.length; e++) {
    lengths[e] = lineLengthM(xy, eGeom[e]!)
    if (newId[eFrom[e]!]! >= 0) {
      keep.push(e)
      geomTotal += eGeom[e]!.length
    } else {
      dropped.edges++
      dropped.lengthM += lengths[e]!
    }
  }
  const m = keep.length
  const edgeFrom = new Int32Array(m)
  const edgeTo = new Int32Array(m)
  const edgeLength = new Float64Array(m)
  const edgeCost = new Float64Array(m)
  const geomStart = new Int32Array(m + 1)
  const geomLngLat = new Float64Array(2 * geomTotal)
  let g = 0
  let keptLength = 0
  keep.forEach((e, k) => {
    edgeFrom[k] = newId[eFrom[e]!]!
    edgeTo[k] = newId[eTo[e]!]!
    edgeLength[k] = lengths[e]!
    edgeCost[k] = lengths[e]! * eFactor[e]!
    keptLength += lengths[e]!
    geomStart[k] = g
    for (const x of eGeom[e]!) {
      geomLngLat[2 * g] = xy[2 * x]!
      geomLngLat[2 * g + 1] = xy[2 * x + 1]!
      g++
    }
  })
  geomStart[m] = g
  const adj = csrAdjacency(keptNodes, edgeFrom, edgeTo, edgeCost)
  const graph: WalkGraph = {
    nodeCount: keptNodes,
    edgeCount: m,
    nodeLngLat,
    edgeFrom,
    edgeTo,
    edgeLength,
    edgeCost,
    geomStart,
    geomLngLat,
    ...adj,
  }
  return {
    graph,
    report: {
      source: raw.source,
      waysRead: raw.waysRead,
      waysWalkable: raw.ways.length,
      filtered: raw.filtered,
      components,
      droppedComponents: dropped,
      kept: { nodes: keptNodes, edges: m, lengthM: keptLength },
      issues,
    },
  }
}
