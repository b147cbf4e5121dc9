import { EARTH_RADIUS_M } from '../geo/units.ts'

/**
 * A walking network as a compact undirected graph: typed arrays only, so it moves to a worker
 * as transferables and into a cache as one byte string ({@link encodeWalkGraph}).
 *
 * Nodes are the junctions (every vertex that occurs more than once in the input, and line ends);
 * an edge is the run of vertices between two nodes, its geometry kept for snapping. Lengths are
 * great-circle metres on the sphere of R = 6,371,008.8 m, summed over the edge's segments.
 * `edgeCost` is the length times the way's cost factor (1, or more for steps): the metres of
 * level walking the edge is worth, which is what shortest paths add up.
 */
export interface WalkGraph {
  readonly nodeCount: number
  readonly edgeCount: number
  /** Node longitude, latitude (degrees), interleaved: node i at [2i], [2i + 1]. */
  readonly nodeLngLat: Float64Array
  readonly edgeFrom: Int32Array
  readonly edgeTo: Int32Array
  /** Great-circle length of each edge, metres. */
  readonly edgeLength: Float64Array
  /** Length × cost factor, metres of level walking. */
  readonly edgeCost: Float64Array
  /** Edge e's vertices are `geomLngLat[2·geomStart[e] …  2·geomStart[e+1])`, from node first. */
  readonly geomStart: Int32Array
  readonly geomLngLat: Float64Array
  /** CSR adjacency: node i's neighbours are `adjNode[adjStart[i] … adjStart[i+1])`. */
  readonly adjStart: Int32Array
  readonly adjNode: Int32Array
  readonly adjEdge: Int32Array
  /** Cost of the edge to each neighbour, metres (a copy of edgeCost in adjacency order). */
  readonly adjCost: Float64Array
}

const DEG = Math.PI / 180

/**
 * Great-circle distance (haversine) between two lon/lat points, metres on the R = 6,371,008.8 m
 * sphere — the project's one distance.
 * @example haversineM(121.5, 25.0, 121.51, 25.0) // ≈ 1008.2
 */
export function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * DEG
  const dLon = (lon2 - lon1) * DEG
  const s1 = Math.sin(dLat / 2)
  const s2 = Math.sin(dLon / 2)
  const a = s1 * s1 + Math.cos(lat1 * DEG) * Math.cos(lat2 * DEG) * s2 * s2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)))
}

/**
 * Builds the CSR adjacency of a graph from its edge lists. Self-loops are left out of the
 * adjacency (they never shorten a path) but stay edges, so points still snap to them.
 * @example csrAdjacency(2, Int32Array.of(0), Int32Array.of(1), Float64Array.of(5))
 */
export function csrAdjacency(
  nodeCount: number,
  edgeFrom: Int32Array,
  edgeTo: Int32Array,
  edgeCost: Float64Array,
): { adjStart: Int32Array; adjNode: Int32Array; adjEdge: Int32Array; adjCost: Float64Array } {
  const adjStart = new Int32Array(nodeCount + 1)
  const m = edgeFrom.length
  for (let e = 0; e < m; e++) {
    const a = edgeFrom[e]!
    const b = edgeTo[e]!
    if (a === b) continue
    adjStart[a + 1]!++
    adjStart[b + 1]!++
  }
  for (let i = 0; i < nodeCount; i++) adjStart[i + 1]! += adjStart[i]!
  const total = adjStart[nodeCount]!
  const adjNode = new Int32Array(total)
  const adjEdge = new Int32Array(total)
  const adjCost = new Float64Array(total)
  const fill = adjStart.slice(0, nodeCount)
  for (let e = 0; e < m; e++) {
    const a = edgeFrom[e]!
    const b = edgeTo[e]!
    if (a === b) continue
    let k = fill[a]!++
    adjNode[k] = b
    adjEdge[k] = e
    adjCost[k] = edgeCost[e]!
    k = fill[b]!++
    adjNode[k] = a
    adjEdge[k] = e
    adjCost[k] = edgeCost[e]!
  }
  return { adjStart, adjNode, adjEdge, adjCost }
}

/** The typed arrays of a graph, in a fixed order (encoding and transfer lists follow it). */
const ARRAYS = [
  'nodeLngLat',
  'edgeFrom',
  'edgeTo',
  'edgeLength',
  'edgeCost',
  'geomStart',
  'geomLngLat',
  'adjStart',
  'adjNode',
  'adjEdge',
  'adjCost',
] as const

/**
 * The buffers to list as transferables when posting a graph to or from a worker (the graph
 * object itself is structured-cloneable as it is).
 * @example worker.postMessage(graph, walkGraphTransferables(graph))
 */
export function walkGraphTransferables(graph: WalkGraph): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>()
  for (const k of ARRAYS) out.add(graph[k].buffer as ArrayBuffer)
  return [...out]
}

const MAGIC = 0x4b4c4157 // "WALK" little-endian
const VERSION = 1

/**
 * Serialises a graph into one byte string for a cache (IndexedDB, a file): a small header, then
 * each array 8-byte aligned. {@link decodeWalkGraph} reads it back without copying the numbers.
 * @example const bytes = encodeWalkGraph(graph); decodeWalkGraph(bytes).edgeCount === graph.edgeCount
 */
export function encodeWalkGraph(graph: WalkGraph): Uint8Array {
  const headerInts = 4 + ARRAYS.length
  let size = headerInts * 4
  size = (size + 7) & ~7
  const offsets: number[] = []
  for (const k of ARRAYS) {
    offsets.push(size)
    size += graph[k].byteLength
    size = (size + 7) & ~7
  }
  const bytes = new Uint8Array(size)
  const head = new DataView(bytes.buffer)
  head.setUint32(0, MAGIC, true)
  head.setUint32(4, VERSION, true)
  head.setUint32(8, graph.nodeCount, true)
  head.setUint32(12, graph.edgeCount, true)
  ARRAYS.forEach((k, i) => {
    const a = graph[k]
    head.setUint32(16 + 4 * i, a.length, true)
    bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offsets[i]!)
  })
  return bytes
}

/**
 * Reads a graph written by {@link encodeWalkGraph}. Throws on bytes that are not one.
 * @example decodeWalkGraph(encodeWalkGraph(graph))
 */
export function decodeWalkGraph(bytes: Uint8Array): WalkGraph {
  // Own, aligned buffer: typed array views need offsets that are multiples of 8.
  const buf =
    bytes.byteOffset % 8 === 0
      ? bytes
      : (() => {
          const c = new Uint8Array(bytes.byteLength)
          c.set(bytes)
          return c
        })()
  if (buf.byteLength < 16) throw new Error('not a walking-network cache (too short)')
  const head = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  if (head.getUint32(0, true) !== MAGIC) throw new Error('not a walking-network cache')
  const version = head.getUint32(4, true)
  if (version !== VERSION) throw new Error(`walking-network cache version ${version} ≠ ${VERSION}`)
  const nodeCount = head.getUint32(8, true)
  const edgeCount = head.getUint32(12, true)
  let at = ((4 + ARRAYS.length) * 4 + 7) & ~7
  const arrays: Record<string, Float64Array | Int32Array> = {}
  ARRAYS.forEach((k, i) => {
    const n = head.getUint32(16 + 4 * i, true)
    const isFloat =
      k === 'nodeLngLat' || k === 'geomLngLat' || k.endsWith('Length') || k.endsWith('Cost')
    const bytesPer = isFloat ? 8 : 4
    if (at + n * bytesPer > buf.byteLength) throw new Error('walking-network cache is truncated')
    arrays[k] = isFloat
      ? new Float64Array(buf.buffer, buf.byteOffset + at, n)
      : new Int32Array(buf.buffer, buf.byteOffset + at, n)
    at = (at + n * bytesPer + 7) & ~7
  })
  return { nodeCount, edgeCount, ...arrays } as unknown as WalkGraph
}
