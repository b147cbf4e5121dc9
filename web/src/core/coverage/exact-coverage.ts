import { capCircleFromPolar, projectStereographic } from '../geo/stereographic.ts'
import { EARTH_RADIUS_M } from '../geo/units.ts'
import { cityTotals } from './city-totals.ts'
import { areaInsideDiscGroups, lastArcLength } from './disc-union-area.ts'
import { grown } from './grow-array.ts'
import { nearestQuantiles } from './nearest-quantile.ts'
import {
  layOutSample,
  nearestAtSample,
  newNearestSample,
  orderPlanePoints,
  relevantFacilities,
  sampleQuantile,
  sortSample,
  type PlanePoints,
} from './nearest-sample.ts'
import { discTouchesPlanePolygon, type PlanePolygon } from './plane-polygon.ts'
import {
  preparedCommunity,
  type PreparedCommunity,
  type PreparedCoverage,
} from './prepare-coverage.ts'
import { twoStepFca, type DemandPairs } from './two-step-fca.ts'
import type { CategoryFigures, CommunityResult, CoverageResult } from './types.ts'

const DEG = Math.PI / 180
/** Residents farther than this from every facility get no nearest-distance quantile (null). */
export const NEAREST_MAX_M = 5000
/** Tolerance of the nearest-distance quantiles, metres. */
export const NEAREST_TOL_M = 1

export interface ExactRunOptions {
  /** Compute only these communities (indices into input.communities), e.g. one worker's share. */
  communityIndices?: readonly number[]
  /** Compute nearest_m_median / nearest_m_p90 (default true; the dearest figures). */
  nearest?: boolean
}

/**
 * Facilities of one category near the current community, projected once into its plane as
 * (angular distance d, direction u) so their circles can be re-derived for any reach.
 */
interface Candidates {
  n: number
  radius: number
  fac: Int32Array
  d: Float64Array
  ux: Float64Array
  uy: Float64Array
}

function newCandidates(): Candidates {
  return {
    n: 0,
    radius: -1,
    fac: new Int32Array(64),
    d: new Float64Array(64),
    ux: new Float64Array(64),
    uy: new Float64Array(64),
  }
}

const xy = new Float64Array(2)

function gatherCandidates(
  prep: PreparedCoverage,
  k: number,
  c: PreparedCommunity,
  radius: number,
  out: Candidates,
): void {
  const cat = prep.categories[k]!
  // A disc of `radius` metres reaches at most this many degrees; 1.001 covers the sphere's
  // curvature of the longitude spacing across the box.
  const dLat = (radius / EARTH_RADIUS_M / DEG) * 1.001
  const maxLat = Math.min(89, Math.max(Math.abs(c.south), Math.abs(c.north)) + dLat)
  const dLon = dLat / Math.cos(maxLat * DEG)
  const ids = cat.index.range(c.west - dLon, c.south - dLat, c.east + dLon, c.north + dLat)
  out.fac = grown(out.fac, ids.length)
  out.d = grown(out.d, ids.length)
  out.ux = grown(out.ux, ids.length)
  out.uy = grown(out.uy, ids.length)
  let n = 0
  for (const j of ids) {
    if (j >= cat.count || cat.active[j] === 0) continue
    projectStereographic(c.plane, cat.lon[j]!, cat.lat[j]!, xy, 0)
    const rho = Math.hypot(xy[0]!, xy[1]!)
    out.fac[n] = j
    out.d[n] = 2 * Math.atan(rho / (2 * EARTH_RADIUS_M))
    out.ux[n] = rho > 0 ? xy[0]! / rho : 1
    out.uy[n] = rho > 0 ? xy[1]! / rho : 0
    n++
  }
  out.n = n
  out.radius = radius
}

let circleBuf = new Float64Array(3 * 256)
let groupBuf = new Int32Array(256)
let facBuf = new Int32Array(256)
/** Index into the Candidates each circle came from. */
let candBuf = new Int32Array(256)

function growCircleBuf(n: number): void {
  circleBuf = grown(circleBuf, 3 * n)
  groupBuf = grown(groupBuf, n)
  facBuf = grown(facBuf, n)
  candBuf = grown(candBuf, n)
}

/** Writes the circles of candidates whose disc can touch the community's plane bbox. */
function writeCircles(
  cand: Candidates,
  reach: number,
  bbox: Float64Array,
  offset: number,
  group: number,
  keep: Uint8Array | null = null,
): number {
  growCircleBuf(offset + cand.n)
  let n = offset
  for (let q = 0; q < cand.n; q++) {
    if (keep !== null && keep[q] === 0) continue
    capCircleFromPolar(cand.d[q]!, cand.ux[q]!, cand.uy[q]!, reach, circleBuf, 3 * n)
    const cx = circleBuf[3 * n]!
    const cy = circleBuf[3 * n + 1]!
    const r = circleBuf[3 * n + 2]!
    if (cx + r < bbox[0]! || cx - r > bbox[2]! || cy + r < bbox[1]! || cy - r > bbox[3]!) continue
    groupBuf[n] = group
    facBuf[n] = cand.fac[q]!
    candBuf[n] = q
    n++
  }
  return n - offset
}

function planeBbox(polys: readonly PlanePolygon[], out: Float64Array): Float64Array {
  out[0] = Infinity
  out[1] = Infinity
  out[2] = -Infinity
  out[3] = -Infinity
  for (const p of polys) {
    if (p.minX < out[0]!) out[0] = p.minX
    if (p.minY < out[1]!) out[1] = p.minY
    if (p.maxX > out[2]!) out[2] = p.maxX
    if (p.maxY > out[3]!) out[3] = p.maxY
  }
  return out
}

/** Bounding arc length of the last coveredArea call, metres. */
let coveredArcLength = 0
/** d(share)/d(reach) at the last areaFraction / peopleFraction call, per metre. */
let shareSlope = 0

function coveredArea(
  polys: readonly PlanePolygon[],
  offset: number,
  n: number,
  groups: number,
  correct: boolean,
): number {
  const groupOf = groups > 1 ? groupBuf : null
  let a = 0
  coveredArcLength = 0
  for (const p of polys) {
    a += areaInsideDiscGroups(p, circleBuf, groupOf, offset, n, groups, correct)
    coveredArcLength += lastArcLength()
  }
  return a
}

/** Share of the community's area covered by the circles at circleBuf[offset .. offset + n). */
function areaFraction(
  prep: PreparedCoverage,
  c: PreparedCommunity,
  offset: number,
  n: number,
  groups: number,
): number {
  if (!(c.area > 0)) return 0
  const share = clamp01(coveredArea(c.polys, offset, n, groups, prep.correct) / c.area)
  shareSlope = coveredArcLength / c.area
  return share
}

/**
 * Share of the community's people of target group `g` covered: by the population layer's
 * pieces when it places people of that group here, else `areaShare` (people spread evenly).
 */
function peopleFraction(
  prep: PreparedCoverage,
  c: PreparedCommunity,
  g: number,
  offset: number,
  n: number,
  groups: number,
  areaShare: number | null,
): number {
  const total = c.pieceTotals[g]!
  if (c.pieces === null || !(total > 0)) {
    return areaShare ?? areaFraction(prep, c, offset, n, groups)
  }
  let sum = 0
  let slope = 0
  for (const piece of c.pieces) {
    const w = piece.weight[g]!
    if (!(w > 0) || !(piece.area > 0)) continue
    sum += (w * coveredArea(piece.polys, offset, n, groups, prep.correct)) / piece.area
    slope += (w * coveredArcLength) / piece.area
  }
  shareSlope = slope / total
  return clamp01(sum / total)
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x
}

const bboxBuf = new Float64Array(4)
const nearCand = newCandidates()
const sample = newNearestSample()
let sampleOf: PreparedCommunity | null = null
let sampleGroup = -2
const pts: PlanePoints = {
  n: 0,
  x: new Float64Array(64),
  y: new Float64Array(64),
  rho: new Float64Array(64),
  order: new Int32Array(64),
}
let keep = new Uint8Array(64)
let nearKeep = new Uint8Array(64)

/** Lays the sample grid over community c (weights of group g), unless it is there already. */
function layOutFor(c: PreparedCommunity, g: number, bbox: Float64Array): void {
  const groupKey = c.pieces === null ? -1 : g
  if (sampleOf === c && sampleGroup === groupKey) return
  layOutSample(sample, c.polys, c.pieces, g, bbox)
  sampleOf = c
  sampleGroup = groupKey
}

/** The candidates' positions in the community's plane, into `pts`. */
function planePointsOf(cand: Candidates): void {
  const nc = cand.n
  if (pts.x.length < nc) {
    pts.x = grown(pts.x, nc)
    pts.y = grown(pts.y, nc)
    pts.rho = grown(pts.rho, nc)
    pts.order = grown(pts.order, nc)
  }
  pts.n = nc
  for (let q = 0; q < nc; q++) {
    const rho = 2 * EARTH_RADIUS_M * Math.tan(cand.d[q]! / 2)
    pts.rho[q] = rho
    pts.x[q] = rho * cand.ux[q]!
    pts.y[q] = rho * cand.uy[q]!
  }
  orderPlanePoints(pts)
}

/**
 * Slack of the "can be some point's nearest facility" test, metres: plane distances differ
 * from great-circle ones by < 1e-6 relative within the nearest-distance limit.
 */
const RELEVANT_SLACK_M = 1
/** Discs touching a community's box from which pruning them pays (pass 3 is O(discs²)). */
const PRUNE_FROM = 12

const pairCand = newCandidates()
const pairBbox = new Float64Array(4)

/** Facilities of category k touching community i, and the people of its target group each reaches. */
export function demandPairs(prep: PreparedCoverage, k: number, i: number): DemandPairs {
  const cache = prep.demand[k]!
  const hit = cache.get(i)
  if (hit) return hit
  const c = preparedCommunity(prep, i)
  const cat = prep.categories[k]!
  const reach = cat.setting.reach_m
  // Scratch reused across calls (nothing here re-enters demandPairs): no garbage per community.
  const cand = pairCand
  gatherCandidates(prep, k, c, reach, cand)
  const bbox = planeBbox(c.polys, pairBbox)
  const fac: number[] = []
  const pop: number[] = []
  const people = c.target[cat.group]!
  for (let q = 0; q < cand.n; q++) {
    const j = cand.fac[q]!
    if (!(cat.capacity[j]! > 0)) continue
    capCircleFromPolar(cand.d[q]!, cand.ux[q]!, cand.uy[q]!, reach, circleBuf, 0)
    const cx = circleBuf[0]!
    const cy = circleBuf[1]!
    const r = circleBuf[2]!
    if (cx + r < bbox[0]! || cx - r > bbox[2]! || cy + r < bbox[1]! || cy - r > bbox[3]!) continue
    if (!c.polys.some((p) => discTouchesPlanePolygon(p, cx, cy, r))) continue
    const share = people > 0 ? peopleFraction(prep, c, cat.group, 0, 1, 1, null) : 0
    fac.push(j)
    pop.push(people * share)
  }
  const pairs = { fac: Int32Array.from(fac), pop: Float64Array.from(pop) }
  cache.set(i, pairs)
  return pairs
}

/** Communities whose lon/lat bbox a disc of `reachM` around (lon, lat) can touch. */
export function communitiesNearPoint(
  prep: PreparedCoverage,
  lon: number,
  lat: number,
  reachM: number,
): number[] {
  if (prep.communities.length === 0) return []
  const dLat = (reachM / EARTH_RADIUS_M / DEG) * 1.001
  const dLon = dLat / Math.cos(Math.min(89, Math.abs(lat) + dLat) * DEG)
  return prep.communityIndex.search(lon - dLon, lat - dLat, lon + dLon, lat + dLat)
}

function capacityFigures(
  prep: PreparedCoverage,
  k: number,
  indices: readonly number[],
): Array<number | null> {
  const cat = prep.categories[k]!
  const all = indices.length === prep.communities.length
  let halo: readonly number[] = indices
  if (!all) {
    // Every community reached by a facility that reaches one of ours: each facility once.
    const reaching = new Uint8Array(cat.count)
    const seen = new Uint8Array(prep.communities.length)
    const list: number[] = []
    for (const i of indices) {
      for (const j of demandPairs(prep, k, i).fac) {
        if (reaching[j] === 1) continue
        reaching[j] = 1
        for (const h of communitiesNearPoint(prep, cat.lon[j]!, cat.lat[j]!, cat.setting.reach_m)) {
          if (seen[h] === 0) {
            seen[h] = 1
            list.push(h)
          }
        }
      }
    }
    halo = list
  }
  return twoStepFca(
    indices,
    halo,
    (i) => demandPairs(prep, k, i),
    cat.capacity,
    (i) => prep.communities[i]!.target[cat.group]!,
  )
}

const candByCategory: Candidates[] = []
let catOffset = new Int32Array(8)
/** Area shares above this count as full coverage (rounding of a covering union). */
const FULL = 1 - 1e-9

/**
 * Figures of one community for the categories listed in `which` (all when null); figures of
 * the other categories are taken from `previous`. `capacity[k]` is the 2SFCA figure.
 */
function evaluateCommunity(
  prep: PreparedCoverage,
  i: number,
  nearest: boolean,
  capacity: Array<Array<number | null> | null>,
  slot: number,
  which: ReadonlySet<number> | null,
  previous: CommunityResult | null,
): CommunityResult {
  const c = preparedCommunity(prep, i)
  const bbox = planeBbox(c.polys, bboxBuf)
  const categories: Record<string, CategoryFigures> = {}
  let offset = 0
  const cats = prep.categories
  if (catOffset.length < cats.length + 1) catOffset = new Int32Array(cats.length + 1)
  while (candByCategory.length < cats.length) candByCategory.push(newCandidates())
  for (let k = 0; k < cats.length; k++) {
    const cat = cats[k]!
    const reach = cat.setting.reach_m
    const cand = candByCategory[k]!
    gatherCandidates(prep, k, c, reach, cand)
    const all = writeCircles(cand, reach, bbox, offset, k)
    const prev = previous?.categories[cat.setting.code]
    const kept = which !== null && !which.has(k) && prev
    let inReach = 0
    if (!kept) {
      for (let q = offset; q < offset + all; q++) {
        const cx = circleBuf[3 * q]!
        const cy = circleBuf[3 * q + 1]!
        const r = circleBuf[3 * q + 2]!
        if (c.polys.some((p) => discTouchesPlanePolygon(p, cx, cy, r))) {
          inReach += cat.multiplicity[facBuf[q]!]!
        }
      }
    }
    // The covered part is the same with only the discs of facilities that are some point's
    // nearest (the discs are equal), and the area passes cost O(discs²): drop the others.
    // A few discs cost less than the test; the sample's distances also guess the quantiles.
    const prune = all > PRUNE_FROM
    const people = c.target[cat.group]!
    keep = grown(keep, cand.n)
    if (prune || (nearest && people > 0 && !kept)) {
      layOutFor(c, cat.group, bbox)
      planePointsOf(cand)
      nearestAtSample(sample, pts)
    }
    if (prune) relevantFacilities(sample, pts, RELEVANT_SLACK_M, keep)
    else keep.fill(1, 0, cand.n)
    let n = 0
    for (let q = offset; q < offset + all; q++) {
      if (keep[candBuf[q]!] === 0) continue
      const to = offset + n++
      if (to === q) continue
      circleBuf[3 * to] = circleBuf[3 * q]!
      circleBuf[3 * to + 1] = circleBuf[3 * q + 1]!
      circleBuf[3 * to + 2] = circleBuf[3 * q + 2]!
      groupBuf[to] = groupBuf[q]!
      facBuf[to] = facBuf[q]!
    }
    catOffset[k] = offset
    catOffset[k + 1] = offset + n
    if (kept) {
      categories[cat.setting.code] = prev
      offset += n
      continue
    }
    const areaShare = areaFraction(prep, c, offset, n, 1)
    const popShare = peopleFraction(prep, c, cat.group, offset, n, 1, c.pieces ? null : areaShare)
    const popSlope = shareSlope
    let median: number | null = null
    let p90: number | null = null
    if (nearest && people > 0) {
      // Up to the reach, the candidates and kept discs of the share above serve; beyond it a
      // wider set is gathered (and pruned the same way) as the search needs it.
      sortSample(sample)
      nearCand.radius = -1
      const share = (r: number): number => {
        // Circles for the probe go after the ones already laid out for the complete share.
        const base = offset + n
        let m: number
        if (r <= reach) m = writeCircles(cand, r, bbox, base, 0, keep)
        else {
          if (r > nearCand.radius) {
            gatherCandidates(prep, k, c, Math.max(r, Math.min(2 * r, NEAREST_MAX_M)), nearCand)
            planePointsOf(nearCand)
            nearestAtSample(sample, pts)
            sortSample(sample)
            nearKeep = grown(nearKeep, nearCand.n)
            relevantFacilities(sample, pts, RELEVANT_SLACK_M, nearKeep)
          }
          m = writeCircles(nearCand, r, bbox, base, 0, nearKeep)
        }
        return peopleFraction(prep, c, cat.group, base, m, 1, null)
      }
      const q = nearestQuantiles(share, [0.5, 0.9], reach, popShare, NEAREST_MAX_M, NEAREST_TOL_M, {
        slopeOfLast: () => shareSlope,
        s0Slope: popSlope,
        guess: (target) => sampleQuantile(sample, target),
      })
      median = q[0] ?? null
      p90 = q[1] ?? null
    }
    const cap = capacity[k]
    categories[cat.setting.code] = {
      area_share: areaShare,
      population_share: people > 0 ? popShare : null,
      population_covered: people * popShare,
      facilities_in_reach: inReach,
      nearest_m_median: median,
      nearest_m_p90: p90,
      capacity_per_1000: cap ? (cap[slot] ?? null) : null,
      target_fallback: c.fallback[cat.group] === 1,
      target_population: people,
    }
    offset += n
  }
  // Complete life circle: area of C ∩ ⋂_k (∪ discs of k) by the same Green's-theorem pass with
  // one group per category (arcs of a category's circle count where they are inside some disc
  // of every other category), weighted by total population. A category covering the whole
  // community constrains nothing and is left out; one covering none makes it 0.
  let complete: number | null = null
  if (c.population > 0) {
    let none = false
    let m = 0
    let live = 0
    let only = 0
    for (let k = 0; k < cats.length; k++) {
      const share = categories[cats[k]!.setting.code]!.area_share
      const from = catOffset[k]!
      const to = catOffset[k + 1]!
      if (share <= 0) none = true
      if (share >= FULL || none) continue
      for (let q = from; q < to; q++) {
        circleBuf[3 * m] = circleBuf[3 * q]!
        circleBuf[3 * m + 1] = circleBuf[3 * q + 1]!
        circleBuf[3 * m + 2] = circleBuf[3 * q + 2]!
        groupBuf[m++] = live
      }
      live++
      only = share
    }
    // With people spread evenly and one constraining category, that category's area share is it.
    if (none) complete = 0
    else if (live === 0) complete = 1
    else if (live === 1 && c.pieces === null) complete = only
    else complete = peopleFraction(prep, c, 0, 0, m, live, null)
  }
  return {
    id: c.id,
    name: c.name,
    population: c.population,
    area_m2: c.area,
    categories,
    complete_share: complete,
  }
}

function resultOf(prep: PreparedCoverage, communities: CommunityResult[]): CoverageResult {
  return {
    settings: {
      ...prep.settings,
      method: 'exact',
      distance: 'great-circle, sphere R = 6371008.8 m',
      population_placement: prep.placement,
    },
    method: 'exact',
    communities,
    city: cityTotals(
      communities,
      prep.categories.map((c) => c.setting.code),
    ),
    warnings: [...prep.warnings],
  }
}

/**
 * Exact coverage of prepared input: per community and category the covered area share,
 * population share, people covered, facilities in reach, nearest-distance median / p90 (m) and
 * 2SFCA capacity per 1,000; the complete life circle; city totals. With `communityIndices`
 * only those communities are computed (city totals then cover only them; merge parts with
 * `mergeCoverageResults`).
 * @example runExactCoverage(prepareCoverage(input), { communityIndices: [0, 1, 2] })
 */
export function runExactCoverage(
  prep: PreparedCoverage,
  options: ExactRunOptions = {},
): CoverageResult {
  const indices = options.communityIndices ?? prep.communities.map((_, i) => i)
  const capacity = prep.categories.map((cat, k) =>
    cat.hasCapacity ? capacityFigures(prep, k, indices) : null,
  )
  const nearest = options.nearest ?? true
  const communities = indices.map((i, slot) =>
    evaluateCommunity(prep, i, nearest, capacity, slot, null, null),
  )
  return resultOf(prep, communities)
}

/** Internal hook for what-if updates: recompute some communities, some categories. */
export function recomputeCommunities(
  prep: PreparedCoverage,
  indices: readonly number[],
  which: ReadonlySet<number> | null,
  previous: readonly (CommunityResult | null)[],
  nearest: boolean,
): CommunityResult[] {
  const capacity = prep.categories.map((cat, k) =>
    cat.hasCapacity && (which === null || which.has(k)) ? capacityFigures(prep, k, indices) : null,
  )
  return indices.map((i, slot) => {
    const prev = previous[slot] ?? null
    const res = evaluateCommunity(prep, i, nearest, capacity, slot, which, prev)
    // Categories not recomputed keep their previous capacity figure (copied with `prev`).
    return res
  })
}

export { resultOf as exactResultOf }
