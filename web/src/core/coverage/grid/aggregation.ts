import { GROUPS } from '../population-pieces.ts'
import type { CategoryFigures, CommunityResult } from '../types.ts'
import type { BoundaryCells } from './boundary-cells.ts'
import type { CapacityStage } from './capacity-stage.ts'
import { meanCoverFraction } from './cover-fraction.ts'
import { binCells, binOf, type DistanceBins } from './distance-bins.ts'
import type { GridCategory } from './grid-types.ts'
import { FULL_CELL, peopleOf, type GridRaster } from './people-raster.ts'

/** Residents farther than this get no nearest-distance quantile, as in the exact method. */
const NEAREST_MAX_M = 5000
/**
 * Distance bins per cell diagonal: a re-threshold looks one by one at the cells of the bins
 * within half a diagonal of the reach, so finer bins spare it most of the cells that turn out
 * wholly covered or not (a quarter: 40% fewer cells looked at, ~12 bytes per bin).
 */
const BIN_SPLIT = 4
/** The same for the complete share's bins (one set per community, not one per category). */
const JOINT_BIN_SPLIT = 8

/**
 * The aggregation stage of a grid model: per community, its cells binned by distance (once per
 * distance change), then, at each reach, the covered shares of area and people, the complete
 * share, nearest-distance quantiles, facilities in reach and capacity. A re-threshold runs only
 * `evaluate`.
 */
export class Aggregation {
  private readonly raster: GridRaster
  private readonly cats: GridCategory[]
  private readonly boundary: BoundaryCells
  private readonly capacity: CapacityStage
  /** Whether boundary cells are clipped by reach discs (every category's field is of discs). */
  private readonly clipBoundary: boolean
  /** Per community and category: smallest and largest cell distance, for whole-community shortcuts. */
  private readonly dmin: Float32Array[]
  private readonly dmax: Float32Array[]
  /** Σ weights of each community's area cells and, per group, population cells (NaN: not yet). */
  private readonly areaTotal: Float64Array
  private readonly peopleTotal: Float64Array[]
  /**
   * Per community: its area cells (and people-of-all cells) binned by their farthest nearest
   * facility over the categories, for the complete share.
   */
  private readonly jointPermArea: Int32Array
  private readonly jointArea: DistanceBins[] = []
  private readonly jointPermPeople: Int32Array | null
  private readonly jointPeople: Array<DistanceBins | null> = []
  // Scratch of evaluate (a re-threshold evaluates every community: no garbage per community).
  private readonly state: Int8Array
  private readonly mixed: Int32Array
  private readonly areaOut: Float64Array
  private readonly peopleOut: Float64Array[]
  private readonly byGroup: Array<Float64Array | null> = GROUPS.map(() => null)
  private readonly bandDist: Float32Array[]
  private readonly bandLo: Float64Array
  private readonly bandHi: Float64Array
  private readonly bandCis: Int32Array
  private readonly partialCis: Int32Array
  private gatherW = new Float32Array(1024)
  private gatherD = new Float32Array(4096)

  constructor(
    raster: GridRaster,
    cats: GridCategory[],
    boundary: BoundaryCells,
    capacity: CapacityStage,
  ) {
    this.raster = raster
    this.cats = cats
    this.boundary = boundary
    this.capacity = capacity
    this.clipBoundary = cats.every((c) => c.field.reachIsDisc)
    const nc = cats.length
    this.state = new Int8Array(nc)
    this.mixed = new Int32Array(nc)
    this.areaOut = new Float64Array(nc + 1)
    this.peopleOut = GROUPS.map(() => new Float64Array(nc + 1))
    this.bandDist = cats.map((c) => c.dist)
    this.bandLo = new Float64Array(nc)
    this.bandHi = new Float64Array(nc)
    this.bandCis = new Int32Array(nc)
    this.partialCis = new Int32Array(nc)
    this.jointPermArea = new Int32Array(raster.area.cell.length)
    this.jointPermPeople = raster.people ? new Int32Array(raster.people.cell.length) : null
    const n = raster.communities.length
    this.areaTotal = new Float64Array(n).fill(NaN)
    this.peopleTotal = GROUPS.map(() => new Float64Array(n).fill(NaN))
    this.dmin = cats.map(() => new Float32Array(n))
    this.dmax = cats.map(() => new Float32Array(n))
  }

  /** Category ci's distance range, bins and nearest-distance quantiles for community i. */
  computeNearest(ci: number, i: number): void {
    const cat = this.cats[ci]!
    const { area, people } = this.raster
    const { start, end, cell, w } = peopleOf(this.raster, i, cat.group)
    const dist = cat.dist
    let lo = Infinity
    let hi = 0
    // Over the area cells and the population cells (whole blocks may reach a little outside).
    for (const a of people ? [area, people] : [area]) {
      for (let k = a.start[i]!; k < a.start[i + 1]!; k++) {
        const d = dist[a.cell[k]!]!
        if (d < lo) lo = d
        if (d > hi) hi = d
      }
    }
    this.dmin[ci]![i] = lo
    this.dmax[ci]![i] = hi
    const binned = this.binCommunity(i, [dist], cat.group, cat.permArea, cat.permPeople)
    cat.binsArea[i] = binned.area
    cat.binsPeople[i] = binned.people
    cat.median[i] = NaN
    cat.p90[i] = NaN
    if (!(this.raster.communities[i]!.target[cat.group]! > 0)) return
    // Weighted quantiles of cell distances over 1 m bins (the exact method's tolerance).
    let total = 0
    let dLo = Infinity
    for (let k = start; k < end; k++) {
      total += w[k]!
      const d = dist[cell[k]!]!
      if (d < dLo) dLo = d
    }
    if (!(total > 0) || !(dLo <= NEAREST_MAX_M)) return
    const base = Math.floor(dLo)
    // Up to the community's farthest cell (hi): zeroing 5,000 bins per call cost the build more
    // than the quantiles themselves. The last bin holds the cells past NEAREST_MAX_M.
    const bins = (hi > NEAREST_MAX_M ? NEAREST_MAX_M : Math.floor(hi)) + 2 - base
    const hist = histogram(bins)
    for (let k = start; k < end; k++) {
      const d = dist[cell[k]!]!
      const b = d > NEAREST_MAX_M ? bins - 1 : Math.floor(d) - base
      hist[b]! += w[k]!
    }
    let cum = 0
    let b = 0
    for (const [q, out] of [
      [0.5, cat.median],
      [0.9, cat.p90],
    ] as const) {
      const need = q * total
      while (b < bins - 1 && cum + hist[b]! < need) cum += hist[b++]!
      if (b >= bins - 1) continue
      const within = hist[b]! > 0 ? (need - cum) / hist[b]! : 0
      out[i] = base + b + within
    }
  }

  /** Bins community i's cells by their farthest nearest facility (see jointArea). */
  computeJoint(i: number): void {
    const dists = this.cats.map((c) => c.dist)
    const bins = this.binCommunity(
      i,
      dists,
      0,
      this.jointPermArea,
      this.jointPermPeople,
      JOINT_BIN_SPLIT,
    )
    this.jointArea[i] = bins.area
    this.jointPeople[i] = bins.people
  }

  /**
   * Community i's area cells and (with a population layer) its cells of people of `group` in
   * distance bins by the largest of `dists` (see binCells), into the two permutations.
   */
  private binCommunity(
    i: number,
    dists: readonly Float32Array[],
    group: number,
    permArea: Int32Array,
    permPeople: Int32Array | null,
    split = BIN_SPLIT,
  ): { area: DistanceBins; people: DistanceBins | null } {
    const width = (this.raster.grid.cell * Math.SQRT2) / split
    const a = this.raster.area
    const p = this.raster.people
    return {
      area: binCells(a.start[i]!, a.start[i + 1]!, a.cell, a.weight[0]!, dists, width, permArea),
      people:
        p && permPeople
          ? binCells(
              p.start[i]!,
              p.start[i + 1]!,
              p.cell,
              p.weight[group]!,
              dists,
              width,
              permPeople,
            )
          : null,
    }
  }

  /** Every figure of community i at the categories' current reaches. */
  evaluate(i: number): CommunityResult {
    const c = this.raster.communities[i]!
    const cats = this.cats
    const nc = cats.length
    const half = (this.raster.grid.cell * Math.SQRT2) / 2
    // Per category: every cell of the community fully inside (1) or outside (−1) the reach, or
    // mixed (0); only mixed categories are looked at cell by cell.
    const state = this.state
    const mixed = this.mixed
    let nm = 0
    for (let ci = 0; ci < nc; ci++) {
      const r = cats[ci]!.setting.reach_m
      state[ci] = 0
      if (this.dmax[ci]![i]! <= r - half) state[ci] = 1
      else if (this.dmin[ci]![i]! >= r + half) state[ci] = -1
      else mixed[nm++] = ci
    }
    const a = this.raster.area
    const p = this.raster.people
    const evenPeople = this.raster.evenPeople
    // The complete share is of people when the layer places some of the community's.
    const completeOfPeople = p !== null && evenPeople[0]![i] === 0
    const areaShares = this.shares(
      i,
      false,
      0,
      a.start[i]!,
      a.start[i + 1]!,
      a.cell,
      a.weight[0]!,
      nm,
      !completeOfPeople,
      this.areaOut,
    )
    const byGroup = this.byGroup
    byGroup.fill(null)
    const groupShares = (g: number): Float64Array => {
      let s = byGroup[g]
      if (!s) {
        s =
          !p || evenPeople[g]![i] === 1
            ? areaShares
            : this.shares(
                i,
                true,
                g,
                p.start[i]!,
                p.start[i + 1]!,
                p.cell,
                p.weight[g]!,
                nm,
                g === 0,
                this.peopleOut[g]!,
              )
        byGroup[g] = s
      }
      return s
    }
    const categories: Record<string, CategoryFigures> = {}
    for (let ci = 0; ci < nc; ci++) {
      const cat = cats[ci]!
      const people = c.target[cat.group]!
      const popShare = groupShares(cat.group)[ci]!
      const med = cat.median[i]!
      const p90 = cat.p90[i]!
      categories[cat.setting.code] = {
        area_share: areaShares[ci]!,
        population_share: people > 0 ? popShare : null,
        population_covered: people * popShare,
        facilities_in_reach: upperBound(cat.lists[i]!, cat.setting.reach_m),
        nearest_m_median: Number.isNaN(med) ? null : med,
        nearest_m_p90: Number.isNaN(p90) ? null : p90,
        capacity_per_1000: this.capacity.figure(cat, i),
        target_fallback: c.fallback[cat.group] === 1,
        target_population: people,
      }
    }
    return {
      id: c.id,
      name: c.name,
      population: c.population,
      area_m2: c.area,
      categories,
      complete_share: c.population > 0 ? (nc === 0 ? 1 : groupShares(0)[nc]!) : null,
    }
  }

  /**
   * Covered share of one community's weighted cell list (area fractions, or people of group `g`
   * when `people`) for each category (index ci; for people only the categories of group g) and,
   * when `complete`, for all categories at once (index nc), into `out`. The first `nm` of
   * `this.mixed` are the categories `this.state` leaves mixed. This is the re-threshold hot
   * path: settled categories cost nothing, the others only the cells of their distance bins
   * within half a cell diagonal of the reach (see distance-bins.ts).
   */
  private shares(
    i: number,
    people: boolean,
    g: number,
    start: number,
    end: number,
    cell: Int32Array,
    w: Float32Array,
    nm: number,
    complete: boolean,
    out: Float64Array,
  ): Float64Array {
    const state = this.state
    const mixed = this.mixed
    const nc = this.cats.length
    out.fill(0)
    let anyOut = false
    for (let ci = 0; ci < nc; ci++) if (state[ci] === -1) anyOut = true
    let tot = (people ? this.peopleTotal[g]! : this.areaTotal)[i]!
    if (Number.isNaN(tot)) {
      // Computed once per list: the lists never change, only distances do.
      tot = 0
      for (let k = start; k < end; k++) tot += w[k]!
      ;(people ? this.peopleTotal[g]! : this.areaTotal)[i] = tot
    }
    if (!(tot > 0)) return out
    for (let ci = 0; ci < nc; ci++) out[ci] = state[ci] === 1 ? 1 : 0
    if (nm === 0) {
      out[nc] = anyOut ? 0 : 1
      return out
    }
    const half = (this.raster.grid.cell * Math.SQRT2) / 2
    let single = 0
    for (let m = 0; m < nm; m++) {
      const ci = mixed[m]!
      const cat = this.cats[ci]!
      if (people && cat.group !== g) continue
      // The bins' cumulative weights are of the category's own group (area, or people of g).
      const bins = people ? cat.binsPeople[i]! : cat.binsArea[i]!
      const perm = people ? cat.permPeople! : cat.permArea
      const r = cat.setting.reach_m
      this.bandOf(0, ci, r - half, r + half)
      const sum = this.bandSum(i, people, start, cell, w, bins, perm, r - half, r + half, 1)
      out[ci] = clamp01(sum / tot)
      if (nm === 1) single = sum
    }
    if (!complete || anyOut) return out
    let comp: number
    if (nm === 1 && (!people || g === this.cats[mixed[0]!]!.group)) comp = single
    else {
      // Cells whose farthest category is nearer than the smallest reach (less half a cell
      // diagonal) are covered by all; cells farther than the largest reach by not all.
      let rLo = Infinity
      let rHi = 0
      for (let m = 0; m < nm; m++) {
        const r = this.cats[mixed[m]!]!.setting.reach_m
        this.bandOf(m, mixed[m]!, r - half, r + half)
        rLo = Math.min(rLo, r)
      }
      for (const cat of this.cats) rHi = Math.max(rHi, cat.setting.reach_m)
      const bins = people ? this.jointPeople[i]! : this.jointArea[i]!
      const perm = people ? this.jointPermPeople! : this.jointPermArea
      comp = this.bandSum(i, people, start, cell, w, bins, perm, rLo - half, rHi + half, nm)
    }
    out[nc] = clamp01(comp / tot)
    return out
  }

  /** Sets band slot m to category ci, covered below `lo` and uncovered from `hi` (m). */
  private bandOf(m: number, ci: number, lo: number, hi: number): void {
    this.bandCis[m] = ci
    this.bandDist[m] = this.cats[ci]!.dist
    this.bandLo[m] = lo
    this.bandHi[m] = hi
  }

  /**
   * Σ weight × (fraction within reach of each of the first `n` band categories, see bandOf)
   * over one community's cells, from bins sorted by `bins` (a distance every cell's band
   * distances are at most): bins wholly below `lo` count whole, bins from `hi` on not at all,
   * the cells of the bins between one by one.
   */
  private bandSum(
    i: number,
    people: boolean,
    start: number,
    cell: Int32Array,
    w: Float32Array,
    bins: DistanceBins,
    perm: Int32Array,
    lo: number,
    hi: number,
    n: number,
  ): number {
    const nFinite = bins.off.length - 2
    const bLo = Math.min(Math.max(binOf(bins, lo), 0), nFinite)
    const bHi = Math.min(binOf(bins, hi), nFinite - 1)
    const to = start + (bHi >= 0 ? bins.off[bHi + 1]! : 0)
    const dists = this.bandDist
    const los = this.bandLo
    const his = this.bandHi
    const cis = this.bandCis
    const pc = this.partialCis
    let sum = bins.cum[bLo]!
    const from = start + bins.off[bLo]!
    const len = to - from
    if (len <= 0) return sum
    if (this.gatherW.length < len) this.gatherW = new Float32Array(2 * len)
    if (this.gatherD.length < len * n) this.gatherD = new Float32Array(2 * len * n)
    const gw = this.gatherW
    const gd = this.gatherD
    const clip = this.clipBoundary && !people
    // Gather first: the loads are independent, so the CPU overlaps their cache misses, which
    // the branchy pass below would take one at a time.
    for (let q = 0; q < len; q++) gw[q] = w[perm[from + q]!]!
    for (let m = 0; m < n; m++) {
      const dist = dists[m]!
      const at = m * len
      for (let q = 0; q < len; q++) gd[at + q] = dist[cell[perm[from + q]!]!]!
    }
    for (let q = 0; q < len; q++) {
      let all = 1
      let np = 0
      let m = 0
      for (; m < n; m++) {
        const d = gd[m * len + q]!
        if (d <= los[m]!) continue
        if (d >= his[m]!) break
        pc[np++] = cis[m]!
        all *= this.partial(cis[m]!, d)
      }
      // Beyond some category's reach: adds nothing.
      if (m < n) continue
      const wk = gw[q]!
      if (np > 0 && clip && wk < FULL_CELL) {
        const k = perm[from + q]!
        sum += this.boundary.cover(this.cats, i, k, cell[k]!, pc, np)
      } else sum += wk * all
    }
    return sum
  }

  /**
   * Covered fraction of a cell at distance d (m) from its nearest facility of category ci. The
   * direction-averaged fraction keeps every share monotone in reach and in facilities.
   */
  private partial(ci: number, d: number): number {
    return meanCoverFraction(this.cats[ci]!.setting.reach_m - d, this.raster.grid.cell)
  }
}

function upperBound(sorted: Float32Array, v: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! <= v) lo = mid + 1
    else hi = mid
  }
  return lo
}

let histBuf = new Float64Array(0)
function histogram(n: number): Float64Array {
  if (histBuf.length < n) histBuf = new Float64Array(n)
  histBuf.fill(0, 0, n)
  return histBuf
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x
}
