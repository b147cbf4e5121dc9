import { GROUPS } from '../population-pieces.ts'
import { TwoStepField, rowPrefix, type CoarsePeople } from './capacity.ts'
import { pointToCommunityDistance } from './facility-distance.ts'
import type { GridCategory } from './grid-types.ts'
import { peopleOf, rowOf, type GridRaster } from './people-raster.ts'

/** Size of the 2SFCA population cells, metres (boundary cells count by covered fraction). */
const COARSE_M = 40
/** Most coarse cells in a city's 2SFCA grid. */
const MAX_COARSE = 250_000

/**
 * The capacity stage of a grid model: two-step floating catchment (2SFCA) capacity per 1,000
 * target people, on a coarse grid of people per group (built once per group, on first use).
 */
export class CapacityStage {
  private readonly raster: GridRaster
  /** Coarse cells per grid cell side and, per group, people per coarse cell. */
  private readonly coarseFactor: number
  private readonly coarse: Array<CoarsePeople | null>

  constructor(raster: GridRaster) {
    this.raster = raster
    const { width, height, cell } = raster.grid
    // 2SFCA cells: at least COARSE_M and few enough for a quick pass over them (MAX_COARSE).
    // Not tied to the reach, so a re-threshold and a rebuild use the same cells (same numbers).
    const coarseM = Math.max(COARSE_M, Math.sqrt((width * height * cell * cell) / MAX_COARSE))
    this.coarseFactor = Math.max(1, Math.ceil(coarseM / cell - 1e-9))
    this.coarse = GROUPS.map(() => null)
  }

  /** Builds the category's 2SFCA field from scratch at its reach (null without capacities). */
  compute(cat: GridCategory): void {
    if (!cat.hasCapacity) {
      cat.access = null
      return
    }
    const field = cat.access ?? new TwoStepField(this.coarsePeople(cat.group))
    field.reset()
    // In y order: neighbours in turn touch the same rows of the coarse grid (sums are fixed
    // point, so the order does not change them).
    for (const j of cat.byY) this.edit(cat, j, 1, field)
    cat.access = field
  }

  /** Adds (+1) or takes away (−1) facility j's capacity in the category's 2SFCA field. */
  edit(cat: GridCategory, j: number, sign: 1 | -1, field = cat.access): void {
    if (!field) return
    if (cat.seeds.active[j] !== 1 && sign > 0) return
    const capacity = cat.capacity[j]!
    if (!(capacity > 0)) return
    const x = cat.seeds.x[j]!
    const y = cat.seeds.y[j]!
    const r = cat.setting.reach_m
    // A facility whose reach touches no community serves nobody (the exact method's D_j = 0).
    // Without this test a disc grazing a coarse cell's empty corner would get a tiny catchment
    // and hand its whole capacity to the few people it seems to reach.
    if (cat.inside[j] === 0 && !this.reachesCommunity(cat, j, r)) return
    field.update(j, x, y, capacity, r, sign)
  }

  /** Capacity per 1,000 target people within reach of community i, or null. */
  figure(cat: GridCategory, i: number): number | null {
    if (!cat.access) return null
    return cat.access.figure(
      this.coarse[cat.group]!.lists[i]!,
      this.raster.communities[i]!.target[cat.group]!,
    )
  }

  /**
   * Whether facility j (outside every community) lies within r of one. The nearest community
   * found within some R (the search box's slack covers the plane's scale, as in nearSeeds) is
   * the nearest of all, so it answers every later reach; "none within R" answers those ≤ R.
   */
  private reachesCommunity(cat: GridCategory, j: number, r: number): boolean {
    const known = cat.gap[j]!
    if (known >= 0) return known <= r
    if (known < 0 && r <= -known) return false
    const x = cat.seeds.x[j]!
    const y = cat.seeds.y[j]!
    const m = r * 1.001
    let best = Infinity
    for (const i of this.raster.communityIndex.search(x - m, y - m, x + m, y + m)) {
      best = Math.min(best, pointToCommunityDistance(this.raster.communities[i]!.polys, x, y))
    }
    // (−0 would read as "0 m away": a zero reach leaves nothing known.)
    cat.gap[j] = best <= r ? best : r > 0 ? -r : NaN
    return best <= r
  }

  /** People of group g per coarse cell (built once per group, on first use). */
  private coarsePeople(g: number): CoarsePeople {
    const hit = this.coarse[g]
    if (hit) return hit
    const raster = this.raster
    const factor = this.coarseFactor
    const cw = Math.ceil(raster.grid.width / factor)
    const ch = Math.ceil(raster.grid.height / factor)
    const people = new Float64Array(cw * ch)
    const lists: CoarsePeople['lists'] = []
    const scratch = new Float64Array(cw * ch)
    const touched: number[] = []
    const { col } = raster.cells
    for (let i = 0; i < raster.communities.length; i++) {
      const { start, end, cell, w } = peopleOf(raster, i, g)
      let total = 0
      for (let k = start; k < end; k++) total += w[k]!
      const target = raster.communities[i]!.target[g]!
      touched.length = 0
      if (total > 0 && target > 0) {
        // Cells of a community are in row-major order, so the row only moves forward.
        let row = start < end ? rowOf(raster.cells, cell[start]!) : 0
        for (let k = start; k < end; k++) {
          const u = cell[k]!
          while (u >= raster.cells.rowStart[row + 1]!) row++
          const cc = Math.floor(row / factor) * cw + Math.floor(col[u]! / factor)
          if (scratch[cc] === 0) touched.push(cc)
          scratch[cc]! += (target * w[k]!) / total
        }
      }
      touched.sort((a, b) => a - b)
      const pl = new Float64Array(touched.length)
      touched.forEach((cc, q) => {
        pl[q] = scratch[cc]!
        people[cc]! += scratch[cc]!
        scratch[cc] = 0
      })
      lists.push({ cell: Int32Array.from(touched), people: pl })
    }
    const out: CoarsePeople = {
      size: raster.grid.cell * factor,
      ox: raster.grid.ox,
      oy: raster.grid.oy,
      width: cw,
      height: ch,
      people,
      prefix: rowPrefix(people, cw, ch),
      lists,
    }
    this.coarse[g] = out
    return out
  }
}
