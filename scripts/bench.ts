/**
 * `npm run bench [-- --sizes small,medium,large] [--quick] [--sample N] [--tsx]`
 *
 * Times the coverage methods on seeded generated cities (four categories, 1,000 m), each
 * (size, method) in its own child process so that its peak memory (maxRSS) is its own. Prints
 * numbers; it is not part of `npm test`. Times are from parsed input (GeoJSON objects in
 * memory) to the result object. The pool, like the app's workers, is started and given the
 * city's data once (both timed apart); its timed run sends the settings and gets the result.
 *
 * Two times per method: the first computation of a city in a process warmed up on a smaller
 * city (JIT warm-up is then mostly, not wholly, out: ~80 ms of the medium city's first pooled
 * computation goes when the warm-up city is as large), and a full recompute after a settings
 * change (the city computed at 10 minutes, then timed at 15), which is what the app does when a
 * planner moves a control.
 *
 * The children run one esbuild bundle of this file, as the app's worker runs Vite's bundle:
 * the engine code then runs as shipped, without tsx's loader (the exact method ran ~9% slower
 * under it here). `--tsx` runs them under tsx instead.
 *
 * Last, the coverage CLI as a user runs it: the whole process of `node bin/coverage.mjs` on the
 * medium city written to files (start-up, reading, computing, writing), on one thread and on
 * two, median of five runs (`--skip-cli` leaves it out).
 */
import { fork, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { buildSync } from 'esbuild'
import { computeCoverage } from '../web/src/core/coverage/compute-coverage.ts'
import { runExactCoverage } from '../web/src/core/coverage/exact-coverage.ts'
import { createGridModel } from '../web/src/core/coverage/grid/grid-model.ts'
import { prepareCoverage } from '../web/src/core/coverage/prepare-coverage.ts'
import { generateTestCity } from '../web/src/core/coverage/test-city.ts'
import type {
  CoverageInput,
  CoverageResult,
  FacilityFeature,
} from '../web/src/core/coverage/types.ts'
import { applyFacilityChange } from '../web/src/core/coverage/what-if-update.ts'
import { mulberry32 } from '../web/src/core/geo/prng.ts'
import { meters } from '../web/src/core/geo/units.ts'
import { buildCli } from './build-cli.ts'
import { CoveragePool, POOL_WORKER } from './lib/coverage-pool.ts'
import { turfAreaShare } from './lib/turf-reference.ts'

const SIZES = {
  small: { communities: 300, facilities: 2_000, seed: 300 },
  medium: { communities: 1_500, facilities: 20_000, seed: 1500 },
  large: { communities: 6_000, facilities: 100_000, seed: 6000 },
} as const
type Size = keyof typeof SIZES
const PHASES = ['exact', 'pool', 'fast', 'staged', 'naive'] as const
type Phase = (typeof PHASES)[number]
const REACH_M = 1000
const POOL_THREADS = 2
const NAIVE_STEPS = 64

interface PhaseReport {
  size: Size
  phase: Phase
  /** Main timing, ms. */
  ms: number
  /** Peak resident set size of the child process, MB. */
  maxRssMb: number
  heapMb: number
  extra: Record<string, number | string | null>
}

/** The benchmark city of a size. */
function city(size: Size): CoverageInput {
  const s = SIZES[size]
  const c = generateTestCity({
    seed: s.seed,
    communities: s.communities,
    facilities: s.facilities,
    categories: 4,
    reachM: REACH_M,
  })
  return {
    communities: c.communities,
    facilities: c.facilities,
    settings: { categories: c.categories, method: 'exact' },
  }
}

/** The input at `minutes` on foot at 4 km/h (every category). */
function atMinutes(input: CoverageInput, minutes: number): CoverageInput {
  const reach = meters((minutes * 4000) / 60)
  const categories = input.settings.categories.map((c) => ({ ...c, reach_m: reach }))
  return { ...input, settings: { ...input.settings, categories } }
}

const time = <T>(f: () => T): [T, number] => {
  const t0 = performance.now()
  const r = f()
  return [r, performance.now() - t0]
}

/** Largest |a − b| over communities and categories, in percentage points. */
function worstDiffPp(
  a: CoverageResult,
  b: CoverageResult,
  field: 'area_share' | 'population_share',
): number {
  let worst = 0
  const byId = new Map(b.communities.map((c) => [c.id, c]))
  for (const ca of a.communities) {
    const cb = byId.get(ca.id)
    if (!cb) continue
    for (const [code, fa] of Object.entries(ca.categories)) {
      const va = fa[field]
      const vb = cb.categories[code]?.[field]
      if (va === null || vb === null || vb === undefined) continue
      worst = Math.max(worst, Math.abs(va - vb) * 100)
    }
  }
  return worst
}

/** A new open facility of `category` at the centre of the bounding box of community `i`. */
function whatIfFacility(input: CoverageInput, i: number, category: string): FacilityFeature {
  const ring = input.communities[i]!.geometry
  const pts = (ring.type === 'Polygon' ? ring.coordinates : ring.coordinates.flat()).flat()
  const xs = pts.map((p) => p[0]!)
  const ys = pts.map((p) => p[1]!)
  return {
    type: 'Feature',
    geometry: {
      type: 'Point',
      coordinates: [
        (Math.min(...xs) + Math.max(...xs)) / 2,
        (Math.min(...ys) + Math.max(...ys)) / 2,
      ],
    },
    properties: { id: 'bench-what-if', category, status: 'open' },
  }
}

/** Slider moves after the first (15 → 10 min): minutes, on foot at 4 km/h. */
const SLIDER_MINUTES = [12, 15, 5, 10, 8, 15, 13, 10, 15]

/**
 * The staged fast model: build, re-threshold after minutes changes (the first one, then the
 * median of a run of slider moves), one-facility what-ifs.
 */
function fastStagedTimings(input: CoverageInput): Record<string, number> {
  const [model, buildMs] = time(() => createGridModel(input))
  const reachAt = (minutes: number): Record<string, number> =>
    Object.fromEntries(input.settings.categories.map((c) => [c.code, (minutes * 4000) / 60]))
  // 15 → 10 minutes at 4 km/h: 1,000 m → 667 m for every category.
  const [, rethresholdFirstMs] = time(() => model.threshold(reachAt(10)))
  const moves = SLIDER_MINUTES.map((m) => time(() => model.threshold(reachAt(m)))[1])
  const rethresholdMs = median(moves)
  const rethresholdMaxMs = Math.max(...moves)
  const mid = Math.floor(input.communities.length / 2)
  const [, whatIfMs] = time(() => model.addFacility(whatIfFacility(input, mid, 'canteen')))
  const [, moveMs] = time(() =>
    model.moveFacility(
      'bench-what-if',
      whatIfFacility(input, mid + 1, 'canteen').geometry.coordinates as [number, number],
    ),
  )
  const [, removeMs] = time(() => model.removeFacility('bench-what-if'))
  return {
    buildMs,
    rethresholdFirstMs,
    rethresholdMs,
    rethresholdMaxMs,
    whatIfMs,
    moveMs,
    removeMs,
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** The exact method's incremental update: add one canteen, then remove it again. */
function exactWhatIfTimings(input: CoverageInput): Record<string, number> {
  const prep = prepareCoverage(input)
  const base = runExactCoverage(prep)
  const site = whatIfFacility(input, Math.floor(input.communities.length / 2), 'canteen')
  const [added, whatIfMs] = time(() => applyFacilityChange(prep, base, { add: [site] }))
  const [, removeMs] = time(() =>
    applyFacilityChange(prep, added.result, { remove: [site.properties.id] }),
  )
  return { whatIfMs, removeMs, recomputed: added.recomputed.length }
}

/** A small city computed first so the timed run does not include JIT warm-up. */
function warmUp(method: 'exact' | 'fast'): void {
  const c = generateTestCity({ seed: 7, communities: 40, facilities: 300, categories: 4 })
  computeCoverage({
    communities: c.communities,
    facilities: c.facilities,
    settings: { categories: c.categories, method },
  })
}

/** The staged model's paths (build, re-threshold, edits) run once on the small city first. */
function warmUpStaged(): void {
  const c = city('small')
  fastStagedTimings({ ...c, settings: { ...c.settings, method: 'fast' } })
}

/** The pool, started (timed into `extra.startMs`) and warmed up on the small city. */
async function startWarmPool(poolWorker: URL, extra: PhaseReport['extra']): Promise<CoveragePool> {
  const t0 = performance.now()
  const pool = await CoveragePool.start(POOL_THREADS, poolWorker)
  extra.startMs = performance.now() - t0
  await pool.compute(city('small'))
  return pool
}

async function runPhase(
  size: Size,
  phase: Phase,
  sample: number,
  poolWorker: URL,
): Promise<PhaseReport> {
  const extra: PhaseReport['extra'] = {}
  let ms: number
  // Warm-ups come before the benchmark city is made: the warm-up city is garbage by then, and
  // the peak memory is that of one city's run.
  if (phase === 'exact') warmUp('exact')
  const pool = phase === 'pool' ? await startWarmPool(poolWorker, extra) : null
  const input = city(size)
  if (phase === 'exact') {
    extra.firstMs = time(() => computeCoverage(input))[1]
    computeCoverage(atMinutes(input, 10))
    ;[, ms] = time(() => computeCoverage(input))
    // The shares alone, without the median / p90 nearest distances (which the app can show a
    // moment later): the first stage of a staged recompute.
    extra.sharesMs = time(() => computeCoverage(input, { nearest: false }))[1]
    Object.assign(extra, exactWhatIfTimings(input))
  } else if (pool) {
    // The data goes to the threads once, as the app's workers keep it; each recompute then
    // sends only settings. Timed apart.
    const tl = performance.now()
    await pool.load(input)
    extra.loadMs = performance.now() - tl
    const t1 = performance.now()
    await pool.compute(input)
    extra.firstMs = performance.now() - t1
    await pool.compute(atMinutes(input, 10))
    const t2 = performance.now()
    await pool.compute(input)
    ms = performance.now() - t2
    await pool.close()
  } else if (phase === 'fast') {
    warmUp('fast')
    const fastInput: CoverageInput = { ...input, settings: { ...input.settings, method: 'fast' } }
    let fast: CoverageResult
    ;[fast, ms] = time(() => computeCoverage(fastInput))
    extra.cellM = fast.settings.cell_m ?? null
    extra.maxRssBeforeCheckMb = process.resourceUsage().maxRSS / 1024
    const exact = computeCoverage(input)
    extra.worstAreaPp = worstDiffPp(fast, exact, 'area_share')
    extra.worstPopPp = worstDiffPp(fast, exact, 'population_share')
  } else if (phase === 'staged') {
    // The staged model in a process of its own: its peak memory is the app's worker's when it
    // keeps the model for the minutes control and what-ifs.
    warmUpStaged()
    const fastInput: CoverageInput = { ...input, settings: { ...input.settings, method: 'fast' } }
    const timings = fastStagedTimings(fastInput)
    ms = timings.buildMs!
    Object.assign(extra, timings)
  } else {
    const rand = mulberry32(SIZES[size].seed + 1)
    const n = input.communities.length
    const picks = new Set<number>()
    while (picks.size < Math.min(sample, n)) picks.add(Math.floor(rand() * n))
    const indices = [...picks]
    const byCategory = new Map<string, FacilityFeature[]>()
    for (const f of input.facilities) {
      if ((f.properties.status ?? 'open') !== 'open') continue
      const list = byCategory.get(f.properties.category) ?? []
      list.push(f)
      byCategory.set(f.properties.category, list)
    }
    const naive = new Map<string, Record<string, number>>()
    const t0 = performance.now()
    for (const i of indices) {
      const c = input.communities[i]!
      const shares: Record<string, number> = {}
      for (const s of input.settings.categories) {
        shares[s.code] = turfAreaShare(c, byCategory.get(s.code) ?? [], s.reach_m, {
          steps: NAIVE_STEPS,
          union: 'all',
        })
      }
      naive.set(c.properties.id, shares)
    }
    const total = performance.now() - t0
    const perCommunity = total / indices.length
    ms = perCommunity * n
    extra.sample = indices.length
    extra.sampleMs = total
    extra.perCommunityMs = perCommunity
    const exact = computeCoverage(input, { communityIndices: indices })
    let worst = 0
    for (const c of exact.communities) {
      for (const [code, f] of Object.entries(c.categories)) {
        worst = Math.max(worst, Math.abs(f.area_share - (naive.get(c.id)?.[code] ?? NaN)) * 100)
      }
    }
    extra.worstAreaPp = worst
  }
  // Other work on the machine stretches wall times; the 1-minute load average says how much.
  extra.load1 = loadavg()[0]!
  return {
    size,
    phase,
    ms,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    heapMb: process.memoryUsage().heapUsed / 2 ** 20,
    extra,
  }
}

function runChild(script: string, size: Size, phase: Phase, sample: number): Promise<PhaseReport> {
  return new Promise((resolve, reject) => {
    const child = fork(
      script,
      [
        '--child',
        `${size}:${phase}`,
        '--sample',
        String(sample),
        '--pool-worker',
        POOL_WORKER.href,
      ],
      { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    )
    let report: PhaseReport | undefined
    child.on('message', (m: PhaseReport) => (report = m))
    child.on('error', reject)
    child.on('exit', (code) =>
      report && code === 0
        ? resolve(report)
        : reject(new Error(`${size}/${phase} exited with ${code}`)),
    )
  })
}

const fmtMs = (ms: number | undefined): string => {
  if (ms === undefined || !Number.isFinite(ms)) return '–'
  if (ms < 1) return `${ms.toFixed(2)} ms`
  if (ms < 1000) return `${ms.toFixed(0)} ms`
  if (ms < 120_000) return `${(ms / 1000).toFixed(2)} s`
  if (ms < 7_200_000) return `${(ms / 60_000).toFixed(0)} min`
  return `${(ms / 3_600_000).toFixed(1)} h`
}
const num = (v: unknown, digits = 3): string =>
  typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '–'

function table(sizes: Size[], reports: PhaseReport[]): string {
  const get = (s: Size, p: Phase): PhaseReport | undefined =>
    reports.find((r) => r.size === s && r.phase === p)
  const rows: [string, (s: Size) => string][] = [
    [
      'communities / facilities',
      (s) =>
        `${SIZES[s].communities.toLocaleString('en')} / ${SIZES[s].facilities.toLocaleString('en')}`,
    ],
    ['exact, 1 thread: full recompute after a settings change', (s) => fmtMs(get(s, 'exact')?.ms)],
    ['  first computation of the city', (s) => fmtMs(get(s, 'exact')?.extra.firstMs as number)],
    [
      '  of which shares alone (nearest distances off)',
      (s) => fmtMs(get(s, 'exact')?.extra.sharesMs as number),
    ],
    [
      `exact, pool of ${POOL_THREADS} threads: full recompute after a settings change`,
      (s) => fmtMs(get(s, 'pool')?.ms),
    ],
    ['  first computation of the city', (s) => fmtMs(get(s, 'pool')?.extra.firstMs as number)],
    ['  (pool start-up, once)', (s) => fmtMs(get(s, 'pool')?.extra.startMs as number)],
    [
      '  (sending the data to the threads, once per data)',
      (s) => fmtMs(get(s, 'pool')?.extra.loadMs as number),
    ],
    ['fast', (s) => fmtMs(get(s, 'fast')?.ms)],
    ['  fast grid cell', (s) => `${num(get(s, 'fast')?.extra.cellM, 1)} m`],
    ['naive Turf, extrapolated', (s) => fmtMs(get(s, 'naive')?.ms)],
    [
      '  naive sample: communities, time',
      (s) =>
        `${get(s, 'naive')?.extra.sample ?? '–'}, ${fmtMs(get(s, 'naive')?.extra.sampleMs as number)}`,
    ],
    [
      'naive / exact 1 thread',
      (s) => `${num((get(s, 'naive')?.ms ?? NaN) / (get(s, 'exact')?.ms ?? NaN), 0)}×`,
    ],
    [
      'exact 1 thread / pool',
      (s) => `${num((get(s, 'exact')?.ms ?? NaN) / (get(s, 'pool')?.ms ?? NaN), 2)}×`,
    ],
    [
      'exact 1 thread / fast',
      (s) => `${num((get(s, 'exact')?.ms ?? NaN) / (get(s, 'fast')?.ms ?? NaN), 2)}×`,
    ],
    ['worst |fast − exact|, area share', (s) => `${num(get(s, 'fast')?.extra.worstAreaPp)} pp`],
    [
      'worst |fast − exact|, population share',
      (s) => `${num(get(s, 'fast')?.extra.worstPopPp)} pp`,
    ],
    [
      'worst |naive − exact|, area share (sample)',
      (s) => `${num(get(s, 'naive')?.extra.worstAreaPp)} pp`,
    ],
    [
      `fast: re-threshold after a minutes change, median of ${SLIDER_MINUTES.length} moves (worst)`,
      (s) =>
        `${fmtMs(get(s, 'staged')?.extra.rethresholdMs as number)} (${fmtMs(get(s, 'staged')?.extra.rethresholdMaxMs as number)})`,
    ],
    [
      '  first re-threshold after the build (15 → 10 min)',
      (s) => fmtMs(get(s, 'staged')?.extra.rethresholdFirstMs as number),
    ],
    ['fast: staged model build', (s) => fmtMs(get(s, 'staged')?.ms)],
    [
      'fast: one-facility what-if (add / move / remove)',
      (s) =>
        ['whatIfMs', 'moveMs', 'removeMs']
          .map((k) => fmtMs(get(s, 'staged')?.extra[k] as number))
          .join(' / '),
    ],
    [
      'exact: one-facility what-if (add / remove)',
      (s) =>
        `${fmtMs(get(s, 'exact')?.extra.whatIfMs as number)} / ${fmtMs(get(s, 'exact')?.extra.removeMs as number)}`,
    ],
    ['  communities recomputed by it', (s) => String(get(s, 'exact')?.extra.recomputed ?? '–')],
    ['peak RSS exact 1 thread', (s) => `${num(get(s, 'exact')?.maxRssMb, 0)} MB`],
    [
      'load average (1 min) during exact / pool',
      (s) => `${num(get(s, 'exact')?.extra.load1, 1)} / ${num(get(s, 'pool')?.extra.load1, 1)}`,
    ],
    ['peak RSS exact pool', (s) => `${num(get(s, 'pool')?.maxRssMb, 0)} MB`],
    ['peak RSS fast', (s) => `${num(get(s, 'fast')?.extra.maxRssBeforeCheckMb, 0)} MB`],
    [
      `peak RSS fast staged model (build, ${SLIDER_MINUTES.length + 1} re-thresholds, what-ifs)`,
      (s) => `${num(get(s, 'staged')?.maxRssMb, 0)} MB`,
    ],
  ]
  const header = `| | ${sizes.join(' | ')} |\n|---|${sizes.map(() => '---:').join('|')}|`
  return [header, ...rows.map(([label, f]) => `| ${label} | ${sizes.map(f).join(' | ')} |`)].join(
    '\n',
  )
}

/** Runs of the CLI per setting; the median is printed. */
const CLI_RUNS = 5

/**
 * Whole-process times of the built coverage CLI on the medium city (files in a temporary
 * directory), with the last run's own breakdown (--timings).
 */
function cliTimes(cache: string): string {
  const dir = mkdtempSync(join(cache, 'lifecircle-bench-cli-'))
  try {
    const c = city('medium')
    const communities = join(dir, 'communities.geojson')
    const facilities = join(dir, 'facilities.geojson')
    writeFileSync(
      communities,
      JSON.stringify({ type: 'FeatureCollection', features: c.communities }),
    )
    writeFileSync(facilities, JSON.stringify({ type: 'FeatureCollection', features: c.facilities }))
    const bin = fileURLToPath(new URL('../bin/coverage.mjs', import.meta.url))
    const rows: string[] = []
    for (const threads of [1, 2]) {
      const walls: number[] = []
      let breakdown = ''
      for (let k = 0; k < CLI_RUNS; k++) {
        const t0 = performance.now()
        const r = spawnSync(
          process.execPath,
          [
            bin,
            '--communities',
            communities,
            '--facilities',
            facilities,
            '--out',
            join(dir, 'out.json'),
            '--quiet',
            '--timings',
            '--threads',
            String(threads),
          ],
          { encoding: 'utf8' },
        )
        walls.push(performance.now() - t0)
        if (r.status !== 0) throw new Error(`coverage CLI failed: ${r.stderr}`)
        breakdown = /timings: (.*)/.exec(r.stderr)?.[1] ?? ''
      }
      rows.push(
        `| ${threads} | ${fmtMs(median(walls))} | ${fmtMs(Math.min(...walls))} | ${breakdown} |`,
      )
    }
    return [
      `Coverage CLI, whole process (node bin/coverage.mjs, medium city from files, exact, default options; median of ${CLI_RUNS}):`,
      '',
      '| threads | wall (median) | wall (min) | last run by the CLI itself |',
      '|---:|---:|---:|---|',
      ...rows,
    ].join('\n')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string' },
      quick: { type: 'boolean' },
      sample: { type: 'string' },
      child: { type: 'string' },
      tsx: { type: 'boolean' },
      'pool-worker': { type: 'string' },
      'skip-cli': { type: 'boolean' },
    },
  })
  const quick = values.quick === true
  const sample = Number(values.sample ?? (quick ? 2 : 8))
  if (values.child) {
    const [size, phase] = values.child.split(':') as [Size, Phase]
    const poolWorker = values['pool-worker'] ? new URL(values['pool-worker']) : POOL_WORKER
    const report = await runPhase(size, phase, sample, poolWorker)
    if (process.send) process.send(report)
    else process.stdout.write(`${JSON.stringify(report)}\n`)
    return
  }
  const sizes = (values.sizes ?? (quick ? 'small,medium' : 'small,medium,large')).split(
    ',',
  ) as Size[]
  for (const s of sizes)
    if (!(s in SIZES)) throw new Error(`unknown size "${s}" (small, medium, large)`)
  const self = fileURLToPath(import.meta.url)
  // Beside node_modules, so that the bundle finds esbuild (left out of it: the pool bundles its
  // worker with it at run time).
  const cache = fileURLToPath(new URL('../node_modules/.cache/', import.meta.url))
  mkdirSync(cache, { recursive: true })
  const dir = values.tsx ? null : mkdtempSync(join(cache, 'lifecircle-bench-'))
  let script = self
  // Run as the built bin/bench.mjs, this file is a bundle already.
  if (dir && self.endsWith('.ts')) {
    script = join(dir, 'bench.mjs')
    buildSync({
      entryPoints: [self],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outfile: script,
      external: ['esbuild'],
      logLevel: 'warning',
    })
  }
  const reports: PhaseReport[] = []
  try {
    for (const size of sizes) {
      for (const phase of PHASES) {
        process.stderr.write(`bench: ${size} ${phase}…\n`)
        reports.push(await runChild(script, size, phase, sample))
      }
    }
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true })
  }
  process.stdout.write(
    `Coverage benchmark — seeded generated cities, 4 categories, ${REACH_M} m, node ${process.version}, ` +
      `${values.tsx ? 'children under tsx' : 'children run an esbuild bundle'}\n` +
      `naive = Turf circle per facility (${NAIVE_STEPS} steps) + one union of the circles touching each community + difference + area, ` +
      `timed on a seeded sample of ${sample} communities per city; extrapolated = mean time per community × communities.\n\n` +
      `${table(sizes, reports)}\n`,
  )
  if (values['skip-cli'] !== true) {
    process.stderr.write('bench: coverage CLI…\n')
    await buildCli()
    process.stdout.write(`\n${cliTimes(cache)}\n`)
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`)
  process.exitCode = 1
})
