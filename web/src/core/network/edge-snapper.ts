import Flatbush from 'flatbush'
import {
  projectStereographic,
  stereographicPlane,
  unprojectStereographic,
  type StereographicPlane,
} from '../geo/stereographic.ts'
import { haversineM, type WalkGraph } from './walk-graph.ts'

/** Points and facilities farther than this from every walkable edge are unlinked (metres). */
export const DEFAULT_MAX_SNAP_M = 200

/**
 * Where points meet the network: per point, the edge of its nearest point on the network (−1:
 * unlinked), the distance along that edge from its `from` node to the foot (metres), and the
 * straight connector from the point to the foot (metres; NaN when unlinked).
 */
export interface PointLinks {
  edge: Int32Array
  offset: Float64Array
  connector: Float64Array
}

/**
 * Finds the nearest point of the nearest edge (the perpendicular foot on a segment, not the
 * nearest node) with a Flatbush index over every edge segment. Segments are measured in a
 * stereographic plane centred on the network (conformal; the scale error is below 10⁻⁶ within
 * 6 km of the centre), the connector and offsets then on the sphere of R = 6,371,008.8 m.
 */
export class EdgeSnapper {
  readonly plane: StereographicPlane
  private readonly xy: Float64Array
  /** Along-edge distance (m) at each geometry vertex, from its edge's first vertex. */
  private readonly cum: Float64Array
  /** Per segment: index of its first geometry vertex. */
  private readonly segStart: Int32Array
  private readonly segEdge: Int32Array
  private readonly index: Flatbush
  private readonly p = new Float64Array(2)
  /** Segment of the last point snapped (−1: none yet). */
  private lastSeg = -1

  constructor(readonly graph: WalkGraph) {
    const { geomStart, geomLngLat, edgeCount } = graph
    const nv = geomStart[edgeCount]!
    let w = 180
    let e = -180
    let s = 90
    let n = -90
    for (let i = 0; i < nv; i++) {
      w = Math.min(w, geomLngLat[2 * i]!)
      e = Math.max(e, geomLngLat[2 * i]!)
      s = Math.min(s, geomLngLat[2 * i + 1]!)
      n = Math.max(n, geomLngLat[2 * i + 1]!)
    }
    this.plane = stereographicPlane(nv > 0 ? (w + e) / 2 : 0, nv > 0 ? (s + n) / 2 : 0)
    this.xy = new Float64Array(2 * nv)
    this.cum = new Float64Array(nv)
    for (let i = 0; i < nv; i++) {
      projectStereographic(this.plane, geomLngLat[2 * i]!, geomLngLat[2 * i + 1]!, this.xy, 2 * i)
    }
    const segs = nv - edgeCount
    this.segStart = new Int32Array(segs)
    this.segEdge = new Int32Array(segs)
    this.index = new Flatbush(Math.max(segs, 1))
    let k = 0
    const xy = this.xy
    for (let ed = 0; ed < edgeCount; ed++) {
      const a = geomStart[ed]!
      const b = geomStart[ed + 1]!
      this.cum[a] = 0
      for (let i = a + 1; i < b; i++) {
        this.cum[i] =
          this.cum[i - 1]! +
          haversineM(
            geomLngLat[2 * i - 2]!,
            geomLngLat[2 * i - 1]!,
            geomLngLat[2 * i]!,
            geomLngLat[2 * i + 1]!,
          )
        this.segStart[k] = i - 1
        this.segEdge[k] = ed
        const x0 = xy[2 * i - 2]!
        const y0 = xy[2 * i - 1]!
        const x1 = xy[2 * i]!
        const y1 = xy[2 * i + 1]!
        this.index.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1))
        k++
      }
      // The summed segments are the edge's length exactly (the builder summed the same way).
      if (b > a) this.cum[b - 1] = graph.edgeLength[ed]!
    }
    if (segs === 0) this.index.add(0, 0, 0, 0)
    this.index.finish()
  }

  /** Squared plane distance from (x, y) to segment k, and the foot's parameter t ∈ [0, 1]. */
  private segDist(k: number, x: number, y: number, out: { d2: number; t: number }): void {
    const i = this.segStart[k]!
    const xy = this.xy
    const x0 = xy[2 * i]!
    const y0 = xy[2 * i + 1]!
    const dx = xy[2 * i + 2]! - x0
    const dy = xy[2 * i + 3]! - y0
    const l2 = dx * dx + dy * dy
    let t = l2 > 0 ? ((x - x0) * dx + (y - y0) * dy) / l2 : 0
    t = t < 0 ? 0 : t > 1 ? 1 : t
    const fx = x0 + t * dx - x
    const fy = y0 + t * dy - y
    out.d2 = fx * fx + fy * fy
    out.t = t
  }

  /**
   * The nearest point of the network to `lon`, `lat`: its edge, offset along it and connector
   * (metres), or null when every edge is farther than `maxM` metres.
   * @example snapper.snap(121.54, 25.03, 200)?.connector
   */
  snap(
    lon: number,
    lat: number,
    maxM: number = DEFAULT_MAX_SNAP_M,
  ): { edge: number; offset: number; connector: number; lngLat: [number, number] } | null {
    if (this.segEdge.length === 0) return null
    projectStereographic(this.plane, lon, lat, this.p, 0)
    const x = this.p[0]!
    const y = this.p[1]!
    const probe = { d2: 0, t: 0 }
    // A few nearest boxes bound the true nearest distance from above; every segment that could
    // beat it has its box within that bound.
    let bestK = -1
    let bestD2 = Infinity
    let bestT = 0
    const limit = maxM * 1.001 + 1
    // The last point's segment bounds the search when points come in order (grid cells do):
    // one box search then settles it, without a nearest-neighbour walk. The answer is the
    // same either way — the least (distance, segment) over every segment within the bound.
    const hint = this.lastSeg
    if (hint >= 0) {
      this.segDist(hint, x, y, probe)
      if (probe.d2 <= limit * limit) {
        bestD2 = probe.d2
        bestK = hint
        bestT = probe.t
      }
    }
    if (bestK < 0) {
      for (const k of this.index.neighbors(x, y, 4, limit)) {
        this.segDist(k, x, y, probe)
        if (probe.d2 < bestD2 || (probe.d2 === bestD2 && k < bestK)) {
          bestD2 = probe.d2
          bestK = k
          bestT = probe.t
        }
      }
    }
    if (bestK < 0) return null
    const r = Math.sqrt(bestD2) + 1e-9
    this.index.search(x - r, y - r, x + r, y + r, (k) => {
      this.segDist(k, x, y, probe)
      if (probe.d2 < bestD2 || (probe.d2 === bestD2 && k < bestK)) {
        bestD2 = probe.d2
        bestK = k
        bestT = probe.t
      }
      return false
    })
    this.lastSeg = bestK
    const i = this.segStart[bestK]!
    const xy = this.xy
    const fx = xy[2 * i]! + bestT * (xy[2 * i + 2]! - xy[2 * i]!)
    const fy = xy[2 * i + 1]! + bestT * (xy[2 * i + 3]! - xy[2 * i + 1]!)
    const foot = unprojectStereographic(this.plane, fx, fy)
    const connector = haversineM(lon, lat, foot[0], foot[1])
    if (connector > maxM) return null
    const offset = this.cum[i]! + bestT * (this.cum[i + 1]! - this.cum[i]!)
    return { edge: this.segEdge[bestK]!, offset, connector, lngLat: foot }
  }

  /**
   * {@link snap} for many points (`lngLat` interleaved), into typed arrays.
   * @example snapper.link(Float64Array.of(121.54, 25.03), 200).edge[0] // −1 when unlinked
   */
  link(lngLat: ArrayLike<number>, maxM: number = DEFAULT_MAX_SNAP_M): PointLinks {
    const n = Math.floor(lngLat.length / 2)
    const edge = new Int32Array(n).fill(-1)
    const offset = new Float64Array(n)
    const connector = new Float64Array(n).fill(NaN)
    for (let i = 0; i < n; i++) {
      const s = this.snap(lngLat[2 * i]!, lngLat[2 * i + 1]!, maxM)
      if (!s) continue
      edge[i] = s.edge
      offset[i] = s.offset
      connector[i] = s.connector
    }
    return { edge, offset, connector }
  }
}
