import { readFile, stat, writeFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { pathToFileURL } from 'node:url'
import { computeCoverage } from '../web/src/core/coverage/compute-coverage.ts'
import { CoverageInputError } from '../web/src/core/coverage/validate-input.ts'
import type {
  CoverageInput,
  CoverageResult,
  FacilityFeature,
} from '../web/src/core/coverage/types.ts'
import { coverageCsv } from '../web/src/core/io/coverage-csv.ts'
import { formatIssue, InputError, type InputIssue } from '../web/src/core/io/input-issue.ts'
import { DEFAULT_MAX_INPUT_CHARS } from '../web/src/core/io/parse-geojson.ts'
import { readCommunities, readPopulationLayer } from '../web/src/core/io/read-communities.ts'
import { readFacilities } from '../web/src/core/io/read-facilities.ts'
import {
  ArgsError,
  categorySettings,
  COVERAGE_USAGE,
  parseCoverageArgs,
  type CoverageArgs,
} from './lib/coverage-args.ts'
import { gapsFeatureCollection } from './lib/coverage-gaps.ts'
import { computeCoverageInPool } from './lib/coverage-pool.ts'

/** Exit status for bad arguments or bad input files. */
const EXIT_BAD_INPUT = 2
/** How many skipped rows / warnings are printed per file before "and N more". */
const LISTED = 10

/** A file that cannot be read at all (missing, too large): reported like bad input. */
class FileError extends Error {}

async function readText(path: string): Promise<string> {
  let size: number
  try {
    size = (await stat(path)).size
  } catch (e) {
    throw new FileError(
      `${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    )
  }
  // UTF-8 never has fewer bytes than UTF-16 code units, so this refuses nothing the parser would take.
  if (size > DEFAULT_MAX_INPUT_CHARS * 3)
    throw new FileError(`${path}: ${(size / 1e6).toFixed(0)} MB is too large`)
  return readFile(path, 'utf8')
}

function reportIssues(issues: readonly InputIssue[], log: (s: string) => void): void {
  const bySource = new Map<string, InputIssue[]>()
  for (const i of issues) {
    const list = bySource.get(i.source) ?? []
    list.push(i)
    bySource.set(i.source, list)
  }
  for (const [source, list] of bySource) {
    const skipped = list.filter((i) => i.severity === 'skipped').length
    const warned = list.length - skipped
    log(`${source}: ${skipped} row(s) skipped, ${warned} warning(s)`)
    for (const i of list.slice(0, LISTED)) log(`  ${i.severity}: ${formatIssue(i)}`)
    if (list.length > LISTED) log(`  … and ${list.length - LISTED} more`)
  }
}

/** Reads and checks every input file named in the arguments. */
export async function loadCoverageInput(
  args: CoverageArgs,
): Promise<{ input: CoverageInput; issues: InputIssue[] }> {
  const region = args.region === 'any' ? null : undefined
  const issues: InputIssue[] = []
  const communities = readCommunities(await readText(args.communities), {
    source: args.communities,
    fields: args.communityFields,
    region,
  })
  issues.push(...communities.issues)
  const facilities: FacilityFeature[] = []
  for (const file of args.facilities) {
    const text = await readText(file.path)
    const r = readFacilities(text, {
      source: file.path,
      format: /\.csv$/i.test(file.path) ? 'csv' : undefined,
      fields: args.facilityFields,
      category: file.category,
      idPrefix: file.category
        ? `${file.category}-${basename(file.path).replace(/\.[^.]*$/, '')}`
        : undefined,
      region,
    })
    facilities.push(...r.features)
    issues.push(...r.issues)
  }
  const seen = new Map<string, string>()
  const dupes: InputIssue[] = []
  for (const f of facilities) {
    const key = `${f.properties.category}\u0000${f.properties.id}`
    if (seen.has(key)) {
      dupes.push({
        source: 'facilities',
        where: `id ${f.properties.id}`,
        field: 'id',
        message: `duplicate ${f.properties.category} id across files (${seen.get(key)})`,
        severity: 'error',
      })
    } else seen.set(key, f.properties.category)
  }
  if (dupes.length > 0) throw new InputError(dupes)
  const input: CoverageInput = {
    communities: communities.features,
    facilities,
    settings: {
      categories: categorySettings(
        args,
        facilities.map((f) => f.properties.category),
      ),
      method: args.method,
      count_statuses: args.statuses,
    },
  }
  if (args.cell_m !== undefined) input.settings.cell_m = args.cell_m
  if (args.min_gap_area_m2 !== undefined) input.settings.min_gap_area_m2 = args.min_gap_area_m2
  if (args.population !== undefined) {
    const pop = readPopulationLayer(await readText(args.population), {
      source: args.population,
      region,
    })
    input.population = pop.features
    issues.push(...pop.issues)
  }
  return { input, issues }
}

function pct(v: number | null): string {
  return v === null ? '   –  ' : `${(v * 100).toFixed(1).padStart(5)}%`
}

function summary(result: CoverageResult, seconds: number): string {
  const lines = [
    `${result.communities.length} communities, population ${result.city.population.toLocaleString('en')}, method ${result.method}, ${seconds.toFixed(2)} s`,
    'category    reach_m  area   people   people covered',
  ]
  for (const c of result.settings.categories) {
    const f = result.city.categories[c.code]
    if (!f) continue
    lines.push(
      `${c.code.padEnd(10)} ${String(Math.round(c.reach_m)).padStart(8)} ${pct(f.area_share)} ${pct(f.population_share)}  ${Math.round(f.population_covered).toLocaleString('en')} (${c.target_group})`,
    )
  }
  lines.push(`complete life circle: ${pct(result.city.complete_share)} of people`)
  for (const w of result.warnings) lines.push(`warning: ${w}`)
  return lines.join('\n')
}

/**
 * The coverage CLI. Returns the exit status: 0 done, 2 bad arguments or input, 1 other errors.
 * @example await runCoverageCli(['--communities', 'c.geojson', '--facilities', 'f.geojson'])
 */
export async function runCoverageCli(
  argv: readonly string[],
  log: (s: string) => void = (s) => process.stderr.write(`${s}\n`),
): Promise<number> {
  let args: CoverageArgs
  try {
    args = parseCoverageArgs(argv)
  } catch (e) {
    if (!(e instanceof ArgsError)) throw e
    log(`coverage: ${e.message}\nRun with --help for usage.`)
    return EXIT_BAD_INPUT
  }
  if (args.help) {
    process.stdout.write(COVERAGE_USAGE)
    return 0
  }
  const quietLog = args.quiet ? () => {} : log
  try {
    const { input, issues } = await loadCoverageInput(args)
    reportIssues(issues, quietLog)
    const t0 = performance.now()
    const result =
      args.threads > 1 ? await computeCoverageInPool(input, args.threads) : computeCoverage(input)
    const seconds = (performance.now() - t0) / 1000
    const json = `${JSON.stringify(result, null, 1)}\n`
    if (args.out !== undefined) await writeFile(args.out, json)
    else process.stdout.write(json)
    if (args.csv !== undefined) await writeFile(args.csv, coverageCsv(result))
    if (args.gaps !== undefined)
      await writeFile(args.gaps, JSON.stringify(gapsFeatureCollection(input, result)))
    quietLog(summary(result, seconds))
    return 0
  } catch (e) {
    if (
      e instanceof InputError ||
      e instanceof FileError ||
      e instanceof ArgsError ||
      e instanceof CoverageInputError
    ) {
      log(`coverage: input rejected, nothing written\n${e.message}`)
      return EXIT_BAD_INPUT
    }
    throw e
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCoverageCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
    },
    (e: unknown) => {
      process.stderr.write(`coverage: ${(e as Error).stack ?? String(e)}\n`)
      process.exitCode = 1
    },
  )
}
