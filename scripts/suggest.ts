import { readFile, writeFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { pathToFileURL } from 'node:url'
import pkg from '../package.json' with { type: 'json' }
import type { MultiPolygon, Polygon } from 'geojson'
import { CoverageInputError } from '../web/src/core/coverage/validate-input.ts'
import { suggestedSitesGeoJson } from '../web/src/core/io/export/sites-geojson.ts'
import { formatIssue, InputError, type InputIssue } from '../web/src/core/io/input-issue.ts'
import { normalizePolygonal, parseGeoJson } from '../web/src/core/io/parse-geojson.ts'
import { suggestSites, type SuggestSitesResult } from '../web/src/core/siting/suggest-sites.ts'
import { ArgsError } from './lib/coverage-args.ts'
// The library, not the coverage CLI: bundled into bin/suggest.mjs, a CLI module's "run when
// started" check would see this bundle's URL and start the coverage CLI too.
import { FileError, loadCoverageInput } from './lib/coverage-input.ts'
import { parseSuggestArgs, SUGGEST_USAGE, type SuggestArgs } from './lib/suggest-args.ts'

const EXIT_BAD_INPUT = 2
const LISTED = 10

/**
 * The drawn area of `--within`: a FeatureCollection of polygons (joined into one MultiPolygon),
 * a Feature or a bare Polygon / MultiPolygon geometry.
 */
async function readWithin(path: string): Promise<Polygon | MultiPolygon> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    throw new FileError(
      `${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    )
  }
  let doc: unknown
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch {
    // parseGeoJson reports the line and column.
    parseGeoJson(text, { source: path })
  }
  const type = (doc as { type?: unknown } | null)?.type
  const collection =
    type === 'FeatureCollection'
      ? text
      : JSON.stringify({
          type: 'FeatureCollection',
          features: [type === 'Feature' ? doc : { type: 'Feature', properties: {}, geometry: doc }],
        })
  const polygons: Polygon['coordinates'][] = []
  const issues: InputIssue[] = []
  for (const f of parseGeoJson(collection, { source: path })) {
    const g = normalizePolygonal(f.geometry, null)
    if (!g.ok) {
      issues.push({
        source: path,
        where: `feature ${f.index}`,
        field: 'geometry',
        message: g.message,
        severity: 'error',
      })
      continue
    }
    if (g.geometry.type === 'Polygon') polygons.push(g.geometry.coordinates)
    else polygons.push(...g.geometry.coordinates)
  }
  if (polygons.length === 0 && issues.length === 0)
    issues.push({
      source: path,
      where: 'file',
      field: 'features',
      message: 'no polygon in the file',
      severity: 'error',
    })
  if (issues.length > 0) throw new InputError(issues)
  return polygons.length === 1
    ? { type: 'Polygon', coordinates: polygons[0]! }
    : { type: 'MultiPolygon', coordinates: polygons }
}

function summary(r: SuggestSitesResult, seconds: number): string {
  const lines = [
    `${r.category}: ${r.sites.length} site(s), reach ${r.reach_m.toFixed(0)} m, target group ${r.target_group} (${Math.round(r.target_population).toLocaleString('en')} people), ${r.candidates} candidates, ${seconds.toFixed(2)} s`,
    'rank  lon         lat        gain_people  gain_pp  cumulative_pp  community',
  ]
  for (const s of r.sites) {
    lines.push(
      `${String(s.rank).padStart(4)}  ${s.lon.toFixed(6)}  ${s.lat.toFixed(6)}  ${s.gain_people.toFixed(1).padStart(11)}  ${s.gain_pp.toFixed(3).padStart(7)}  ${s.cumulative_pp.toFixed(3).padStart(13)}  ${s.community_name}`,
    )
  }
  lines.push(
    `gains: ${r.gains === 'engine' ? 'measured by the exact coverage engine' : 'sampled on the demand grid'}`,
  )
  for (const w of r.warnings) lines.push(`warning: ${w}`)
  return lines.join('\n')
}

/**
 * The suggest CLI. Returns the exit status: 0 done, 2 bad arguments or input, 1 other errors.
 * @example await runSuggestCli(['--communities', 'c.geojson', '--facilities', 'f.geojson', '--category', 'canteen', '--k', '3', '--out', 'sites.geojson'])
 */
export async function runSuggestCli(
  argv: readonly string[],
  log: (s: string) => void = (s) => process.stderr.write(`${s}\n`),
): Promise<number> {
  let args: SuggestArgs
  try {
    args = parseSuggestArgs(argv)
  } catch (e) {
    if (!(e instanceof ArgsError)) throw e
    log(`suggest: ${e.message}\nRun with --help for usage.`)
    return EXIT_BAD_INPUT
  }
  if (args.help) {
    process.stdout.write(SUGGEST_USAGE)
    return 0
  }
  const quietLog = args.quiet ? () => {} : log
  try {
    const { input, issues } = await loadCoverageInput(args.coverage)
    for (const i of issues.slice(0, LISTED)) quietLog(`  ${i.severity}: ${formatIssue(i)}`)
    if (issues.length > LISTED) quietLog(`  … and ${issues.length - LISTED} more`)
    const within = args.within === undefined ? undefined : await readWithin(args.within)
    const t0 = performance.now()
    const result = suggestSites({
      communities: input.communities,
      facilities: input.facilities,
      population: input.population,
      category: args.category,
      reachM: args.reach_m,
      k: args.k,
      candidatesM: args.candidates_m,
      minSpacingM: args.min_spacing_m,
      minSpacingFromExistingM: args.min_spacing_existing_m,
      within,
      communityIds: args.communities_only,
      capacity: args.capacity,
      demandCellM: args.demand_cell_m,
      countStatuses: args.coverage.statuses,
      gains: args.gains,
    })
    const seconds = (performance.now() - t0) / 1000
    const files = [args.coverage.communities, ...args.coverage.facilities.map((f) => f.path)]
    if (args.coverage.population) files.push(args.coverage.population)
    const geojson = suggestedSitesGeoJson(result, {
      data_source: args.data_source ?? files.map((f) => basename(f)).join(', '),
      data_vintage: args.vintage ?? 'unknown',
      app_version: pkg.version,
      generated_at: new Date().toISOString(),
      reach_notes: { [args.category]: args.reach_note },
    })
    const json = `${JSON.stringify(geojson, null, 1)}\n`
    if (args.out !== undefined) await writeFile(args.out, json)
    else process.stdout.write(json)
    quietLog(summary(result, seconds))
    return 0
  } catch (e) {
    if (
      e instanceof InputError ||
      e instanceof FileError ||
      e instanceof ArgsError ||
      e instanceof CoverageInputError ||
      e instanceof RangeError
    ) {
      log(`suggest: input rejected, nothing written\n${e.message}`)
      return EXIT_BAD_INPUT
    }
    throw e
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runSuggestCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
    },
    (e: unknown) => {
      process.stderr.write(`suggest: ${(e as Error).stack ?? String(e)}\n`)
      process.exitCode = 1
    },
  )
}
