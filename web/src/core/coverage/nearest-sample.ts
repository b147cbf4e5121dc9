import { pointInPlanePolygon, type PlanePolygon } from './plane-polygon.ts'
import type { PopulationPiece } from './population-pieces.ts'

/** Sample points per side of a community's bounding box. */
export const SAMPLE_SIDE = 12

/**
 * A regular grid of sample points over a community's plane bounding box (cell centres), with
 * the people each stands for and its distance to the nearest facility of a candidate set.
 */
export interface NearestSample {
  x: Float64Array
  y: Float64Array
  /** People of the target group the point stands for (0 outside the community). */
  w: Float64Array
  /** Distance to the nearest candidate facility, metres (Infinity when there is none). */
  d: Float64Array
  /** Every point of the box is within h metres of a sample point (half a cell diagonal). */
  h: number
}

/** An empty sample, to be filled by {@link layOutSample}. */
export function newNearestSample(): NearestSample {
  const n = SAMPLE_SIDE * SAMPLE_SIDE
  return {
    x: new Float64Array(n),
    y: new Float64Array(n),
    w: new Float64Array(n),
    d: new Float64Array(n),
    h: 0,
  }
}

/**
 * Lays the grid over the box [minX, minY, maxX, maxY] (plane metres) and weights each point by
 * the density of people of group `g` there: the piece of the population layer holding it, else
 * (people spread evenly, or a group the layer does not place) 1 inside the community.
 * @example layOutSample(sample, polys, null, 0, Float64Array.of(0, 0, 1000, 1000))
 */
export function layOutSample(
  out: NearestSample,
  polys: readonly PlanePolygon[],
  pieces: readonly PopulationPiece[] | null,
  g: number,
  bbox: Float64Array,
): void {
  const dx = (bbox[2]! - bbox[0]!) / SAMPLE_SIDE
  const dy = (bbox[3]! - bbox[1]!) / SAMPLE_SIDE
  out.h = 0.5 * Math.hypot(dx, dy)
  const byPieces = pieces !== null && pieces.some((p) => p.weight[g]! > 0 && p.area > 0)
  let k = 0
  for (let i = 0; i < SAMPLE_SIDE; i++) {
    for (let j = 0; j < SAMPLE_SIDE; j++, k++) {
      const x = bbox[0]! + (i + 0.5) * dx
      const y = bbox[1]! + (j + 0.5) * dy
      out.x[k] = x
      out.y[k] = y
      let w = 0
      if (byPieces) {
        for (const p of pieces) {
          if (p.weight[g]! > 0 && p.area > 0 && p.polys.some((q) => pointInPlanePolygon(q, x, y))) {
            w = p.weight[g]! / p.area
            break
          }
        }
      } else if (polys.some((q) => pointInPlanePolygon(q, x, y))) w = 1
      out.w[k] = w
    }
  }
}

/**
 * Facilities in a community's plane: positions (metres), distance from the plane's centre and
 * their indices in order of that distance, so searches can stop early.
 */
export interface PlanePoints {
  n: number
  x: Float64Array
  y: Float64Array
  rho: Float64Array
  order: Int32Array
}

/** Keys of {@link orderPlanePoints}: ρ in 1/1024 m above the index bits. */
let keys = new Float64Array(64)
/** ρ is sorted to 1/1024 m: a later point may be this much nearer the centre. */
const ORDER_SLACK_M = 1 / 1024

/**
 * Sorts `points.order` by distance from the plane's centre, to 1/1024 m (call after setting
 * x, y, rho, n). A native numeric sort of packed keys, not a comparator sort.
 */
export function orderPlanePoints(points: PlanePoints): void {
  const { order, rho, n } = points
  if (keys.length < n) keys = new Float64Array(Math.max(n, 2 * keys.length))
  // Exact integers below 2^53 while ρ < 2^20 m and n < 2^16 (else a comparator sort).
  if (n >= 65536 || !rho.subarray(0, n).every((r) => r < 1_048_576)) {
    for (let i = 0; i < n; i++) order[i] = i
    order.subarray(0, n).sort((a, b) => rho[a]! - rho[b]!)
    return
  }
  for (let i = 0; i < n; i++) keys[i] = Math.floor(rho[i]! * 1024) * 65536 + i
  const sorted = keys.subarray(0, n).sort()
  for (let i = 0; i < n; i++) order[i] = sorted[i]! % 65536
}

/**
 * Sets each sample point's distance to the nearest of the points (plane metres). With a subset
 * of the facilities these are upper bounds of the true distances. Points are visited by their
 * distance ρ from the centre and the search stops once ρ − |p| exceeds the best distance
 * found (no farther point can be nearer).
 * @example nearestAtSample(sample, points)
 */
export function nearestAtSample(s: NearestSample, f: PlanePoints): void {
  const { x: fx, y: fy, rho, order, n } = f
  for (let k = 0; k < s.x.length; k++) {
    const x = s.x[k]!
    const y = s.y[k]!
    const rp = Math.sqrt(x * x + y * y)
    let best2 = Infinity
    let best = Infinity
    for (let o = 0; o < n; o++) {
      const j = order[o]!
      if (rho[j]! - rp > best + ORDER_SLACK_M) break
      const ex = fx[j]! - x
      const ey = fy[j]! - y
      const d2 = ex * ex + ey * ey
      if (d2 < best2) {
        best2 = d2
        best = Math.sqrt(d2)
      }
    }
    s.d[k] = best
  }
}

/**
 * Marks in `keep` (by point index) the facilities that can be the nearest one for some point
 * of the box: those within d + 2h + slackM of some sample point (d its nearest distance, an
 * upper bound). For a point x nearest to facility f and the sample point p within h of it,
 * |p − f| ≤ |x − f| + h ≤ d(x) + h ≤ d(p) + 2h, so no facility that is some point's nearest is
 * dropped; `slackM` absorbs the plane's distance distortion. The union of equal discs around
 * the kept facilities covers the same part of the box as the union around all of them.
 * Returns how many are kept.
 * @example relevantFacilities(sample, points, 1, keep)
 */
export function relevantFacilities(
  s: NearestSample,
  f: PlanePoints,
  slackM: number,
  keep: Uint8Array,
): number {
  const { x: fx, y: fy, rho, order, n } = f
  const pad = 2 * s.h + slackM
  let farthest = 0
  let worst = 0
  for (let k = 0; k < s.x.length; k++) {
    farthest = Math.max(farthest, Math.hypot(s.x[k]!, s.y[k]!))
    worst = Math.max(worst, s.d[k]!)
  }
  let kept = 0
  for (let o = 0; o < n; o++) {
    const j = order[o]!
    // Farther than every sample point's nearest distance (+ pad) from every sample point.
    if (rho[j]! - farthest > worst + pad + ORDER_SLACK_M) {
      for (let r = o; r < n; r++) keep[order[r]!] = 0
      break
    }
    const x = fx[j]!
    const y = fy[j]!
    let near = false
    for (let k = 0; k < s.x.length && !near; k++) {
      const reach = s.d[k]! + pad
      const ex = s.x[k]! - x
      const ey = s.y[k]! - y
      near = ex * ex + ey * ey <= reach * reach
    }
    keep[j] = near ? 1 : 0
    if (near) kept++
  }
  return kept
}

const sortedIdx = new Int32Array(SAMPLE_SIDE * SAMPLE_SIDE)
const sortKeys = new Float64Array(SAMPLE_SIDE * SAMPLE_SIDE)
const farIdx = new Int32Array(SAMPLE_SIDE * SAMPLE_SIDE)
let sortedCount = 0
let sortedTotal = 0
let sortedFor: NearestSample | null = null

/**
 * Sorts the weighted sample points by distance, for {@link sampleQuantile}; call after the
 * distances change.
 * @example sortSample(sample)
 */
export function sortSample(s: NearestSample): void {
  sortedCount = 0
  sortedTotal = 0
  for (let k = 0; k < s.w.length; k++) {
    if (s.w[k]! > 0) {
      sortedTotal += s.w[k]!
      sortedIdx[sortedCount++] = k
    }
  }
  // Packed keys (distance in 1/1024 m above 8 index bits) sort natively; distances past 2^22
  // m or infinite (no facility) are put last, as they should be.
  let near = 0
  for (let i = 0; i < sortedCount; i++) {
    const k = sortedIdx[i]!
    if (s.d[k]! < 4_194_304) sortKeys[near++] = Math.floor(s.d[k]! * 1024) * 256 + k
  }
  let far = near
  for (let i = 0; i < sortedCount; i++) {
    const k = sortedIdx[i]!
    if (!(s.d[k]! < 4_194_304)) farIdx[far++ - near] = k
  }
  const keysSorted = sortKeys.subarray(0, near).sort()
  for (let i = 0; i < near; i++) sortedIdx[i] = keysSorted[i]! % 256
  for (let i = near; i < sortedCount; i++) sortedIdx[i] = farIdx[i - near]!
  sortedFor = s
}

/**
 * The people-weighted `q`-quantile of the sample's nearest distances (metres), interpolated
 * between sample points; null when no sample point has weight. Uses the order of the last
 * {@link sortSample}.
 * @example sortSample(sample); sampleQuantile(sample, 0.5)
 */
export function sampleQuantile(s: NearestSample, q: number): number | null {
  if (sortedFor !== s) sortSample(s)
  const total = sortedTotal
  if (!(total > 0)) return null
  // Each point stands for the people around it: its weight is spread over the half-steps on
  // either side, so the cumulative share at point i is (Σ_{<i} w + w_i / 2) / total.
  let before = 0
  let prevD = 0
  let prevC = 0
  for (let i = 0; i < sortedCount; i++) {
    const k = sortedIdx[i]!
    const w = s.w[k]!
    const c = (before + w / 2) / total
    const d = s.d[k]!
    if (c >= q) {
      if (!Number.isFinite(d)) return null
      return c > prevC ? prevD + ((q - prevC) * (d - prevD)) / (c - prevC) : d
    }
    before += w
    prevC = c
    prevD = d
  }
  const last = s.d[sortedIdx[sortedCount - 1]!]!
  return Number.isFinite(last) ? last : null
}
