import type { Feature, FeatureCollection, MultiPolygon } from 'geojson'
import { gapPolygons } from '../../web/src/core/coverage/gaps.ts'
import { createGridModel, type GridModel } from '../../web/src/core/coverage/grid/grid-model.ts'
import { gapsFromGrid } from '../../web/src/core/coverage/grid/vectorize.ts'
import type {
  CoverageInput,
  CoverageResult,
  FacilityFeature,
} from '../../web/src/core/coverage/types.ts'

/**
 * Most boundary vertices of a community whose gaps are drawn: Turf's polygon difference on a
 * million-vertex boundary took 30 s and 2.4 GB; 50,000 takes about a second.
 */
export const MAX_GAP_VERTICES = 50_000

export interface GapProps {
  community_id: string
  community_name: string
  category: string
  reach_m: number
  method: CoverageResult['method']
  gap_area_m2: number
}

/**
 * The gap of every community × category (the part out of reach) as MultiPolygon features, for
 * `--gaps`. Communities whose uncovered area is below the minimum gap area are left out without
 * drawing anything. Exact: Turf circles with the union folded (core `gapPolygons`); fast: the
 * grid model's uncovered cells outlined by the grid vectoriser (core `gapsFromGrid`), from
 * `model` when the caller already has one. A community with more than {@link MAX_GAP_VERTICES}
 * boundary vertices is left out and passed to `onSkip`.
 * @example gapsFeatureCollection(input, computeCoverage(input)).features[0].properties.category
 */
export function gapsFeatureCollection(
  input: CoverageInput,
  result: CoverageResult,
  model?: GridModel,
  onSkip: (communityId: string, vertices: number) => void = () => {},
): FeatureCollection<MultiPolygon, GapProps> {
  const grid = result.method === 'fast' ? (model ?? createGridModel(input)) : null
  const minArea = input.settings.min_gap_area_m2 ?? 100
  const statuses = input.settings.count_statuses ?? ['open']
  const byCategory = new Map<string, FacilityFeature[]>()
  for (const f of input.facilities) {
    const list = byCategory.get(f.properties.category) ?? []
    list.push(f)
    byCategory.set(f.properties.category, list)
  }
  const features: Feature<MultiPolygon, GapProps>[] = []
  input.communities.forEach((community, i) => {
    const figures = result.communities[i]
    if (!figures || figures.id !== community.properties.id)
      throw new Error(`result does not match input at community ${i}`)
    const geometry = community.geometry
    const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
    let vertices = 0
    for (const rings of polys) for (const ring of rings) vertices += ring.length
    if (vertices > MAX_GAP_VERTICES) {
      onSkip(community.properties.id, vertices)
      return
    }
    for (const setting of result.settings.categories) {
      const share = figures.categories[setting.code]?.area_share ?? 0
      if ((1 - share) * figures.area_m2 < minArea) continue
      const gap = grid
        ? gapsFromGrid(grid, community.properties.id, setting.code, minArea)
        : gapPolygons(community, byCategory.get(setting.code) ?? [], setting.reach_m, {
            min_gap_area_m2: minArea,
            count_statuses: statuses,
          })
      if (!gap || gap.geometry.coordinates.length === 0) continue
      const gapArea =
        'gap_area_m2' in gap.properties ? gap.properties.gap_area_m2 : gap.properties.area_m2
      features.push({
        type: 'Feature',
        geometry: gap.geometry,
        properties: {
          community_id: community.properties.id,
          community_name: community.properties.name,
          category: setting.code,
          reach_m: setting.reach_m,
          method: result.method,
          gap_area_m2: gapArea,
        },
      })
    }
  })
  return { type: 'FeatureCollection', features }
}
