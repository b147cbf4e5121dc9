import { parseArgs } from 'node:util'
import {
  NETWORK_ARG_OPTIONS,
  NETWORK_USAGE,
  readNetworkArgs,
  type NetworkArgs,
} from './network-cli.ts'
import type {
  CategorySetting,
  CoverageMethod,
  TargetGroup,
} from '../../web/src/core/coverage/types.ts'
import {
  kmPerHour,
  meters,
  minutes,
  walkDistance,
  type Meters,
} from '../../web/src/core/geo/units.ts'
import type { CommunityFields } from '../../web/src/core/io/read-communities.ts'
import type { FacilityFields } from '../../web/src/core/io/read-facilities.ts'
import { IMPORT_CRS, type ImportCrs } from '../../web/src/core/io/import/import-types.ts'

/** The four categories of the 15-minute life circle and whom each serves. */
export const DEFAULT_TARGET_GROUPS: Readonly<Record<string, TargetGroup>> = {
  canteen: 'elderly',
  childcare: 'infants',
  fitness: 'all',
  store: 'all',
}

/** GB 50180-2018 §4: the 15-minute circle is an 800–1,000 m walk; 1,000 m is the default reach. */
export const DEFAULT_REACH_M = meters(1000)
/** 15 minutes at 4 km/h is the same 1,000 m. */
export const DEFAULT_SPEED_KMH = 4

export const COVERAGE_USAGE =
  `lifecircle coverage — per community, how much of its area and people lie within reach of
each kind of facility (15-minute community life circle, 15分钟社区生活圈).

Usage:
  npm run coverage -- --communities FILE --facilities FILE [options]
  node bin/coverage.mjs --communities FILE --facilities FILE [options]
                          (the same program, built by npm ci / npm run build:cli)

Input:
  --communities FILE      GeoJSON Polygon/MultiPolygon features with id, name, population and
                          optionally population_elderly (65+), population_infants (0-3)
  --facilities [CAT=]FILE GeoJSON Point features or CSV (lon/lat columns; 經度/緯度, lng … are
                          recognised) with id, category, status, capacity, name. Repeat for several
                          files; CAT= gives every row of that file one category (e.g. store=7-11.csv)
  --population FILE       optional finer population layer (census blocks) with population
  --community-fields MAP  property names, e.g. id=V_ID,name=VILLAGE,population=A0A14_CNT+A15A64_CNT
  --facility-fields MAP   column names, e.g. lon=經度,lat=緯度,name=名稱,category=類別
  --region china|any      where coordinates must lie (default china, incl. Hong Kong, Macao, Taiwan)
  --crs wgs84|gcj02|bd09  coordinate system of every input file (default wgs84): AMap/Tencent
                          (GCJ-02) and Baidu (BD-09) positions are converted to WGS-84 (a GCJ-02
                          file read as WGS-84 lies 100-700 m off; the files alone cannot show it)

Reach (straight-line, great-circle metres on a sphere of radius 6,371,008.8 m):
  --reach-m M             reach for every category (default 1000; GB 50180-2018: 800-1000 m)
  --minutes T --speed-kmh S   reach = T minutes walked at S km/h (S default 4)
  --reach CAT=M,...       per-category reach in metres, e.g. canteen=800,store=500
  --categories A,B,...    categories to compute (default: those found in the facility files)
  --statuses open,planned facility statuses that count (default open)

Method:
  --method exact|fast     exact (analytic, default) or fast (grid)
  --cell-m M              grid cell size of the fast method (default 10)
  --min-gap-m2 A          gap pieces smaller than A m² are dropped (default 100)
  --threads N             compute on N threads: this one and N − 1 workers (default 1; at
                          most the machine's cores)

Output:
  --out FILE              the full result as JSON (default: standard output)
  --csv FILE              table, one row per community × category (UTF-8 with BOM, for Excel)
  --gaps FILE             GeoJSON MultiPolygons of the uncovered parts, with community id, name
                          and category properties
  --quiet                 no summary on standard error
  --timings               print the time spent starting, reading, computing and writing

Exit status: 0 done, 2 bad arguments or bad input (the message names the file, feature or row,
and property), 1 anything else.

Example:
  npm run coverage -- --communities data/demo/communities.geojson \\
    --facilities data/demo/facilities.geojson --population data/demo/population-blocks.geojson \\
    --minutes 15 --speed-kmh 4 --csv coverage.csv --gaps gaps.geojson --out coverage.json
` + NETWORK_USAGE

export interface FacilityFileArg {
  path: string
  category?: string
}

export interface CoverageArgs {
  communities: string
  facilities: FacilityFileArg[]
  population?: string
  communityFields: Partial<CommunityFields>
  facilityFields: Partial<FacilityFields>
  region: 'china' | 'any'
  /** Coordinate system of the input files; converted to WGS-84 when read. Default WGS-84. */
  crs?: ImportCrs
  /** Reach for categories without their own entry in `reachByCategory`. */
  reach_m: Meters
  reachByCategory: Record<string, Meters>
  categories?: string[]
  statuses: Array<'open' | 'closed' | 'planned'>
  method: CoverageMethod
  cell_m?: Meters
  min_gap_area_m2?: number
  threads: number
  out?: string
  csv?: string
  gaps?: string
  quiet: boolean
  /** Print how long start-up, reading, computing and writing took. */
  timings: boolean
  /** Circle or walking-network mode, the network file, pace and the points check. */
  network: NetworkArgs
  help: boolean
}

/** A command-line mistake; the CLI prints it with the usage hint and exits with status 2. */
export class ArgsError extends Error {
  override name = 'ArgsError'
}

/**
 * Parses the coverage CLI's arguments (everything after `npm run coverage --`).
 * @example parseCoverageArgs(['--communities', 'c.geojson', '--facilities', 'store=s.csv']).facilities // [{ path: 's.csv', category: 'store' }]
 */
export function parseCoverageArgs(argv: readonly string[]): CoverageArgs {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        communities: { type: 'string' },
        facilities: { type: 'string', multiple: true },
        population: { type: 'string' },
        'community-fields': { type: 'string' },
        'facility-fields': { type: 'string' },
        region: { type: 'string' },
        crs: { type: 'string' },
        'reach-m': { type: 'string' },
        minutes: { type: 'string' },
        'speed-kmh': { type: 'string' },
        reach: { type: 'string' },
        categories: { type: 'string' },
        statuses: { type: 'string' },
        method: { type: 'string' },
        'cell-m': { type: 'string' },
        'min-gap-m2': { type: 'string' },
        threads: { type: 'string' },
        out: { type: 'string' },
        csv: { type: 'string' },
        gaps: { type: 'string' },
        quiet: { type: 'boolean' },
        timings: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        ...NETWORK_ARG_OPTIONS,
      },
    })
  } catch (e) {
    throw new ArgsError((e as Error).message)
  }
  const v = parsed.values
  const help = v.help === true
  const need = (name: string, value: string | undefined): string => {
    if (value === undefined || value === '') throw new ArgsError(`--${name} is required`)
    return value
  }
  const communities = help ? (v.communities ?? '') : need('communities', v.communities)
  const facilities = (v.facilities ?? []).map(parseFacilityFile)
  if (!help && facilities.length === 0) throw new ArgsError('--facilities is required')

  if (v['reach-m'] !== undefined && v.minutes !== undefined) {
    throw new ArgsError('give either --reach-m or --minutes (with --speed-kmh), not both')
  }
  if (v['speed-kmh'] !== undefined && v.minutes === undefined)
    throw new ArgsError('--speed-kmh needs --minutes')
  let reach_m = DEFAULT_REACH_M
  if (v['reach-m'] !== undefined) reach_m = meters(positive('reach-m', v['reach-m'], MAX_REACH_M))
  if (v.minutes !== undefined) {
    const speed =
      v['speed-kmh'] === undefined
        ? DEFAULT_SPEED_KMH
        : positive('speed-kmh', v['speed-kmh'], MAX_SPEED_KMH)
    reach_m = walkDistance(minutes(positive('minutes', v.minutes, MAX_MINUTES)), kmPerHour(speed))
  }
  const reachByCategory: Record<string, Meters> = {}
  for (const [code, m] of Object.entries(parseMap('reach', v.reach))) {
    reachByCategory[code] = meters(positive(`reach ${code}`, m, MAX_REACH_M))
  }

  const method = v.method ?? 'exact'
  if (method !== 'exact' && method !== 'fast')
    throw new ArgsError(`--method must be exact or fast, not "${method}"`)
  const region = v.region ?? 'china'
  if (region !== 'china' && region !== 'any')
    throw new ArgsError(`--region must be china or any, not "${region}"`)
  const statuses = (v.statuses ?? 'open').split(',').map((s) => s.trim())
  for (const s of statuses) {
    if (s !== 'open' && s !== 'closed' && s !== 'planned')
      throw new ArgsError(`--statuses: unknown status "${s}"`)
  }
  const threads = v.threads === undefined ? 1 : positive('threads', v.threads, Infinity)
  if (!Number.isInteger(threads)) throw new ArgsError('--threads must be a whole number')

  const communityFields: Partial<CommunityFields> = {}
  for (const [k, val] of Object.entries(parseMap('community-fields', v['community-fields']))) {
    if (!['id', 'name', 'population', 'population_elderly', 'population_infants'].includes(k)) {
      throw new ArgsError(
        `--community-fields: unknown field "${k}" (id, name, population, population_elderly, population_infants)`,
      )
    }
    const parts = val.split('+').map((p) => p.trim())
    ;(communityFields as Record<string, string | string[]>)[k] =
      k === 'id' || k === 'name' || parts.length === 1 ? val : parts
  }
  const facilityFields: Partial<FacilityFields> = {}
  for (const [k, val] of Object.entries(parseMap('facility-fields', v['facility-fields']))) {
    if (!['lon', 'lat', 'id', 'name', 'category', 'status', 'capacity'].includes(k)) {
      throw new ArgsError(
        `--facility-fields: unknown field "${k}" (lon, lat, id, name, category, status, capacity)`,
      )
    }
    ;(facilityFields as Record<string, string>)[k] = val
  }

  const args: CoverageArgs = {
    communities,
    facilities,
    communityFields,
    facilityFields,
    region,
    reach_m,
    reachByCategory,
    statuses: statuses as CoverageArgs['statuses'],
    method,
    threads,
    quiet: v.quiet === true,
    timings: v.timings === true,
    network: readNetworkArgs(v, (message) => {
      throw new ArgsError(message)
    }),
    help,
  }
  if (v.population !== undefined) args.population = v.population
  if (v.crs !== undefined) {
    if (!(IMPORT_CRS as readonly string[]).includes(v.crs))
      throw new ArgsError(`--crs must be ${IMPORT_CRS.join(', ')}, not "${v.crs}"`)
    args.crs = v.crs as ImportCrs
  }
  if (v.categories !== undefined)
    args.categories = v.categories
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean)
  if (v['cell-m'] !== undefined) args.cell_m = meters(positive('cell-m', v['cell-m'], MAX_CELL_M))
  if (v['min-gap-m2'] !== undefined)
    args.min_gap_area_m2 = nonNegative('min-gap-m2', v['min-gap-m2'])
  if (v.out !== undefined) args.out = v.out
  if (v.csv !== undefined) args.csv = v.csv
  if (v.gaps !== undefined) args.gaps = v.gaps
  return args
}

/**
 * The category settings for a run: the requested categories (or those found in the facilities,
 * the four standard ones first), each with its reach and target group.
 * @example categorySettings(args, ['store', 'canteen']) // [{ code: 'canteen', reach_m: 1000, target_group: 'elderly' }, …]
 */
export function categorySettings(
  args: CoverageArgs,
  foundCategories: Iterable<string>,
): CategorySetting[] {
  const standard = Object.keys(DEFAULT_TARGET_GROUPS)
  const found = [...new Set(foundCategories)]
  const codes = args.categories ?? [
    ...standard.filter((c) => found.includes(c)),
    ...found.filter((c) => !standard.includes(c)).sort(),
  ]
  for (const code of Object.keys(args.reachByCategory)) {
    if (!codes.includes(code))
      throw new ArgsError(
        `--reach names category "${code}", which is not computed (${codes.join(', ')})`,
      )
  }
  return codes.map((code) => ({
    code,
    reach_m: args.reachByCategory[code] ?? args.reach_m,
    target_group: DEFAULT_TARGET_GROUPS[code] ?? 'all',
  }))
}

function parseFacilityFile(value: string): FacilityFileArg {
  // `store=stores.csv`, but not a Windows drive (`C:\…`) or a path that merely contains `=`.
  const m = /^([a-z][a-z0-9_-]*)=(.+)$/i.exec(value)
  return m ? { category: m[1]!, path: m[2]! } : { path: value }
}

function parseMap(name: string, value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (value === undefined) return out
  for (const part of value.split(',')) {
    const i = part.indexOf('=')
    if (i <= 0 || i === part.length - 1)
      throw new ArgsError(`--${name}: expected KEY=VALUE, found "${part}"`)
    out[part.slice(0, i).trim()] = part.slice(i + 1).trim()
  }
  return out
}

/** Numbers on the command line are plain decimals: "0x10", "1e3", "Infinity" are refused. */
const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/

/** Largest reach, m: a 15-minute life circle is 800–1,000 m; 100 km is no walk. */
export const MAX_REACH_M = 100_000
/** Largest walk, minutes (a day). */
const MAX_MINUTES = 1440
/** Fastest walking speed, km/h (a cyclist's, generously). */
const MAX_SPEED_KMH = 40
/** Largest grid cell, m. */
const MAX_CELL_M = 1000

function decimal(name: string, value: string, what: string): number {
  const t = value.trim()
  if (!DECIMAL.test(t))
    throw new ArgsError(`--${name} must be ${what} written in decimal, not "${value}"`)
  return Number(t)
}

function positive(name: string, value: string, max: number): number {
  const n = decimal(name, value, 'a positive number')
  if (!(n > 0)) throw new ArgsError(`--${name} must be a positive number, not "${value}"`)
  if (n > max)
    throw new ArgsError(`--${name} must be at most ${max.toLocaleString('en')}, not "${value}"`)
  return n
}

function nonNegative(name: string, value: string): number {
  return decimal(name, value, 'a number ≥ 0')
}
