/**
 * "What is near this home" from the command line: for one point, per category, whether an open,
 * published facility is within the reach (minutes × pace, or --reach-m), the nearest one, how
 * far (straight line, great-circle metres) and how many minutes on foot, and whether the point
 * lies in its community's coverage gap. Prints JSON on stdout.
 *
 *   npm run near -- --lon 121.43 --lat 31.04 [--minutes 15] [--pace ordinary|elderly]
 *                   [--reach-m 1000] [--facilities F]… [--communities F] [--region any]
 */
import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import { BASE_CATEGORIES } from '../web/src/core/catalog/categories.ts'
import { isPace, type Pace } from '../web/src/core/catalog/paces.ts'
import { MINUTES_RANGE, REACH_M_RANGE } from '../web/src/core/catalog/reach-presets.ts'
import { meters, minutes } from '../web/src/core/geo/units.ts'
import { InputError } from '../web/src/core/io/input-issue.ts'
import { CHINA_BBOX, checkLngLat } from '../web/src/core/io/lng-lat-check.ts'
import { DEFAULT_MAX_INPUT_CHARS } from '../web/src/core/io/parse-geojson.ts'
import { createCommunityLocator } from '../web/src/core/nearby/community-locator.ts'
import { nearHome } from '../web/src/core/nearby/near-home.ts'
import { buildNearbyIndex } from '../web/src/core/nearby/nearest-list.ts'
import {
  readCommunityAreas,
  readResidentFacilities,
  type ResidentFacility,
} from '../web/src/core/nearby/read-nearby-input.ts'

const EXIT_BAD_INPUT = 2
const ROOT = resolve(import.meta.dirname, '..')
const DEMO_FACILITIES = resolve(ROOT, 'data/demo/facilities.geojson')
const DEMO_COMMUNITIES = resolve(ROOT, 'data/demo/communities.geojson')

export const NEAR_USAGE = `Usage: npm run near -- --lon X --lat Y [options]

What is near a point, per category: within reach or not, the nearest open and published
facility (straight-line metres, minutes on foot), and whether the point is in its community's
coverage gap. Prints JSON: {"point":[lon,lat],"categories":{"canteen":{...},...}}.

  --lon X, --lat Y     the point, WGS-84 degrees (required)
  --minutes T          walking minutes that count as near (default 15; ${MINUTES_RANGE.min}–${MINUTES_RANGE.max})
  --pace P             ordinary (4.5 km/h) or elderly (3.0 km/h) for every category;
                       default: elderly for canteens, ordinary for the rest
  --reach-m M          a fixed reach in metres instead of minutes × pace (${REACH_M_RANGE.min}–${REACH_M_RANGE.max})
  --facilities F       GeoJSON points or CSV (repeatable); default the demo city's
  --communities F      GeoJSON polygons with id and name; default the demo city's
                       (with --facilities but no --communities: no community, in_gap null)
  --region any         accept points outside China (default: China incl. HK, Macao, Taiwan)
  --help               this text

Bad arguments or files: exit status 2 and a message naming the file, row and field.
`

class ArgsError extends Error {}

interface NearArgs {
  lon: number
  lat: number
  minutes: number
  pace?: Pace
  reachM?: number
  facilities: string[]
  communities?: string
  region: 'china' | 'any'
  help: boolean
}

function numberArg(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value.trim())
  if (value.trim() === '' || !Number.isFinite(n))
    throw new ArgsError(`--${name}: "${value}" is not a number`)
  return n
}

/** Parses and checks the arguments; throws ArgsError with a message for people. */
export function parseNearArgs(argv: readonly string[]): NearArgs {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      allowNegative: false,
      options: {
        lon: { type: 'string' },
        lat: { type: 'string' },
        minutes: { type: 'string' },
        pace: { type: 'string' },
        'reach-m': { type: 'string' },
        facilities: { type: 'string', multiple: true },
        communities: { type: 'string' },
        region: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values
  } catch (e) {
    throw new ArgsError((e as Error).message)
  }
  if (parsed.help)
    return { lon: 0, lat: 0, minutes: 15, facilities: [], region: 'china', help: true }
  const region = parsed.region ?? 'china'
  if (region !== 'china' && region !== 'any')
    throw new ArgsError(`--region: "${region}" is not one of china, any`)
  const lon = numberArg('lon', parsed.lon)
  const lat = numberArg('lat', parsed.lat)
  if (lon === undefined || lat === undefined)
    throw new ArgsError(
      `--lon and --lat are required (got ${parsed.lon === undefined ? 'no --lon' : `--lon ${parsed.lon}`}, ${parsed.lat === undefined ? 'no --lat' : `--lat ${parsed.lat}`})`,
    )
  const check = checkLngLat(lon, lat, region === 'any' ? null : CHINA_BBOX)
  if (!check.ok) throw new ArgsError(`--lon/--lat: ${check.message}`)
  const t = numberArg('minutes', parsed.minutes) ?? 15
  if (t < MINUTES_RANGE.min || t > MINUTES_RANGE.max)
    throw new ArgsError(`--minutes: ${t} is outside ${MINUTES_RANGE.min}–${MINUTES_RANGE.max}`)
  if (parsed.pace !== undefined && !isPace(parsed.pace))
    throw new ArgsError(`--pace: "${parsed.pace}" is not one of ordinary, elderly`)
  const reachM = numberArg('reach-m', parsed['reach-m'])
  if (reachM !== undefined && (reachM < REACH_M_RANGE.min || reachM > REACH_M_RANGE.max))
    throw new ArgsError(`--reach-m: ${reachM} is outside ${REACH_M_RANGE.min}–${REACH_M_RANGE.max}`)
  const facilities = parsed.facilities ?? []
  return {
    lon,
    lat,
    minutes: t,
    pace: parsed.pace as Pace | undefined,
    reachM,
    facilities: facilities.length > 0 ? facilities : [DEMO_FACILITIES],
    communities: parsed.communities ?? (facilities.length > 0 ? undefined : DEMO_COMMUNITIES),
    region,
    help: false,
  }
}

async function readText(path: string): Promise<string> {
  let size: number
  try {
    size = (await stat(path)).size
  } catch (e) {
    throw new ArgsError(
      `${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    )
  }
  if (size > DEFAULT_MAX_INPUT_CHARS * 3)
    throw new ArgsError(`${path}: ${(size / 1e6).toFixed(0)} MB is too large`)
  return readFile(path, 'utf8')
}

/**
 * Runs the CLI; returns the exit status (0 done, 2 bad arguments or input).
 * @example await runNearCli(['--lon', '121.43', '--lat', '31.04'])
 */
export async function runNearCli(
  argv: readonly string[],
  out: (s: string) => void = (s) => process.stdout.write(s),
  log: (s: string) => void = (s) => process.stderr.write(`${s}\n`),
): Promise<number> {
  try {
    const args = parseNearArgs(argv)
    if (args.help) {
      out(NEAR_USAGE)
      return 0
    }
    const region = args.region === 'any' ? null : undefined
    const facilities: ResidentFacility[] = []
    const seen = new Map<string, string>()
    for (const path of args.facilities) {
      const r = readResidentFacilities(await readText(path), {
        source: path,
        format: /\.csv$/i.test(path) ? 'csv' : undefined,
        region,
      })
      for (const f of r.features) {
        const key = `${f.category}\u0000${f.id}`
        if (seen.has(key))
          throw new ArgsError(`${path}: ${f.category} id "${f.id}" is also in ${seen.get(key)}`)
        seen.set(key, path)
        facilities.push(f)
      }
      for (const i of r.issues.slice(0, 10))
        log(`near: ${i.severity}: ${i.source} ${i.where}, field "${i.field}": ${i.message}`)
      if (r.issues.length > 10) log(`near: … and ${r.issues.length - 10} more issues in ${path}`)
    }
    const communities =
      args.communities === undefined
        ? null
        : readCommunityAreas(await readText(args.communities), { source: args.communities, region })
    // The four base categories first, in their order, then any others in the files.
    const present = new Set(facilities.map((f) => f.category))
    const categories = [
      ...BASE_CATEGORIES.map((c) => c.code).filter((c) => present.has(c)),
      ...[...present].filter((c) => !BASE_CATEGORIES.some((b) => b.code === c)),
    ]
    const result = nearHome(
      buildNearbyIndex(facilities),
      communities ? createCommunityLocator(communities) : null,
      [args.lon, args.lat],
      {
        minutes: minutes(args.minutes),
        pace: args.pace,
        reachM: args.reachM === undefined ? undefined : meters(args.reachM),
        categories,
      },
    )
    out(`${JSON.stringify(result, null, 1)}\n`)
    return 0
  } catch (e) {
    if (e instanceof ArgsError || e instanceof InputError) {
      log(`near: ${e.message}\nRun with --help for usage.`)
      return EXIT_BAD_INPUT
    }
    throw e
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runNearCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
    },
    (e: unknown) => {
      process.stderr.write(`near: ${(e as Error).stack ?? String(e)}\n`)
      process.exitCode = 1
    },
  )
}
