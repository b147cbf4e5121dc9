import { open, writeFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
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
import { decodeText } from '../web/src/core/io/import/decode-text.ts'
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
import { gapsFeatureCollection, MAX_GAP_VERTICES } from './lib/coverage-gaps.ts'
import { computeCoverageInPool } from './lib/coverage-pool.ts'

/** Exit status for bad arguments or bad input files. */
const EXIT_BAD_INPUT = 2
/** How many skipped rows / warnings are printed per file before "and N more". */
const LISTED = 10

/** A file that cannot be read at all (missing, too large): reported like bad input. */
class FileError extends Error {}

/** Most bytes an input file may have (UTF-8 never has fewer bytes than UTF-16 code units). */
const MAX_INPUT_BYTES = DEFAULT_MAX_INPUT_CHARS * 3

/**
 * Reads a text input file: a regular file (a directory, device or pipe is refused: their size
 * reads 0, and /dev/zero never ends) within the size limit, decoded as UTF-8 (with or without a
 * byte-order mark) or else GB18030/GBK, which is noted; other bytes are refused with the reason.
 */
async function readText(path: string, notes: InputIssue[]): Promise<string> {
  const fail = (why: string): never => {
    throw new FileError(`${path}: ${why}`)
  }
  let handle
  try {
    handle = await open(path, 'r')
  } catch (e) {
    return fail(`cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
  }
  try {
    const st = await handle.stat()
    if (!st.isFile()) {
      const kind = st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a pipe' : 'a device or socket'
      fail(`is ${kind}, not a regular file`)
    }
    if (st.size > MAX_INPUT_BYTES)
      fail(`${(st.size / 1e6).toFixed(0)} MB is too large (at most ${MAX_INPUT_BYTES / 1e6} MB)`)
    const bytes = await handle.readFile()
    const decoded = decodeText(bytes)
    if (!decoded.ok) return fail(decoded.message)
    if (decoded.encoding === 'gb18030') {
      notes.push({
        source: path,
        where: 'file',
        field: 'encoding',
        message: 'not UTF-8: read as GB18030 (GBK)',
        severity: 'warning',
      })
    }
    return decoded.text
  } finally {
    await handle.close()
  }
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
  const communities = readCommunities(await readText(args.communities, issues), {
    source: args.communities,
    fields: args.communityFields,
    region,
  })
  issues.push(...communities.issues)
  const facilities: FacilityFeature[] = []
  for (const file of args.facilities) {
    const text = await readText(file.path, issues)
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
    if (r.features.length === 0) {
      const skipped = r.issues.filter((i) => i.severity === 'skipped').length
      throw new InputError([
        ...r.issues,
        {
          source: file.path,
          where: 'file',
          field: 'rows',
          message:
            skipped > 0
              ? `no usable facility: all ${skipped} row(s) were skipped`
              : 'no facility rows (the file is empty or has only a header)',
          severity: 'error',
        },
      ])
    }
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
    const pop = readPopulationLayer(await readText(args.population, issues), {
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
  const cores = availableParallelism()
  if (args.threads > cores) {
    log(`coverage: --threads ${args.threads}: this machine has ${cores} cores; using ${cores}`)
    args.threads = cores
  }
  // performance.now() counts from the process's start: what passed before this line is start-up.
  const tStart = performance.now()
  try {
    const { input, issues } = await loadCoverageInput(args)
    reportIssues(issues, quietLog)
    const tRead = performance.now()
    const result =
      args.threads > 1 ? await computeCoverageInPool(input, args.threads) : computeCoverage(input)
    const tCompute = performance.now()
    const seconds = (tCompute - tRead) / 1000
    const json = `${JSON.stringify(result, null, 1)}\n`
    if (args.out !== undefined) await writeFile(args.out, json)
    else process.stdout.write(json)
    if (args.csv !== undefined) await writeFile(args.csv, coverageCsv(result))
    if (args.gaps !== undefined) {
      const gaps = gapsFeatureCollection(input, result, undefined, (id, vertices) =>
        log(
          `coverage: no gap drawn for community ${id}: its boundary has ${vertices.toLocaleString('en')} vertices (at most ${MAX_GAP_VERTICES.toLocaleString('en')}); simplify it to draw its gaps`,
        ),
      )
      await writeFile(args.gaps, JSON.stringify(gaps))
    }
    const tWrite = performance.now()
    quietLog(summary(result, seconds))
    if (args.timings) {
      const ms = (t: number) => `${Math.round(t)} ms`
      log(
        `timings: start ${ms(tStart)}, read ${ms(tRead - tStart)}, compute ${ms(tCompute - tRead)}, write ${ms(tWrite - tCompute)}, total ${ms(tWrite)}`,
      )
    }
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
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      // Only input nested beyond reason (coordinates 100,000 arrays deep) gets here.
      log(
        'coverage: input rejected, nothing written\nan input file nests arrays or objects too deeply',
      )
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
