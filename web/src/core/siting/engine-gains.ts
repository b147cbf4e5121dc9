import Flatbush from 'flatbush'
import { polygonalBbox } from '../geo/bbox.ts'
import { EARTH_RADIUS_M } from '../geo/units.ts'
import { computeCoverage } from '../coverage/compute-coverage.ts'
import type {
  CategorySetting,
  CommunityFeature,
  CoverageInput,
  FacilityFeature,
  PopulationFeature,
} from '../coverage/types.ts'

export interface EngineGainsInput {
  communities: readonly CommunityFeature[]
  facilities: readonly FacilityFeature[]
  population?: readonly PopulationFeature[]
  /** Statuses that count as serving residents (default ['open']), as in the coverage settings. */
  countStatuses?: Array<'open' | 'closed' | 'planned'>
}

export interface EngineGains {
  /** People of the target group newly within reach, per site in order, given the earlier ones. */
  gains: number[]
  /** How many coverage computations were run. */
  runs: number
}

const DEG = Math.PI / 180

/**
 * The gain of each site as the coverage engine (exact method) counts it: the sites are added
 * one after another as open facilities of the category, and each one's gain is the increase of
 * `population_covered` over the communities its reach can touch (no other community's figure
 * can change). This is the number a planner sees when the sites become a scenario. One engine
 * run does it all: the communities near any site, with the population blocks around them, and
 * k + 1 copies of the category (the existing facilities plus the first 0, 1, …, k sites), so the
 * communities and blocks are prepared once.
 * @example engineGains({ communities, facilities, population }, { code: 'canteen', reach_m: meters(750), target_group: 'elderly' }, [{ lon: 121.43, lat: 31.05 }]).gains[0]
 */
export function engineGains(
  input: EngineGainsInput,
  setting: CategorySetting,
  sites: readonly { lon: number; lat: number }[],
): EngineGains {
  if (sites.length === 0) return { gains: [], runs: 0 }
  const statuses = new Set<string>(input.countStatuses ?? ['open'])
  const counted = input.facilities.filter(
    (f) => f.properties.category === setting.code && statuses.has(f.properties.status ?? 'open'),
  )
  const communityIndex = boxIndex(input.communities.map((c) => polygonalBbox(c.geometry)))
  const near: number[][] = sites.map((site) => {
    const dLat = (setting.reach_m / EARTH_RADIUS_M / DEG) * 1.01
    const dLon = dLat / Math.cos(Math.min(89, Math.abs(site.lat) + dLat) * DEG)
    return communityIndex.search(site.lon - dLon, site.lat - dLat, site.lon + dLon, site.lat + dLat)
  })
  const used = [...new Set(near.flat())].sort((a, b) => a - b)
  const communities = used.map((k) => input.communities[k]!)
  const codes = sites.map((_, i) => `${setting.code}\u0000${i}`)
  codes.push(`${setting.code}\u0000${sites.length}`)
  // Copy j holds the existing facilities and sites 0 … j−1, all counted as open.
  const facilities: FacilityFeature[] = []
  codes.forEach((code, j) => {
    for (const f of counted)
      facilities.push({ ...f, properties: { ...f.properties, category: code, status: 'open' } })
    for (let i = 0; i < j; i++) {
      facilities.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [sites[i]!.lon, sites[i]!.lat] },
        properties: { id: `suggested-${i + 1}`, category: code, status: 'open' },
      })
    }
  })
  const sub: CoverageInput = {
    communities,
    facilities,
    settings: {
      method: 'exact',
      categories: codes.map((code) => ({ ...setting, code })),
      count_statuses: ['open'],
    },
  }
  const blocks = input.population ?? []
  if (blocks.length > 0) {
    const wanted = new Set<number>()
    const blockIndex = boxIndex(blocks.map((b) => polygonalBbox(b.geometry)))
    for (const c of communities) {
      const [w, s, e, n] = polygonalBbox(c.geometry)
      for (const b of blockIndex.search(w, s, e, n)) wanted.add(b)
    }
    sub.population = [...wanted].sort((a, b) => a - b).map((b) => blocks[b]!)
  }
  const result = computeCoverage(sub, { nearest: false, validate: false })
  const position = new Map(used.map((k, t) => [k, t]))
  const gains = sites.map((_, i) => {
    let gain = 0
    for (const k of near[i]!) {
      const f = result.communities[position.get(k)!]!.categories
      gain += f[codes[i + 1]!]!.population_covered - f[codes[i]!]!.population_covered
    }
    return gain
  })
  return { gains, runs: 1 }
}

function boxIndex(boxes: readonly (readonly number[])[]): Flatbush {
  const index = new Flatbush(Math.max(1, boxes.length))
  for (const b of boxes) index.add(b[0]!, b[1]!, b[2]!, b[3]!)
  if (boxes.length === 0) index.add(0, 0, 0, 0)
  index.finish()
  return index
}
