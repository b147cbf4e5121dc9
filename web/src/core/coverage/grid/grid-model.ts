import type { StereographicPlane } from '../../geo/stereographic.ts'
import type { LngLat } from '../../geo/units.ts'
import { cityTotals } from '../city-totals.ts'
import type {
  CategorySetting,
  CommunityResult,
  CoverageInput,
  CoverageResult,
  CoverageSettings,
  FacilityFeature,
} from '../types.ts'
import { Aggregation } from './aggregation.ts'
import { BoundaryCells } from './boundary-cells.ts'
import { CapacityStage } from './capacity-stage.ts'
import type { ChangedBox, DistanceFieldFactory } from './distance-field.ts'
import { createEuclideanField } from './euclidean-field.ts'
import {
  appendSeed,
  computeLists,
  countedStatus,
  fieldSeeds,
  lngLatOf,
  newCategory,
} from './facility-seeds.ts'
import type { GridCategory } from './grid-types.ts'
import type { SparseCells } from './nearest-seeds.ts'
import { seedsByY } from './nearest-seeds.ts'
import { rasterizeCity, rowOf, type GridRaster } from './people-raster.ts'
import type { GridSpec } from './rasterize.ts'

export { DEFAULT_CELL_M, CELL_BUDGET_BYTES, maxCells } from './people-raster.ts'

/**
 * A staged fast-coverage model: the raster, one distance field per category, cached figures.
 * `threshold` only re-thresholds and re-aggregates; facility edits update the cells near the
 * change and the communities they touch. Every figure equals a fresh `createGridModel` of the
 * edited input exactly (same numbers, not just close).
 */
export interface GridModel {
  readonly plane: StereographicPlane
  readonly grid: GridSpec
  readonly cells: SparseCells
  /** Gap pieces under this many m² are dropped (settings.min_gap_area_m2, default 100). */
  readonly minGapAreaM2: number
  result(): CoverageResult
  threshold(reachByCategory: Readonly<Record<string, number>>): CoverageResult
  addFacility(facility: FacilityFeature): CoverageResult
  moveFacility(id: string, to: LngLat): CoverageResult
  removeFacility(id: string): CoverageResult
  /**
   * Uncovered cells of a community for a category: a mask over the community's grid window
   * (1 = a cell at least half inside the community and not within reach).
   */
  gapMask(communityId: string, category: string): GapMask | null
}

export interface GapMask {
  grid: GridSpec
  plane: StereographicPlane
  col0: number
  row0: number
  width: number
  height: number
  mask: Uint8Array
}

/** Options of {@link createGridModel}. */
export interface GridModelOptions {
  /** false: skip what only facility edits need up front (a one-shot run). Default true. */
  editable?: boolean
  /** The distance stage; default the straight-line field. */
  distanceField?: DistanceFieldFactory
}

/** An edit of one seed: added (+1) or removed (−1), with the box of cells its field changed. */
interface SeedEdit {
  j: number
  box: ChangedBox | null
  sign: 1 | -1
}

/** The model's public face: composes the stages and keeps them in step through edits. */
class GridModelImpl implements GridModel {
  readonly plane: StereographicPlane
  readonly grid: GridSpec
  readonly cells: SparseCells
  readonly minGapAreaM2: number
  private readonly settings: CoverageSettings
  private readonly warnings: string[]
  private readonly counted: ReadonlySet<string>
  private readonly raster: GridRaster
  private readonly cats: GridCategory[]
  private readonly capacity: CapacityStage
  private readonly aggregation: Aggregation
  private readonly results: CommunityResult[]

  constructor(input: CoverageInput, options: GridModelOptions) {
    this.settings = input.settings
    this.minGapAreaM2 = input.settings.min_gap_area_m2 ?? 100
    this.counted = new Set<string>(input.settings.count_statuses ?? ['open'])
    const raster = rasterizeCity(input)
    this.raster = raster
    this.warnings = raster.warnings
    this.plane = raster.plane
    this.grid = raster.grid
    this.cells = raster.cells
    const makeField = options.distanceField ?? createEuclideanField
    this.capacity = new CapacityStage(raster)
    this.cats = input.settings.categories.map((s) =>
      newCategory(raster, s, input.facilities, this.counted, makeField, this.warnings),
    )
    for (const cat of this.cats) {
      const fell = raster.communities.filter((c) => c.fallback[cat.group] === 1).length
      if (fell > 0) {
        this.warnings.push(
          `${cat.setting.code}: ${fell} communities lack a ${cat.setting.target_group} population; total population used`,
        )
      }
    }
    this.aggregation = new Aggregation(raster, this.cats, new BoundaryCells(raster), this.capacity)
    for (const cat of this.cats) {
      computeLists(raster, cat, null)
      this.capacity.compute(cat)
    }
    // Community by community: its cells' distances are still in cache for the joint bins.
    const n = raster.communities.length
    for (let i = 0; i < n; i++) {
      for (let ci = 0; ci < this.cats.length; ci++) this.aggregation.computeNearest(ci, i)
      this.aggregation.computeJoint(i)
    }
    this.results = raster.communities.map((_, i) => this.aggregation.evaluate(i))
    if (options.editable ?? true) {
      for (const cat of this.cats) cat.field.prepareEdits?.(fieldSeeds(cat))
    }
  }

  result(): CoverageResult {
    return {
      settings: {
        ...this.settings,
        categories: this.cats.map((c) => ({ ...c.setting })),
        method: 'fast',
        cell_m: this.grid.cell as CoverageSettings['cell_m'],
        distance: 'great-circle, sphere R = 6371008.8 m',
        population_placement: this.raster.placement,
      },
      method: 'fast',
      communities: this.results.slice(),
      city: cityTotals(
        this.results,
        this.cats.map((c) => c.setting.code),
      ),
      warnings: [...this.warnings],
    }
  }

  threshold(reachByCategory: Readonly<Record<string, number>>): CoverageResult {
    let changed = false
    for (const cat of this.cats) {
      const r = reachByCategory[cat.setting.code]
      if (r === undefined || r === cat.setting.reach_m) continue
      if (!(r >= 0) || !Number.isFinite(r))
        throw new RangeError(`reach for ${cat.setting.code} must be ≥ 0 m, got ${r}`)
      cat.setting.reach_m = r as CategorySetting['reach_m']
      if (r > cat.listCap) {
        cat.listCap = 2 * r
        computeLists(this.raster, cat, null)
      }
      this.capacity.compute(cat)
      changed = true
    }
    if (changed) {
      for (let i = 0; i < this.raster.communities.length; i++)
        this.results[i] = this.aggregation.evaluate(i)
    }
    return this.result()
  }

  private findFacility(id: string): [number, number] {
    for (let ci = 0; ci < this.cats.length; ci++) {
      const j = this.cats[ci]!.idIndex.get(id)
      if (j !== undefined && this.cats[ci]!.seeds.active[j] === 1) return [ci, j]
    }
    throw new RangeError(`no counted facility with id ${id}`)
  }

  addFacility(facility: FacilityFeature): CoverageResult {
    const ci = this.cats.findIndex((c) => c.setting.code === facility.properties.category)
    const at = lngLatOf(facility)
    if (ci < 0 || !at || !countedStatus(facility, this.counted)) return this.result()
    const cat = this.cats[ci]!
    const id = String(facility.properties.id)
    const old = cat.idIndex.get(id)
    if (old !== undefined && cat.seeds.active[old] === 1)
      throw new RangeError(`facility ${id} already exists`)
    const j = appendSeed(this.raster, cat, id, at, facility.properties.capacity)
    cat.byY = seedsByY(cat.seeds)
    const box = cat.field.add(fieldSeeds(cat), j)
    this.afterEdit(ci, [{ j, box, sign: 1 }])
    return this.result()
  }

  removeFacility(id: string): CoverageResult {
    const [ci, j] = this.findFacility(id)
    const cat = this.cats[ci]!
    cat.seeds.active[j] = 0
    cat.byY = seedsByY(cat.seeds)
    const box = cat.field.remove(fieldSeeds(cat), j)
    this.afterEdit(ci, [{ j, box, sign: -1 }])
    return this.result()
  }

  moveFacility(id: string, to: LngLat): CoverageResult {
    const [ci, j] = this.findFacility(id)
    const cat = this.cats[ci]!
    const capacity = cat.capacity[j]
    cat.seeds.active[j] = 0
    cat.byY = seedsByY(cat.seeds)
    const gone = cat.field.remove(fieldSeeds(cat), j)
    cat.idIndex.delete(id)
    const k = appendSeed(this.raster, cat, id, [to[0], to[1]], capacity)
    cat.byY = seedsByY(cat.seeds)
    const box = cat.field.add(fieldSeeds(cat), k)
    // One refresh for both ends: communities near both are recomputed once.
    this.afterEdit(ci, [
      { j, box: gone, sign: -1 },
      { j: k, box, sign: 1 },
    ])
    return this.result()
  }

  /**
   * Refreshes the figures that changes of seeds (added: +1, removed: −1; the distance field
   * already updated, `box` what it touched) can affect.
   */
  private afterEdit(ci: number, edits: readonly SeedEdit[]): void {
    const cat = this.cats[ci]!
    const { communityIndex, communities } = this.raster
    const affected = new Set<number>()
    const nearAll = new Set<number>()
    // Communities with cells in the field's changed box: only their distances, and so their
    // bins and nearest quantiles, can have changed (two cells of slack for population cells
    // just outside a community's window).
    const changed = new Set<number>()
    const { cell } = this.grid
    for (const { j, box } of edits) {
      const x = cat.seeds.x[j]!
      const y = cat.seeds.y[j]!
      if (box) {
        const pad = 2 * cell
        for (const i of communityIndex.search(
          box.minX - pad,
          box.minY - pad,
          box.maxX + pad,
          box.maxY + pad,
        )) {
          changed.add(i)
          affected.add(i)
        }
      }
      // Wide enough for the communities' candidate lists too (see BoundaryCells.nearSeeds).
      const around = Math.max(cat.listCap, cat.setting.reach_m) * 1.001 + 2 * cell
      for (const i of communityIndex.search(x - around, y - around, x + around, y + around)) {
        nearAll.add(i)
        affected.add(i)
      }
    }
    computeLists(this.raster, cat, [...nearAll])
    let known = false
    for (let q = 0; q < cat.seeds.count && !known; q++) {
      known = cat.seeds.active[q] === 1 && !Number.isNaN(cat.capacity[q]!)
    }
    if (known !== cat.hasCapacity) {
      // The category gains its first or loses its last known capacity: every figure changes.
      cat.hasCapacity = known
      this.capacity.compute(cat)
      for (let i = 0; i < communities.length; i++) affected.add(i)
    } else if (cat.access) {
      for (const { j, sign } of edits) this.capacity.edit(cat, j, sign)
    }
    for (const i of affected) {
      if (changed.has(i)) {
        this.aggregation.computeNearest(ci, i)
        this.aggregation.computeJoint(i)
      }
      this.results[i] = this.aggregation.evaluate(i)
    }
  }

  gapMask(communityId: string, category: string): GapMask | null {
    const i = this.raster.byId.get(communityId)
    const ci = this.cats.findIndex((c) => c.setting.code === category)
    if (i === undefined || ci < 0) return null
    const c = this.raster.communities[i]!
    const cat = this.cats[ci]!
    const width = c.col1 - c.col0
    const height = c.row1 - c.row0
    const mask = new Uint8Array(Math.max(width * height, 0))
    const a = this.raster.area
    const aw = a.weight[0]!
    const r = cat.setting.reach_m
    let row = rowOf(this.cells, a.cell[a.start[i]!] ?? 0)
    for (let k = a.start[i]!; k < a.start[i + 1]!; k++) {
      const u = a.cell[k]!
      while (u >= this.cells.rowStart[row + 1]!) row++
      if (aw[k]! < 0.5 || cat.dist[u]! <= r) continue
      mask[(row - c.row0) * width + (this.cells.col[u]! - c.col0)] = 1
    }
    return { grid: this.grid, plane: this.plane, col0: c.col0, row0: c.row0, width, height, mask }
  }
}

/**
 * Builds the staged fast-coverage model of an input: projects everything into one stereographic
 * plane centred on the city, rasterises communities (exact area fractions per cell, default
 * 10 m cells; coarser, with a warning, when the city would need more than {@link maxCells}
 * cells) and the population layer, computes each category's nearest-facility distance field
 * (great-circle metres by default; see {@link DistanceFieldFactory}) and all figures at the
 * input's reach. `editable: false` skips what only facility edits need up front (a one-shot
 * run); edits still work, the first is slower.
 * @example
 * const model = createGridModel(input)
 * model.threshold({ store: 800 }) // re-threshold only
 * model.addFacility(feature)      // updates only the cells and communities near it
 */
export function createGridModel(input: CoverageInput, options: GridModelOptions = {}): GridModel {
  return new GridModelImpl(input, options)
}
