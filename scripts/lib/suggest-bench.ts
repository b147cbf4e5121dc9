/**
 * Timings of "suggest k sites" on the demo city and, when ../shared/data is beside the
 * checkout, on Taipei (456 villages, 11,490 census blocks):
 *   npx tsx scripts/lib/suggest-bench.ts [--k 10]
 * Prints, per city, category and population placement, the time of the selection (sampled
 * gains), of the engine re-measure, the candidates and gain evaluations, and how far the
 * sampled gains are from the engine's (summed, and the worst single site of those gaining more
 * than 50 people).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { reachAtPace } from '../../web/src/core/catalog/paces.ts'
import type {
  CommunityFeature,
  FacilityFeature,
  PopulationFeature,
} from '../../web/src/core/coverage/types.ts'
import { meters, minutes, type Meters } from '../../web/src/core/geo/units.ts'
import { engineGains } from '../../web/src/core/siting/engine-gains.ts'
import { suggestSites } from '../../web/src/core/siting/suggest-sites.ts'
import {
  loadTaipei,
  loadTaipeiBlocks,
  taipeiAvailable,
} from '../../tests/real-data/taipei-loader.ts'

interface City {
  name: string
  communities: CommunityFeature[]
  facilities: FacilityFeature[]
  blocks: PopulationFeature[]
}

const CATEGORIES: { code: string; reach: Meters; note: string }[] = [
  { code: 'canteen', reach: reachAtPace(minutes(15), 'elderly'), note: '15 min, elderly pace' },
  { code: 'childcare', reach: meters(1000), note: '1,000 m' },
  { code: 'fitness', reach: reachAtPace(minutes(10), 'ordinary'), note: '10 min' },
  { code: 'store', reach: meters(500), note: '500 m' },
]

function demo(): City {
  const read = <T>(f: string): T[] =>
    (JSON.parse(readFileSync(join('data/demo', f), 'utf8')) as { features: T[] }).features
  return {
    name: 'demo',
    communities: read('communities.geojson'),
    facilities: read('facilities.geojson'),
    blocks: read('population-blocks.geojson'),
  }
}

function main(): void {
  const { values } = parseArgs({ options: { k: { type: 'string' } } })
  const k = Number(values.k ?? 10)
  const cities = [demo()]
  if (taipeiAvailable()) {
    const t = loadTaipei()
    cities.push({
      name: 'Taipei',
      communities: t.communities,
      facilities: t.facilities,
      blocks: loadTaipeiBlocks().blocks,
    })
  } else console.log('Taipei: ../shared/data is absent, skipped')
  // Warm-up, so the first line is not the JIT's.
  const d = cities[0]!
  suggestSites({ ...d, category: 'store', reachM: meters(500), k: 2 })
  console.log(
    'city    category  reach          placement   select ms  engine ms  candidates  evaluations  sites  gain (engine)  |sample − engine|  worst site (of gains > 50)',
  )
  for (const city of cities) {
    for (const c of CATEGORIES) {
      for (const population of [undefined, city.blocks]) {
        const t0 = performance.now()
        const r = suggestSites({
          communities: city.communities,
          facilities: city.facilities,
          population,
          category: c.code,
          reachM: c.reach,
          k,
        })
        const t1 = performance.now()
        const exact = engineGains(
          { communities: city.communities, facilities: city.facilities, population },
          { code: c.code, reach_m: c.reach, target_group: r.target_group },
          r.sites,
        ).gains
        const t2 = performance.now()
        const sampled = r.sites.reduce((a, s) => a + s.gain_people, 0)
        const engine = exact.reduce((a, b) => a + b, 0)
        // Per site: the largest |sampled − engine| in people and relative to the engine's gain.
        let worst = 0
        let worstRel = 0
        r.sites.forEach((s, i) => {
          const d = Math.abs(s.gain_people - exact[i]!)
          worst = Math.max(worst, d)
          if (exact[i]! > 50) worstRel = Math.max(worstRel, d / exact[i]!)
        })
        console.log(
          [
            city.name.padEnd(7),
            c.code.padEnd(9),
            `${Math.round(c.reach)} m (${c.note})`.padEnd(26).slice(0, 14),
            (population ? 'blocks' : 'even').padEnd(10),
            (t1 - t0).toFixed(0).padStart(10),
            (t2 - t1).toFixed(0).padStart(10),
            String(r.candidates).padStart(11),
            String(r.evaluations).padStart(12),
            String(r.sites.length).padStart(6),
            `${engine.toFixed(0)} (${((engine / r.target_population) * 100).toFixed(2)} pp)`.padStart(
              14,
            ),
            `${Math.abs(sampled - engine).toFixed(1)} (${engine > 0 ? ((Math.abs(sampled - engine) / engine) * 100).toFixed(2) : '0'}%)`.padStart(
              18,
            ),
            `${worst.toFixed(1)} (${(worstRel * 100).toFixed(1)}%)`.padStart(14),
          ].join(' '),
        )
      }
    }
  }
}

main()
