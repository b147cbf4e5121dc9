import type { Feature, MultiPolygon } from 'geojson'
import { computeCoverage, type CoverageCache } from './compute-coverage.ts'
import {
  editedFacilities,
  type CoverageChange,
  type CoverageData,
  type CoverageModel,
  type GapProps,
  type RecomputeOptions,
} from './coverage-model.ts'
import { gapPolygons } from './gaps.ts'
import type { CoverageResult, CoverageSettings } from './types.ts'
import { applyFacilityChange } from './what-if-update.ts'

/**
 * The exact method's {@link CoverageModel}: keeps the city's preparation (projected communities,
 * population pieces, facility indexes) while only reaches change, and recomputes only the
 * communities an edit can move. Gaps are Turf circles with the union folded one at a time.
 */
class ExactModel implements CoverageModel {
  readonly method = 'exact' as const
  private data: CoverageData | null = null
  private cache: CoverageCache = {}
  private last: { settings: CoverageSettings; result: CoverageResult } | null = null

  load(data: CoverageData): void {
    this.data = data
    this.cache = {}
    this.last = null
  }

  recompute(settings: CoverageSettings, options: RecomputeOptions = {}): CoverageResult {
    const data = requireData(this.data)
    const result = computeCoverage(
      { ...data, settings },
      {
        cache: this.cache,
        ...(options.communityIndices ? { communityIndices: options.communityIndices } : {}),
        ...(options.validate === undefined ? {} : { validate: options.validate }),
      },
    )
    this.last = options.communityIndices ? null : { settings, result }
    return result
  }

  apply(change: CoverageChange): CoverageResult {
    const data = requireData(this.data)
    const held = this.cache.held
    const last = this.last
    if (!last || !held || held.region !== null)
      throw new Error('no figures to edit: call recompute(settings) for the whole city first')
    const facilities = editedFacilities(data.facilities, change)
    let edit
    if (change.kind === 'add') edit = { add: [change.facility] }
    else if (change.kind === 'remove') edit = { remove: [change.id] }
    else {
      const moved = facilities.find((f) => String(f.properties.id) === change.id)!
      edit = { remove: [change.id], add: [moved] }
    }
    const out = applyFacilityChange(held.prep, last.result, edit)
    // The preparation now holds the edited facilities: it stays valid for the edited array.
    this.data = { ...data, facilities }
    held.data = { ...held.data, facilities }
    this.last = { settings: last.settings, result: out.result }
    return out.result
  }

  gaps(communityId: string, categories: readonly string[]): Array<Feature<MultiPolygon, GapProps>> {
    const data = requireData(this.data)
    const settings = this.last?.settings
    if (!settings) throw new Error('no settings yet: call recompute(settings) first')
    const community = data.communities.find((c) => String(c.properties.id) === communityId)
    if (!community) throw new RangeError(`no community with id ${communityId}`)
    const minArea = settings.min_gap_area_m2 ?? 100
    const out: Array<Feature<MultiPolygon, GapProps>> = []
    for (const code of categories) {
      const setting = settings.categories.find((c) => c.code === code)
      if (!setting) throw new RangeError(`no category ${code} in the settings`)
      const own = data.facilities.filter((f) => f.properties.category === code)
      const gap = gapPolygons(community, own, setting.reach_m, {
        min_gap_area_m2: minArea,
        count_statuses: settings.count_statuses ?? ['open'],
      })
      if (gap.geometry.coordinates.length === 0) continue
      out.push({
        type: 'Feature',
        geometry: gap.geometry,
        properties: {
          community_id: communityId,
          community_name: String(community.properties.name ?? ''),
          category: code,
          reach_m: setting.reach_m,
          method: 'exact',
          gap_area_m2: gap.properties.gap_area_m2,
        },
      })
    }
    return out
  }

  drop(): void {
    this.data = null
    this.cache = {}
    this.last = null
  }
}

function requireData(data: CoverageData | null): CoverageData {
  if (!data) throw new Error('no data: call load(data) first')
  return data
}

/**
 * A new exact-method {@link CoverageModel} (empty until `load`).
 * @example const model = createExactModel(); model.load(data); model.recompute(settings)
 */
export function createExactModel(): CoverageModel {
  return new ExactModel()
}
