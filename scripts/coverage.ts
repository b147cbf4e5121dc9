import { writeFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { pathToFileURL } from 'node:url'
import { computeCoverage } from '../web/src/core/coverage/compute-coverage.ts'
import { CoverageInputError } from '../web/src/core/coverage/validate-input.ts'
import type { CoverageData } from '../web/src/core/coverage/coverage-model.ts'
import type { CoverageResult } from '../web/src/core/coverage/types.ts'
import { coverageCsv } from '../web/src/core/io/coverage-csv.ts'
import { formatIssue, InputError, type InputIssue } from '../web/src/core/io/input-issue.ts'
import {
  ArgsError,
  COVERAGE_USAGE,
  parseCoverageArgs,
  type CoverageArgs,
} from './lib/coverage-args.ts'
import { gapsFeatureCollection, MAX_GAP_VERTICES } from './lib/coverage-gaps.ts'
import { FileError, loadCoverageInput } from './lib/coverage-input.ts'
import { CoveragePool } from './lib/coverage-pool.ts'
import { runNetworkStep } from './lib/network-cli.ts'

export { loadCoverageInput }

/** Exit status for bad arguments or bad input files. */
const EXIT_BAD_INPUT = 2
/** How many skipped rows / warnings are printed per file before "and N more". */
const LISTED = 10

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
  // The worker threads start now and read the input files themselves while this thread reads
  // them too: no copy of the city is sent between threads.
  const starting = args.threads > 1 ? CoveragePool.start(args.threads) : null
  let pool: CoveragePool | null = null
  try {
    let gotData: (d: CoverageData) => void = () => {}
    let noData: (e: unknown) => void = () => {}
    const data = new Promise<CoverageData>((resolve, reject) => {
      gotData = resolve
      noData = reject
    })
    // Settled here so that a failure of the threads never goes unobserved: this thread reads
    // the same files and reports any problem with them itself.
    data.catch(() => undefined)
    const poolLoad = starting?.then(async (p) => {
      pool = p
      await p.loadFrom((api) => api.loadFiles(args), data)
    })
    poolLoad?.catch(() => undefined)
    let loaded
    try {
      loaded = await loadCoverageInput(args)
    } catch (e) {
      noData(e)
      throw e
    }
    const { input, issues } = loaded
    gotData(input)
    reportIssues(issues, quietLog)
    const tRead = performance.now()
    // Minutes at each category's pace; in network mode the walking distances and the result
    // (reading the network counts as computing).
    const networked = await runNetworkStep(args.network, input, args.reachByCategory, quietLog)
    let result: CoverageResult
    if (networked) result = networked.result
    else if (starting) {
      await poolLoad
      result = await pool!.compute(input)
    } else result = computeCoverage(input)
    const tCompute = performance.now()
    const seconds = (tCompute - tRead) / 1000
    const json = `${JSON.stringify(result, null, 1)}\n`
    if (args.out !== undefined) await writeFile(args.out, json)
    else process.stdout.write(json)
    if (args.csv !== undefined) await writeFile(args.csv, coverageCsv(result))
    if (args.gaps !== undefined) {
      const gaps = gapsFeatureCollection(input, result, networked?.model, (id, vertices) =>
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
  } finally {
    await (await starting?.catch(() => null))?.close()
  }
}

// Run as a program, not imported: bundled into another CLI (bin/suggest.mjs imports this file),
// import.meta.url is that CLI's too, so the file name is checked as well.
const entry = process.argv[1]
if (
  entry !== undefined &&
  import.meta.url === pathToFileURL(entry).href &&
  /(^|[\\/])coverage\.(ts|mjs)$/.test(entry)
) {
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
