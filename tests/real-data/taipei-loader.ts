import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type {
  CommunityFeature,
  FacilityFeature,
  PopulationFeature,
} from '../../web/src/core/coverage/types.ts'
import { readNumber } from '../../web/src/core/io/field-values.ts'
import type { InputIssue } from '../../web/src/core/io/input-issue.ts'
import { parseGeoJson } from '../../web/src/core/io/parse-geojson.ts'
import { readCommunities, readPopulationLayer } from '../../web/src/core/io/read-communities.ts'
import { readFacilities } from '../../web/src/core/io/read-facilities.ts'

/** `../shared/data/taipei` beside the checkout; read in place, never copied (data/README.md). */
export const TAIPEI_DIR = resolve(import.meta.dirname, '../../../shared/data/taipei')

export const taipeiAvailable = (): boolean =>
  existsSync(join(TAIPEI_DIR, 'taipei_villages_pop_3agegroups_2024-12.geojson'))

export interface TaipeiData {
  communities: CommunityFeature[]
  facilities: FacilityFeature[]
  /** Facilities read per category. */
  counts: Record<string, number>
  /** Villages whose 0–3 count came from the newborn file (the rest fall back to the total). */
  infantsJoined: number
  /** Rows skipped or corrected by the readers (e.g. the childcare file's "NA" coordinates). */
  issues: InputIssue[]
}

const file = (name: string): { text: string; source: string } => ({
  text: readFileSync(join(TAIPEI_DIR, name), 'utf8'),
  source: name,
})

/**
 * The newborn file's children aged 0–3 per village, keyed by district + village name. Some
 * village names carry `?` where a rare character was lost in an encoding conversion (the
 * population file's 萬華區 糖?里 is the newborn file's 糖蔀里), so `?` on either side matches
 * any one character.
 */
function infantsByVillage(): (district: string, village: string) => number | null {
  const { text, source } = file('newborn_stats_by_village.geojson')
  const byDistrict = new Map<string, Map<string, number>>()
  for (const f of parseGeoJson(text, { source })) {
    let sum = 0
    for (const age of ['0歲數量', '1歲數量', '2歲數量', '3歲數量']) {
      const n = readNumber(f.properties[age])
      sum = n.kind === 'number' ? sum + n.value : NaN
    }
    if (!Number.isFinite(sum)) continue
    const district = String(f.properties.SECT_NAME ?? '')
    const villages = byDistrict.get(district) ?? new Map<string, number>()
    villages.set(String(f.properties.LIE_NAME ?? ''), sum)
    byDistrict.set(district, villages)
  }
  const same = (a: string, b: string): boolean => {
    const x = [...a]
    const y = [...b]
    return x.length === y.length && x.every((c, i) => c === y[i] || c === '?' || y[i] === '?')
  }
  return (district, village) => {
    const villages = byDistrict.get(district)
    if (!villages) return null
    const hit = villages.get(village)
    if (hit !== undefined) return hit
    const matches = [...villages].filter(([name]) => same(name, village))
    return matches.length === 1 ? matches[0]![1] : null
  }
}

/**
 * Taipei's 456 villages (里) as communities — population = 0–14 + 15–64 + 65+, elderly = 65+,
 * infants = 0–3 from the newborn file — and the real facility files as the four categories,
 * all through the same `core/io` readers the CLI and the importer use.
 */
export function loadTaipei(): TaipeiData {
  const villagesFile = file('taipei_villages_pop_3agegroups_2024-12.geojson')
  const villages = readCommunities(villagesFile.text, {
    source: villagesFile.source,
    fields: {
      id: 'V_ID',
      name: 'VILLAGE',
      population: ['A0A14_CNT', 'A15A64_CNT', 'A65UP_CNT'],
      population_elderly: 'A65UP_CNT',
    },
  })
  const districtOf = new Map<string, string>()
  for (const f of parseGeoJson(villagesFile.text))
    districtOf.set(String(f.properties.V_ID), String(f.properties.TOWN))
  const infants = infantsByVillage()
  let infantsJoined = 0
  const communities = villages.features.map((c) => {
    const district = districtOf.get(c.properties.id) ?? ''
    const n = infants(district, c.properties.name)
    if (n !== null) infantsJoined++
    return {
      ...c,
      properties: {
        ...c.properties,
        name: `${district}${c.properties.name}`,
        population_infants: n,
      },
    }
  })

  const issues: InputIssue[] = [...villages.issues]
  const facilities: FacilityFeature[] = []
  const counts: Record<string, number> = {}
  const sources: { name: string; category: string; fields?: { name: string } }[] = [
    { name: 'taipei_community_care_points_2025_coord.csv', category: 'canteen' },
    { name: 'childcare_resource.geojson', category: 'childcare' },
    { name: 'taipei_sports_venues.geojson', category: 'fitness' },
    {
      name: 'taipei_convenience_stores_coord.csv',
      category: 'store',
      fields: { name: '分公司名稱' },
    },
  ]
  for (const s of sources) {
    const { text, source } = file(s.name)
    const r = readFacilities(text, {
      source,
      category: s.category,
      fields: s.fields,
      idPrefix: s.category,
    })
    counts[s.category] = r.features.length
    facilities.push(...r.features)
    issues.push(...r.issues)
  }
  return { communities, facilities, counts, infantsJoined, issues }
}

/**
 * Taipei's 11,490 smallest census areas (最小統計區) with their June 2017 population (joined on
 * `CODEBASE`; areas without a count are left out), as a population layer that places people
 * inside villages instead of spreading them evenly. Heights (z = 0) are dropped by the reader.
 */
export function loadTaipeiBlocks(): { blocks: PopulationFeature[]; unmatched: number } {
  const dir = join(TAIPEI_DIR, 'stat_areas')
  const pop = JSON.parse(
    readFileSync(join(dir, 'taipei_basic_stat_area_pop_2017-06.json'), 'utf8'),
  ) as {
    RowDataList: { CODEBASE: string; P_CNT: number }[]
  }
  const people = new Map(pop.RowDataList.map((r) => [r.CODEBASE, r.P_CNT]))
  const features: unknown[] = []
  let unmatched = 0
  for (const name of readdirSync(dir)
    .filter((f) => f.startsWith('basic_stat_areas_'))
    .sort()) {
    for (const f of parseGeoJson(readFileSync(join(dir, name), 'utf8'), { source: name })) {
      const p = people.get(String(f.properties.CODEBASE))
      if (p === undefined) {
        unmatched++
        continue
      }
      features.push({
        type: 'Feature',
        geometry: f.geometry,
        properties: { CODEBASE: f.properties.CODEBASE, P_CNT: p },
      })
    }
  }
  const layer = readPopulationLayer(JSON.stringify({ type: 'FeatureCollection', features }), {
    source: 'stat_areas',
    fields: { population: 'P_CNT' },
  })
  return { blocks: layer.features, unmatched }
}
