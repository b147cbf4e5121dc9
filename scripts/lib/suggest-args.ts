import { parseArgs } from 'node:util'
import { isPace, PACE_KMH, reachAtPace, type Pace } from '../../web/src/core/catalog/paces.ts'
import {
  kmPerHour,
  meters,
  minutes,
  walkDistance,
  type Meters,
} from '../../web/src/core/geo/units.ts'
import { targetGroupOf } from '../../web/src/core/siting/suggest-sites.ts'
import {
  ArgsError,
  DEFAULT_REACH_M,
  parseCoverageArgs,
  type CoverageArgs,
} from './coverage-args.ts'

export const SUGGEST_USAGE = `lifecircle suggest — the k best new sites for a category: greedy maximal covering (lazy
evaluation) of the category's target group not yet within reach (elderly for canteens, infants
for childcare, everyone otherwise), existing open facilities kept.

Usage:
  npm run suggest -- --communities FILE --facilities FILE --category C --k N --out FILE [options]

Input (as for npm run coverage):
  --communities FILE      GeoJSON communities with id, name, population (+ 65+, 0-3 counts)
  --facilities [CAT=]FILE GeoJSON points or CSV; repeat for several files
  --population FILE       optional finer population layer (census blocks)
  --community-fields MAP  e.g. id=V_ID,name=VILLAGE,population=A0A14_CNT+A15A64_CNT+A65UP_CNT
  --facility-fields MAP   e.g. lon=經度,lat=緯度
  --region china|any      where coordinates must lie (default china)
  --statuses open,planned facility statuses that count as existing service (default open)

What to suggest:
  --category C            category code (canteen, childcare, fitness, store, or another)
  --k N                   number of sites
  --reach-m M             straight-line reach in metres (default 1000; GB 50180-2018: 800-1000 m)
  --minutes T             or reach = T minutes at --pace (ordinary 4.5 km/h, elderly 3.0 km/h;
                          default: elderly for canteens, ordinary otherwise) or --speed-kmh S
  --candidates-m M        spacing of the candidate lattice (default 100)
  --min-spacing-m M       suggested sites at least M metres apart (default 0)
  --min-spacing-existing-m M  and at least M metres from an existing facility (default 0)
  --within FILE           only inside this GeoJSON polygon (Feature, FeatureCollection or geometry)
  --community ID          only inside this community (repeat for several)
  --capacity N            capacity mode: each site serves at most N people of the target group,
                          nearest first
  --demand-cell-m M       demand grid cell (default 25)
  --gains engine|sample   gains measured by the exact coverage engine (default; the figures a
                          scenario with these sites shows) or as sampled on the demand grid

Output:
  --out FILE              GeoJSON points with rank, gain_people, gain_pp, cumulative figures and
                          a top-level provenance member
  --data-source TEXT      data source named in the provenance (default: the input file names)
  --vintage TEXT          data vintage named in the provenance (default: unknown)
  --quiet                 no summary on standard error

Exit status: 0 done, 2 bad arguments or bad input (the message names the file, feature or row,
and field), 1 anything else.

Example:
  npm run suggest -- --communities data/demo/communities.geojson \\
    --facilities data/demo/facilities.geojson --population data/demo/population-blocks.geojson \\
    --category canteen --k 3 --minutes 15 --pace elderly --min-spacing-m 500 --out sites.geojson
`

export interface SuggestArgs {
  /** The shared input options, parsed by the coverage CLI's parser. */
  coverage: CoverageArgs
  category: string
  k: number
  reach_m: Meters
  /** How the reach was set, for the provenance. */
  reach_note: string
  candidates_m?: number
  min_spacing_m?: number
  min_spacing_existing_m?: number
  within?: string
  communities_only?: string[]
  capacity?: number
  demand_cell_m?: number
  gains: 'engine' | 'sample'
  out?: string
  data_source?: string
  vintage?: string
  quiet: boolean
  help: boolean
}

/** Options read here; everything else is the coverage CLI's and handed to its parser. */
const OWN = {
  category: { type: 'string' },
  k: { type: 'string' },
  'reach-m': { type: 'string' },
  minutes: { type: 'string' },
  pace: { type: 'string' },
  'speed-kmh': { type: 'string' },
  'candidates-m': { type: 'string' },
  'min-spacing-m': { type: 'string' },
  'min-spacing-existing-m': { type: 'string' },
  within: { type: 'string' },
  community: { type: 'string', multiple: true },
  capacity: { type: 'string' },
  'demand-cell-m': { type: 'string' },
  gains: { type: 'string' },
  out: { type: 'string' },
  'data-source': { type: 'string' },
  vintage: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

const SHARED = {
  communities: { type: 'string' },
  facilities: { type: 'string', multiple: true },
  population: { type: 'string' },
  'community-fields': { type: 'string' },
  'facility-fields': { type: 'string' },
  region: { type: 'string' },
  statuses: { type: 'string' },
} as const

/**
 * Parses the suggest CLI's arguments. The input options (files, field mappings, region,
 * statuses) go through the coverage CLI's own parser, so both read files the same way.
 * @example parseSuggestArgs(['--communities', 'c.geojson', '--facilities', 'f.geojson', '--category', 'canteen', '--k', '3']).reach_m // 1000
 */
export function parseSuggestArgs(argv: readonly string[]): SuggestArgs {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: { ...OWN, ...SHARED },
    })
  } catch (e) {
    throw new ArgsError((e as Error).message)
  }
  const v = parsed.values
  const help = v.help === true
  const shared: string[] = []
  for (const name of Object.keys(SHARED) as (keyof typeof SHARED)[]) {
    const value = v[name]
    if (value === undefined) continue
    for (const one of Array.isArray(value) ? value : [value]) shared.push(`--${name}`, one)
  }
  const category = v.category ?? ''
  if (!help && category === '') throw new ArgsError('--category is required')
  // The coverage parser checks the files and mappings; only this category is computed.
  const coverage = parseCoverageArgs([
    ...shared,
    ...(category ? ['--categories', category] : []),
    ...(help ? ['--help'] : []),
  ])
  let k = 0
  if (!help) {
    if (v.k === undefined) throw new ArgsError('--k is required')
    k = positive('k', v.k)
    if (!Number.isInteger(k)) throw new ArgsError(`--k must be a whole number, not "${v.k}"`)
  }

  if (v['reach-m'] !== undefined && v.minutes !== undefined)
    throw new ArgsError('give either --reach-m or --minutes (with --pace or --speed-kmh), not both')
  if ((v.pace !== undefined || v['speed-kmh'] !== undefined) && v.minutes === undefined)
    throw new ArgsError('--pace and --speed-kmh need --minutes')
  if (v.pace !== undefined && v['speed-kmh'] !== undefined)
    throw new ArgsError('give either --pace or --speed-kmh, not both')
  let reach_m = DEFAULT_REACH_M
  let reach_note = 'default 1,000 m (GB 50180-2018: 15-minute circle = 800-1,000 m walk)'
  if (v['reach-m'] !== undefined) {
    reach_m = meters(positive('reach-m', v['reach-m']))
    reach_note = `${reach_m} m straight line`
  }
  if (v.minutes !== undefined) {
    const t = minutes(positive('minutes', v.minutes))
    if (v['speed-kmh'] !== undefined) {
      const s = kmPerHour(positive('speed-kmh', v['speed-kmh']))
      reach_m = walkDistance(t, s)
      reach_note = `${t} min × ${s} km/h`
    } else {
      const pace: Pace = (v.pace ??
        (targetGroupOf(category) === 'elderly' ? 'elderly' : 'ordinary')) as Pace
      if (!isPace(pace)) throw new ArgsError(`--pace must be ordinary or elderly, not "${v.pace}"`)
      reach_m = reachAtPace(t, pace)
      reach_note = `${t} min × ${PACE_KMH[pace]} km/h (${pace} pace)`
    }
  }
  const gains = v.gains ?? 'engine'
  if (gains !== 'engine' && gains !== 'sample')
    throw new ArgsError(`--gains must be engine or sample, not "${gains}"`)

  const args: SuggestArgs = {
    coverage,
    category,
    k,
    reach_m,
    reach_note,
    gains,
    quiet: v.quiet === true,
    help,
  }
  if (v['candidates-m'] !== undefined)
    args.candidates_m = positive('candidates-m', v['candidates-m'])
  if (v['min-spacing-m'] !== undefined)
    args.min_spacing_m = nonNegative('min-spacing-m', v['min-spacing-m'])
  if (v['min-spacing-existing-m'] !== undefined)
    args.min_spacing_existing_m = nonNegative('min-spacing-existing-m', v['min-spacing-existing-m'])
  if (v.within !== undefined) args.within = v.within
  if (v.community !== undefined) args.communities_only = v.community
  if (v.capacity !== undefined) args.capacity = positive('capacity', v.capacity)
  if (v['demand-cell-m'] !== undefined)
    args.demand_cell_m = positive('demand-cell-m', v['demand-cell-m'])
  if (v.out !== undefined) args.out = v.out
  if (v['data-source'] !== undefined) args.data_source = v['data-source']
  if (v.vintage !== undefined) args.vintage = v.vintage
  return args
}

function positive(name: string, value: string): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0)
    throw new ArgsError(`--${name} must be a positive number, not "${value}"`)
  return n
}

function nonNegative(name: string, value: string): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0)
    throw new ArgsError(`--${name} must be a number ≥ 0, not "${value}"`)
  return n
}
