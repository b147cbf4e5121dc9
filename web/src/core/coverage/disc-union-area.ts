import { EARTH_RADIUS_M } from '../geo/units.ts'
import { grown } from './grow-array.ts'
import { discTouchesPlanePolygon, pointInPlanePolygon, type PlanePolygon } from './plane-polygon.ts'

// Area of (polygon ∩ ⋂_g ∪_{discs of group g}) by Green's theorem: the boundary of that region
// consists of polygon-edge pieces inside the discs and circle arcs inside the polygon, so
// area = ½∮(x dy − y dx) over those pieces, each in closed form. No polygon clipping or union.
//
// Spherical correction: in a stereographic plane the sphere's area element is
// dx dy / (1 + ρ²/4R²)², which is the divergence of F = (x, y) / (2(1 + ρ²/4R²)). Integrating
// F·n instead of ½(x, y)·n gives spherical areas; we expand 1/(1 + s) ≈ 1 − s (s = ρ²/4R² < 1e-6
// within 6 km of the plane's centre, so the dropped s² term is < 1e-12 relative) and integrate
// the resulting polynomial / trigonometric terms exactly.

const INV_4R2 = 1 / (4 * EARTH_RADIUS_M * EARTH_RADIUS_M)
const INV_8R2 = INV_4R2 / 2
const TWO_PI = 2 * Math.PI
/** Circles whose centres and radii agree to this many metres are the same circle. */
const SAME_M = 1e-9
/** Parameter slack so a crossing exactly at a vertex is seen by at least one of its edges. */
const T_SLACK = 1e-9

// Scratch buffers, grown on demand and reused: the inner loops allocate nothing.
let acx = new Float64Array(64)
let acy = new Float64Array(64)
let ar = new Float64Array(64)
let ag = new Int32Array(64)
let evT = new Float64Array(128)
let evX = new Float64Array(128)
let evY = new Float64Array(128)
let evG = new Int32Array(128)
let evD = new Int8Array(128)
let order = new Int32Array(128)
let groupCount = new Int32Array(8)
let groupInit = new Int32Array(8)
let groupMap = new Int32Array(8)
let groupFlag = new Int32Array(8)
let stamp = 1
let arcLength = 0

/**
 * Length in metres of the circle arcs bounding the region in the last
 * {@link areaInsideDiscGroups} call: the rate (m²/m) at which the covered area grows with the
 * reach, which lets the nearest-distance search take Newton steps.
 */
export function lastArcLength(): number {
  return arcLength
}

function growCircles(n: number): void {
  acx = grown(acx, n)
  acy = grown(acy, n)
  ar = grown(ar, n)
  ag = grown(ag, n)
}
function growEvents(n: number): void {
  evT = grown(evT, n)
  evX = grown(evX, n)
  evY = grown(evY, n)
  evG = grown(evG, n)
  evD = grown(evD, n)
  order = grown(order, n)
}
function growGroups(n: number): void {
  groupCount = grown(groupCount, n)
  groupInit = grown(groupInit, n)
  groupMap = grown(groupMap, n)
  groupFlag = grown(groupFlag, n)
}

const bucketStart = new Int32Array(65)
const bucketFill = new Int32Array(64)

/**
 * Sorts event indices 0..n-1 by evT (values in [0, 4], or [0, 1] for edges) into `order`:
 * insertion sort for short lists, else a bucket pass over the value range followed by insertion
 * within buckets (the events spread roughly evenly around a circle, so this is linear in
 * practice; the engine's generic sort cost a third of the run time here).
 */
function sortEvents(n: number, range: number): void {
  if (n <= 24) {
    for (let i = 0; i < n; i++) order[i] = i
    insertionSort(0, n)
    return
  }
  const buckets = n < 128 ? 16 : 64
  const scale = buckets / range
  bucketStart.fill(0, 0, buckets + 1)
  for (let i = 0; i < n; i++) {
    let b = Math.floor(evT[i]! * scale)
    if (b >= buckets) b = buckets - 1
    else if (b < 0) b = 0
    bucketStart[b + 1]!++
  }
  for (let b = 0; b < buckets; b++) {
    bucketStart[b + 1]! += bucketStart[b]!
    bucketFill[b] = bucketStart[b]!
  }
  for (let i = 0; i < n; i++) {
    let b = Math.floor(evT[i]! * scale)
    if (b >= buckets) b = buckets - 1
    else if (b < 0) b = 0
    order[bucketFill[b]!++] = i
  }
  for (let b = 0; b < buckets; b++) insertionSort(bucketStart[b]!, bucketStart[b + 1]!)
}

function insertionSort(from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const o = order[i]!
    const t = evT[o]!
    let j = i - 1
    while (j >= from && evT[order[j]!]! > t) {
      order[j + 1] = order[j]!
      j--
    }
    order[j + 1] = o
  }
}

/** ∫ over p(t) = p0 + t(p1 − p0), t ∈ [a, b], of F·n ds (see the header comment). */
function segmentIntegral(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  a: number,
  b: number,
  correct: boolean,
): number {
  let len = b - a
  if (correct) {
    const dx = x1 - x0
    const dy = y1 - y0
    const qa = dx * dx + dy * dy
    const qb = 2 * (x0 * dx + y0 * dy)
    const qc = x0 * x0 + y0 * y0
    len -=
      ((qa * (b * b * b - a * a * a)) / 3 + (qb * (b * b - a * a)) / 2 + qc * (b - a)) * INV_4R2
  }
  return 0.5 * (x0 * y1 - x1 * y0) * len
}

/**
 * ∫ of F·n ds over the counter-clockwise arc of the circle (cx, cy, r) from angle θ1 to
 * θ1 + d, given sin/cos at both ends.
 */
function arcIntegral(
  cx: number,
  cy: number,
  r: number,
  d: number,
  s1: number,
  c1: number,
  s2: number,
  c2: number,
  correct: boolean,
): number {
  const iu = cx * (s2 - s1) - cy * (c2 - c1)
  let v = 0.5 * (r * r * d + r * iu)
  if (correct) {
    const k = cx * cx + cy * cy + r * r
    const sin2 = 2 * (s2 * c2 - s1 * c1)
    const iu2 =
      cx * cx * (d / 2 + sin2 / 4) + cy * cy * (d / 2 - sin2 / 4) + cx * cy * (s2 * s2 - s1 * s1)
    v -= (k * r * r * d + (k * r + 2 * r * r * r) * iu + 2 * r * r * iu2) * INV_8R2
  }
  return v
}

/**
 * Area of a plane polygon in m², spherical when `correct` (see {@link areaInsideDiscGroups}).
 * @example polygonArea(poly, true)
 */
export function polygonArea(poly: PlanePolygon, correct: boolean): number {
  const { xs, ys, ringStart } = poly
  let total = 0
  for (let k = 0; k + 1 < ringStart.length; k++) {
    const begin = ringStart[k]!
    const end = ringStart[k + 1]!
    for (let i = begin; i < end; i++) {
      const j = i + 1 < end ? i + 1 : begin
      total += segmentIntegral(xs[i]!, ys[i]!, xs[j]!, ys[j]!, 0, 1, correct)
    }
  }
  return total
}

function discContainsOuterRing(poly: PlanePolygon, cx: number, cy: number, r: number): boolean {
  const { xs, ys } = poly
  const end = poly.ringStart[1]!
  const r2 = r * r
  for (let i = 0; i < end; i++) {
    const dx = xs[i]! - cx
    const dy = ys[i]! - cy
    if (dx * dx + dy * dy > r2) return false
  }
  return true
}

/**
 * Area in m² of `poly` ∩ (∪ discs of group 0) ∩ (∪ discs of group 1) ∩ … ∩ (group `groups - 1`).
 * With one group this is the covered area of one category; with one group per category it is
 * the "complete life circle" area. Discs are `circles[3i..3i+2]` = cx, cy, r in the polygon's
 * stereographic plane (metres) for i in [first, first + n); `groupOf[i]` is disc i's group
 * (all 0 when null). Exactly
 * coincident discs are counted once; tangent discs, vertices on circles and discs containing
 * the whole polygon are handled. `correct` applies the spherical area element.
 * @example areaInsideDiscGroups(poly, Float64Array.of(0, 0, 1000), null, 0, 1, 1, true)
 */
export function areaInsideDiscGroups(
  poly: PlanePolygon,
  circles: Float64Array,
  groupOf: Int32Array | null,
  first: number,
  n: number,
  groups: number,
  correct: boolean,
): number {
  arcLength = 0
  if (groups === 0) return polygonArea(poly, correct)
  growGroups(groups)
  growCircles(n)
  growEvents(2 * n + 8)
  const { minX, minY, maxX, maxY, xs, ys, ringStart } = poly
  groupFlag.fill(0, 0, groups)
  // Pass 1: discs that can touch the polygon; a group with a disc holding the whole polygon
  // constrains nothing and is dropped.
  let na = 0
  for (let i = first; i < first + n; i++) {
    const cx = circles[3 * i]!
    const cy = circles[3 * i + 1]!
    const r = circles[3 * i + 2]!
    if (cx + r < minX || cx - r > maxX || cy + r < minY || cy - r > maxY || !(r > 0)) continue
    const g = groupOf === null ? 0 : groupOf[i]!
    if (groupFlag[g] === 1) continue
    if (
      cx - r <= minX &&
      cx + r >= maxX &&
      cy - r <= minY &&
      cy + r >= maxY &&
      discContainsOuterRing(poly, cx, cy, r)
    ) {
      groupFlag[g] = 1
      continue
    }
    // A disc missing the polygon neither bounds the region nor covers any of it.
    if (!discTouchesPlanePolygon(poly, cx, cy, r)) continue
    acx[na] = cx
    acy[na] = cy
    ar[na] = r
    ag[na] = g
    na++
  }
  let live = 0
  for (let g = 0; g < groups; g++) {
    groupMap[g] = groupFlag[g] === 1 ? -1 : live++
    groupCount[g] = 0
  }
  if (live === 0) return polygonArea(poly, correct)
  let m = 0
  for (let i = 0; i < na; i++) {
    const g = groupMap[ag[i]!]!
    if (g < 0) continue
    acx[m] = acx[i]!
    acy[m] = acy[i]!
    ar[m] = ar[i]!
    ag[m] = g
    groupCount[g]!++
    m++
  }
  na = m
  for (let g = 0; g < live; g++) if (groupCount[g] === 0) return 0

  let total = 0
  // Pass 2: polygon-edge pieces inside every live group's union (event sweep over t ∈ [0, 1]).
  for (let k = 0; k + 1 < ringStart.length; k++) {
    const begin = ringStart[k]!
    const end = ringStart[k + 1]!
    for (let i = begin; i < end; i++) {
      const j = i + 1 < end ? i + 1 : begin
      const x0 = xs[i]!
      const y0 = ys[i]!
      const x1 = xs[j]!
      const y1 = ys[j]!
      const dx = x1 - x0
      const dy = y1 - y0
      const qa = dx * dx + dy * dy
      const exMin = x0 < x1 ? x0 : x1
      const exMax = x0 < x1 ? x1 : x0
      const eyMin = y0 < y1 ? y0 : y1
      const eyMax = y0 < y1 ? y1 : y0
      let ne = 0
      for (let c = 0; c < na; c++) {
        const cx = acx[c]!
        const cy = acy[c]!
        const r = ar[c]!
        if (cx + r < exMin || cx - r > exMax || cy + r < eyMin || cy - r > eyMax) continue
        const fx = x0 - cx
        const fy = y0 - cy
        const qb = 2 * (fx * dx + fy * dy)
        const qc = fx * fx + fy * fy - r * r
        const disc = qb * qb - 4 * qa * qc
        if (disc <= 0) continue
        const sq = Math.sqrt(disc)
        // Numerically stable roots of qa t² + qb t + qc.
        const q = qb >= 0 ? -0.5 * (qb + sq) : -0.5 * (qb - sq)
        let t1 = q / qa
        let t2 = q !== 0 ? qc / q : -t1
        if (t1 > t2) {
          const s = t1
          t1 = t2
          t2 = s
        }
        if (t2 <= 0 || t1 >= 1) continue
        evT[ne] = t1 < 0 ? 0 : t1
        evG[ne] = ag[c]!
        evD[ne] = 1
        ne++
        evT[ne] = t2 > 1 ? 1 : t2
        evG[ne] = ag[c]!
        evD[ne] = -1
        ne++
      }
      if (ne === 0) continue
      sortEvents(ne, 1)
      groupCount.fill(0, 0, live)
      let covered = 0
      let prev = 0
      for (let s = 0; s < ne; s++) {
        const e = order[s]!
        const t = evT[e]!
        if (covered === live && t > prev) total += segmentIntegral(x0, y0, x1, y1, prev, t, correct)
        const g = evG[e]!
        const before = groupCount[g]!
        const after = before + evD[e]!
        groupCount[g] = after
        if (before === 0 && after > 0) covered++
        else if (before > 0 && after === 0) covered--
        prev = t
      }
    }
  }

  // Pass 3: arcs of each circle inside the polygon, outside the other discs of its group and
  // inside some disc of every other live group: a sweep around the circle over the arcs cut by
  // its neighbours (per-group counters) and the polygon crossings (point-in-polygon status
  // re-tested only after a crossing). Angles are pseudo-angles (monotone, no trigonometry);
  // positions are unit vectors, so an arc costs one atan2.
  for (let c = 0; c < na; c++) {
    const cx = acx[c]!
    const cy = acy[c]!
    const r = ar[c]!
    const gc = ag[c]!
    stamp++
    let skip = false
    let ne = 0
    groupInit.fill(0, 0, live)
    for (let o = 0; o < na; o++) {
      if (o === c) continue
      const ro = ar[o]!
      const dx = acx[o]! - cx
      const dy = acy[o]! - cy
      const d2 = dx * dx + dy * dy
      const sum = r + ro
      if (d2 >= sum * sum) continue
      const d = Math.sqrt(d2)
      const go = ag[o]!
      if (d < SAME_M && Math.abs(r - ro) < SAME_M) {
        // The same circle twice: its boundary is carried once, by the lowest group and index.
        if (go < gc || (go === gc && o < c)) {
          skip = true
          break
        }
        if (go !== gc) groupFlag[go] = stamp
        continue
      }
      if (d + r <= ro) {
        if (go === gc) {
          skip = true
          break
        }
        groupFlag[go] = stamp
        continue
      }
      if (d + ro <= r) continue
      // Chord of the two circles: at distance a along u = (dx, dy)/d, half-length h.
      const a = (d2 + r * r - ro * ro) / (2 * d)
      const h2 = r * r - a * a
      const h = h2 > 0 ? Math.sqrt(h2) : 0
      const ux = dx / d
      const uy = dy / d
      const sx = (a * ux + h * uy) / r
      const sy = (a * uy - h * ux) / r
      const ex = (a * ux - h * uy) / r
      const ey = (a * uy + h * ux) / r
      const ps = pseudoAngle(sx, sy)
      const pe = pseudoAngle(ex, ey)
      evT[ne] = ps
      evX[ne] = sx
      evY[ne] = sy
      evD[ne] = 1
      evG[ne++] = go
      evT[ne] = pe
      evX[ne] = ex
      evY[ne] = ey
      evD[ne] = -1
      evG[ne++] = go
      if (ps > pe) groupInit[go]!++
    }
    if (skip) continue
    // A circle with some other group neither near nor containing it adds nothing.
    for (let g = 0; g < live; g++) {
      if (g === gc || groupFlag[g] === stamp) continue
      let any = groupInit[g]! > 0
      for (let e = 0; e < ne && !any; e++) if (evG[e] === g) any = true
      if (!any) {
        skip = true
        break
      }
    }
    if (skip) continue
    for (let k = 0; k + 1 < ringStart.length; k++) {
      const begin = ringStart[k]!
      const end = ringStart[k + 1]!
      for (let i = begin; i < end; i++) {
        const j = i + 1 < end ? i + 1 : begin
        const x0 = xs[i]!
        const y0 = ys[i]!
        const x1 = xs[j]!
        const y1 = ys[j]!
        if (
          cx + r < (x0 < x1 ? x0 : x1) ||
          cx - r > (x0 < x1 ? x1 : x0) ||
          cy + r < (y0 < y1 ? y0 : y1) ||
          cy - r > (y0 < y1 ? y1 : y0)
        )
          continue
        const dx = x1 - x0
        const dy = y1 - y0
        const fx = x0 - cx
        const fy = y0 - cy
        const qa = dx * dx + dy * dy
        const qb = 2 * (fx * dx + fy * dy)
        const qc = fx * fx + fy * fy - r * r
        const disc = qb * qb - 4 * qa * qc
        if (disc <= 0) continue
        const sq = Math.sqrt(disc)
        const q = qb >= 0 ? -0.5 * (qb + sq) : -0.5 * (qb - sq)
        const t1 = q / qa
        const t2 = q !== 0 ? qc / q : -t1
        growEvents(ne + 2)
        if (t1 >= -T_SLACK && t1 <= 1 + T_SLACK) addCrossing(ne++, fx + t1 * dx, fy + t1 * dy)
        if (t2 >= -T_SLACK && t2 <= 1 + T_SLACK) addCrossing(ne++, fx + t2 * dx, fy + t2 * dy)
      }
    }
    sortEvents(ne, 4)
    for (let g = 0; g < live; g++) groupCount[g] = groupInit[g]!
    let prevP = 0
    let prevX = 1
    let prevY = 0
    let pipKnown = false
    let pipIn = false
    for (let s = 0; s <= ne; s++) {
      const e = s < ne ? order[s]! : -1
      const p = e >= 0 ? evT[e]! : 4
      const vx = e >= 0 ? evX[e]! : 1
      const vy = e >= 0 ? evY[e]! : 0
      if (p > prevP && arcIncluded(gc, live)) {
        if (!pipKnown) {
          const mid = unitAtPseudoAngle(ne === 0 ? 1 : (prevP + p) / 2)
          pipIn = pointInPlanePolygon(poly, cx + r * mid[0]!, cy + r * mid[1]!)
          pipKnown = true
        }
        if (pipIn) {
          let dt = Math.atan2(prevX * vy - prevY * vx, prevX * vx + prevY * vy)
          if (dt < 0) dt += TWO_PI
          // Rounding guards: pseudo-angle spans of < 1 (3) are arcs of < 2 rad (> 2π − 2).
          if (p - prevP < 1 && dt > Math.PI) dt -= TWO_PI
          else if ((p - prevP > 3 && dt < Math.PI) || ne === 0) dt += TWO_PI
          if (dt > 0) {
            total += arcIntegral(cx, cy, r, dt, prevY, prevX, vy, vx, correct)
            arcLength += r * dt
          }
        }
      }
      if (e >= 0) {
        const dd = evD[e]!
        if (dd === 0) pipKnown = false
        else groupCount[evG[e]!]! += dd
      }
      prevP = p
      prevX = vx
      prevY = vy
    }
  }
  return total
}

function addCrossing(e: number, vx: number, vy: number): void {
  const len = Math.sqrt(vx * vx + vy * vy)
  evX[e] = vx / len
  evY[e] = vy / len
  evT[e] = pseudoAngle(vx, vy)
  evD[e] = 0
  evG[e] = -1
}

/** Whether the current arc (per-group counters of discs covering it) belongs to the region. */
function arcIncluded(gc: number, live: number): boolean {
  if (groupCount[gc]! > 0) return false
  for (let g = 0; g < live; g++) {
    if (g === gc || groupFlag[g] === stamp) continue
    if (!(groupCount[g]! > 0)) return false
  }
  return true
}

/** A monotone stand-in for atan2 in [0, 4): cheap and exact in order. */
function pseudoAngle(x: number, y: number): number {
  if (y >= 0) return x >= 0 ? y / (x + y || 1) : 1 - x / (y - x)
  return x < 0 ? 2 - y / (-x - y) : 3 + x / (x - y)
}

const unitOut = new Float64Array(2)
/** The unit vector at a pseudo-angle (inverse of {@link pseudoAngle}). */
function unitAtPseudoAngle(p: number): Float64Array {
  const q = p - Math.floor(p)
  const quadrant = Math.floor(p) & 3
  let x: number
  let y: number
  if (quadrant === 0) {
    x = 1 - q
    y = q
  } else if (quadrant === 1) {
    x = -q
    y = 1 - q
  } else if (quadrant === 2) {
    x = q - 1
    y = -q
  } else {
    x = q
    y = q - 1
  }
  const len = Math.sqrt(x * x + y * y)
  unitOut[0] = x / len
  unitOut[1] = y / len
  return unitOut
}
