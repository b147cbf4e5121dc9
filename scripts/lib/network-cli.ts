import {
  defaultPaceFor,
  isPace,
  PACE_KMH,
  reachAtPace,
  type Pace,
} from '../../web/src/core/catalog/paces.ts'
import { createGridModel, type GridModel } from '../../web/src/core/coverage/grid/grid-model.ts'
import type { CoverageInput, CoverageResult } from '../../web/src/core/coverage/types.ts'
import { assertValidCoverageInput } from '../../web/src/core/coverage/validate-input.ts'
import { minutes } from '../../web/src/core/geo/units.ts'
import { DEFAULT_MAX_SNAP_M, EdgeSnapper } from '../../web/src/core/network/edge-snapper.ts'
import { networkFieldFactory } from '../../web/src/core/network/network-distance-field.ts'
import { formatNetworkReport, loadNetworkFile } from './network-load.ts'
import { writePointDistances } from './network-points.ts'

/**
 * The walking-network part of the coverage CLI, kept apart from its argument parser and main
 * function. The hook, in three places:
 *
 * 1. coverage-args.ts: spread {@link NETWORK_ARG_OPTIONS} into the `parseArgs` options, and set
 *    `args.network = readNetworkArgs(values, (m) => { throw new ArgsError(m) })`;
 * 2. coverage.ts, once the input is loaded and before computing:
 *    `const networked = await runNetworkStep(args.network, input, args.reachByCategory, quietLog)`,
 *    use `networked?.result ?? <the circle computation>` as the result and pass
 *    `networked?.model` to `gapsFeatureCollection`;
 * 3. append {@link NETWORK_USAGE} to the usage text.
 */

/** `parseArgs` option specs of the network flags. */
export const NETWORK_ARG_OPTIONS = {
  mode: { type: 'string' },
  network: { type: 'string' },
  pace: { type: 'string' },
  'max-snap-m': { type: 'string' },
  points: { type: 'string' },
  'points-out': { type: 'string' },
} as const

export const NETWORK_USAGE = `
Walking network (distances along streets instead of straight lines):
  --mode circle|network   circle (default): reach discs; network: walking distance = straight
                          connector to the nearest street + along the streets + the facility's
                          connector, on the grid (the fast method)
  --network FILE          street network: OSM XML (.osm, .osm.gz), OSM PBF or GeoJSON lines;
                          only walkable ways and the largest connected part are kept
  --pace ordinary|elderly with --minutes: 4.5 or 3.0 km/h for every category, in either mode
                          (network mode default: the elderly's pace for categories serving the
                          elderly, the ordinary pace for the rest)
  --max-snap-m M          points and facilities farther than M m from every street are unlinked
                          and reported, never snapped across (default 200)
  --points FILE           GeoJSON points with an id property, with --points-out F.csv: per point
  --points-out FILE       and category, network_m (nearest linked facility, walking), straight_m
                          (nearest facility, straight line) and linked (empty network_m if false)
`

export interface NetworkArgs {
  mode: 'circle' | 'network'
  network?: string
  /** One pace for every category; undefined: each category's default pace. */
  pace?: Pace
  /** Minutes of the reach, when given as --minutes without --speed-kmh (pace decides metres). */
  minutes?: number
  maxSnapM: number
  points?: string
  pointsOut?: string
}

/**
 * Reads the network flags from `parseArgs` values (which also hold the coverage flags it checks
 * against: --minutes, --speed-kmh, --method, --threads). `fail` throws the CLI's argument error.
 * @example readNetworkArgs({ mode: 'network', network: 'streets.geojson', minutes: '15' }, fail)
 */
export function readNetworkArgs(
  values: Readonly<Record<string, unknown>>,
  fail: (message: string) => never,
): NetworkArgs {
  const str = (k: string): string | undefined => {
    const v = values[k]
    return typeof v === 'string' ? v : undefined
  }
  const mode = str('mode') ?? 'circle'
  if (mode !== 'circle' && mode !== 'network')
    fail(`--mode must be circle or network, not "${mode}"`)
  const out: NetworkArgs = { mode: mode as NetworkArgs['mode'], maxSnapM: DEFAULT_MAX_SNAP_M }
  const network = str('network')
  if (network !== undefined) out.network = network
  if (mode === 'network') {
    if (network === undefined) fail('--mode network needs --network FILE (a street network)')
    if (str('method') === 'exact')
      fail('--mode network computes on the grid: use --method fast or leave --method out')
    const threads = str('threads')
    if (threads !== undefined && Number(threads) > 1)
      fail('--mode network runs on one thread; leave --threads out')
  }
  const pace = str('pace')
  if (pace !== undefined) {
    if (!isPace(pace)) fail(`--pace must be ordinary or elderly, not "${pace}"`)
    if (str('minutes') === undefined) fail('--pace needs --minutes (it turns minutes into metres)')
    if (str('speed-kmh') !== undefined) fail('give either --pace or --speed-kmh, not both')
    out.pace = pace as Pace
  }
  if (str('minutes') !== undefined && str('speed-kmh') === undefined) {
    const m = Number(str('minutes'))
    if (Number.isFinite(m) && m > 0) out.minutes = m
  }
  const snap = str('max-snap-m')
  if (snap !== undefined) {
    const m = Number(snap)
    if (!Number.isFinite(m) || m <= 0) fail(`--max-snap-m must be a positive number, not "${snap}"`)
    out.maxSnapM = m
  }
  const points = str('points')
  const pointsOut = str('points-out')
  if ((points === undefined) !== (pointsOut === undefined))
    fail('--points and --points-out go together')
  if (points !== undefined) {
    if (network === undefined) fail('--points needs --network FILE (a street network)')
    out.points = points
    out.pointsOut = pointsOut!
  }
  return out
}

/**
 * Runs what the network flags ask for on a loaded input: turns --minutes into metres at each
 * category's pace (network mode, or --pace), reads the network (and logs what it kept and
 * dropped), in network mode computes coverage on the grid with walking distances, and writes
 * the points file if asked.
 * Returns the network-mode result with its grid model (for `gapsFeatureCollection(input,
 * result, model)`: the gaps must come from the walking distances), or null in circle mode (the
 * caller computes as before).
 * Bad files throw the core's InputError, as the other readers do.
 * @example const networked = await runNetworkStep(args.network, input, args.reachByCategory, log)
 */
export async function runNetworkStep(
  net: NetworkArgs,
  input: CoverageInput,
  explicitReach: Readonly<Record<string, number>>,
  log: (s: string) => void,
): Promise<{ result: CoverageResult; model: GridModel } | null> {
  // --pace applies in either mode; network mode also gives every category its default pace.
  if (net.minutes !== undefined && (net.mode === 'network' || net.pace !== undefined)) {
    for (const c of input.settings.categories) {
      if (explicitReach[c.code] !== undefined) continue
      const pace = net.pace ?? defaultPaceFor(c.target_group)
      c.reach_m = reachAtPace(minutes(net.minutes), pace)
      log(
        `  ${c.code}: ${net.minutes} min at ${PACE_KMH[pace]} km/h (${pace}) = ${Math.round(c.reach_m)} m${net.mode === 'network' ? ' along streets' : ''}`,
      )
    }
  }
  if (net.network === undefined) return null
  const { graph, report, format } = await loadNetworkFile(net.network)
  for (const line of formatNetworkReport(report, format)) log(line)
  const snapper = new EdgeSnapper(graph)
  let out: { result: CoverageResult; model: GridModel } | null = null
  if (net.mode === 'network') {
    input.settings.method = 'fast'
    assertValidCoverageInput(input)
    const counted = new Set<string>(input.settings.count_statuses ?? ['open'])
    const codes = new Set(input.settings.categories.map((c) => c.code))
    let unlinked = 0
    for (const f of input.facilities) {
      const c = f.geometry?.coordinates
      if (!c || !codes.has(f.properties.category) || !counted.has(f.properties.status ?? 'open'))
        continue
      if (!snapper.snap(c[0]!, c[1]!, net.maxSnapM)) unlinked++
    }
    const factory = networkFieldFactory(graph, { maxSnapM: net.maxSnapM, snapper })
    const model = createGridModel(input, { editable: false, distanceField: factory })
    const result = model.result()
    out = { result, model }
    const { cells, unlinkedCells } = factory.stats()
    if (unlinked > 0) {
      result.warnings.push(
        `${unlinked} facilities are farther than ${net.maxSnapM} m from every street of the network: unlinked, they reach nobody`,
      )
    }
    if (unlinkedCells > 0) {
      result.warnings.push(
        `${unlinkedCells} of ${cells} grid cells are farther than ${net.maxSnapM} m from every street: unlinked, counted as not covered`,
      )
    }
  }
  if (net.points !== undefined && net.pointsOut !== undefined) {
    const r = await writePointDistances(snapper, input, net.points, net.pointsOut, net.maxSnapM)
    log(
      `${net.pointsOut}: ${r.points} points × ${input.settings.categories.length} categories (${r.unlinked} points unlinked)`,
    )
  }
  return out
}
