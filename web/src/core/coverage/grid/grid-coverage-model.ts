import type { Feature, MultiPolygon } from 'geojson'
import { cityTotals } from '../city-totals.ts'
import {
  editedFacilities,
  type CoverageChange,
  type CoverageData,
  type CoverageModel,
  type GapProps,
  type RecomputeOptions,
} from '../coverage-model.ts'
import type { CoverageResult, CoverageSettings } from '../types.ts'
import { assertValidCoverageInput } from '../validate-input.ts'
import type { DistanceFieldFactory } from './distance-field.ts'
import { createGridModel, type GridModel } from './grid-model.ts'
import { gapsFromGrid } from './vectorize.ts'

/** Settings with every reach left out: two settings with the same key differ only in reach. */
function withoutReach(settings: CoverageSettings): string {
  return JSON.stringify({
    ...settings,
    categories: settings.categories.map((c) => ({ ...c, reach_m: 0 })),
  })
}

/**
 * The fast method's {@link CoverageModel}: one staged grid model of the whole city. A recompute
 * that changes only reaches re-thresholds the kept distance fields; other settings rebuild it.
 * Edits update the cells and communities near the change.
 */
class GridCoverageModel implements CoverageModel {
  readonly method = 'fast' as const
  private data: CoverageData | null = null
  private model: GridModel | null = null
  private settings: CoverageSettings | null = null

  constructor(private readonly distanceField?: DistanceFieldFactory) {}

  /** The staged grid model behind this one (null before the first recompute). */
  get grid(): GridModel | null {
    return this.model
  }

  load(data: CoverageData): void {
    this.data = data
    this.model = null
    this.settings = null
  }

  recompute(settings: CoverageSettings, options: RecomputeOptions = {}): CoverageResult {
    const data = this.data
    if (!data) throw new Error('no data: call load(data) first')
    let result: CoverageResult
    if (this.model && this.settings && withoutReach(this.settings) === withoutReach(settings)) {
      result = this.model.threshold(
        Object.fromEntries(settings.categories.map((c) => [c.code, c.reach_m])),
      )
    } else {
      const input = { ...data, settings }
      if (options.validate ?? true) assertValidCoverageInput(input)
      this.model = null
      this.model = createGridModel(input, {
        ...(this.distanceField ? { distanceField: this.distanceField } : {}),
      })
      result = this.model.result()
    }
    this.settings = settings
    const indices = options.communityIndices
    if (!indices) return result
    // The grid is built for the whole city at once; a thread's share is cut from it.
    const communities = indices.map((i) => result.communities[i]!)
    const codes = settings.categories.map((c) => c.code)
    return { ...result, communities, city: cityTotals(communities, codes) }
  }

  apply(change: CoverageChange): CoverageResult {
    const model = this.model
    const data = this.data
    if (!model || !data) throw new Error('no figures to edit: call recompute(settings) first')
    // Kept in step, so that a rebuild under other settings keeps the edits.
    const facilities = editedFacilities(data.facilities, change)
    let result: CoverageResult
    if (change.kind === 'add') result = model.addFacility(change.facility)
    else if (change.kind === 'move') result = model.moveFacility(change.id, change.to)
    else result = model.removeFacility(change.id)
    this.data = { ...data, facilities }
    return result
  }

  gaps(communityId: string, categories: readonly string[]): Array<Feature<MultiPolygon, GapProps>> {
    const model = this.model
    const settings = this.settings
    const data = this.data
    if (!model || !settings || !data)
      throw new Error('no settings yet: call recompute(settings) first')
    const community = data.communities.find((c) => String(c.properties.id) === communityId)
    if (!community) throw new RangeError(`no community with id ${communityId}`)
    const out: Array<Feature<MultiPolygon, GapProps>> = []
    for (const code of categories) {
      const setting = settings.categories.find((c) => c.code === code)
      if (!setting) throw new RangeError(`no category ${code} in the settings`)
      const gap = gapsFromGrid(model, communityId, code)
      if (!gap || gap.geometry.coordinates.length === 0) continue
      out.push({
        type: 'Feature',
        geometry: gap.geometry,
        properties: {
          community_id: communityId,
          community_name: String(community.properties.name ?? ''),
          category: code,
          reach_m: setting.reach_m,
          method: 'fast',
          gap_area_m2: gap.properties.area_m2,
        },
      })
    }
    return out
  }

  drop(): void {
    this.data = null
    this.model = null
    this.settings = null
  }
}

/**
 * A new fast-method {@link CoverageModel} (empty until `load`), on the straight-line distance
 * field unless another is given.
 * @example const model = createGridCoverageModel(); model.load(data); model.recompute(settings)
 */
export function createGridCoverageModel(
  distanceField?: DistanceFieldFactory,
): CoverageModel & { readonly grid: GridModel | null } {
  return new GridCoverageModel(distanceField)
}
