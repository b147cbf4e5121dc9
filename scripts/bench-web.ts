/**
 * How fast the production build opens in headless Chromium: a first visit (fresh browser
 * profile) and a repeat visit (the same profile, browser restarted), several runs each, median.
 *
 *   npm run bench:web                 # builds dist/ first
 *   npm run bench:web -- --runs 5 --no-build
 *   npm run bench:web -- --dist /tmp/old-dist   # serve another build
 *   npm run bench:web -- --large [--large-facilities 100000]   # and the 100k residents' map
 *
 * Prints, per visit: time from navigation to the map with the database's facilities drawn
 * (`window.__lifecircle.ready`), to the first coverage figures on the map, and the bytes
 * transferred (CDP `Network.loadingFinished` encodedDataLength for the page; the workers'
 * requests through Playwright's request sizes, which come from the same network layer).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { CDPSession } from 'playwright-core'
import { chromium } from 'playwright-core'
import { preview } from 'vite'
import { benchLarge, formatLarge, type LargeFigures } from './lib/bench-web-large.ts'

const repo = fileURLToPath(new URL('..', import.meta.url))
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'
const TIMEOUT_MS = 120_000

interface Visit {
  /** ms from navigation start to facilities drawn on the map */
  mapMs: number
  /** ms from navigation start to the first coverage figures handed to the map */
  coverageMs: number
  /** ms from navigation start to the embedded database open (the map does not wait for it) */
  dbMs: number
  /** bytes on the wire (encoded), page and workers */
  bytes: number
}

// Runs before any page script: notes the time `window.__lifecircle` reports facilities drawn and
// the first coverage result, without polling (performance.now() counts from navigation start).
const HOOK_TRAP = `(() => {
  const marks = (window.__benchMarks = { map: null, coverage: null })
  let hooks
  Object.defineProperty(window, '__lifecircle', {
    configurable: true,
    get: () => hooks,
    set(value) {
      hooks = value
      if (!value || typeof value !== 'object') return
      let coverage = value.coverage
      let isReady = value.isReady
      Object.defineProperty(value, 'coverage', {
        configurable: true, enumerable: true,
        get: () => coverage,
        set(v) { coverage = v; if (v && marks.coverage === null) marks.coverage = performance.now() },
      })
      Object.defineProperty(value, 'isReady', {
        configurable: true, enumerable: true,
        get: () => isReady,
        set(v) { isReady = v; if (v && marks.map === null) marks.map = performance.now() },
      })
      if (value.ready && typeof value.ready.then === 'function') {
        value.ready.then(() => { if (marks.map === null) marks.map = performance.now() })
      }
    },
  })
})()`

async function countBytes(session: CDPSession): Promise<() => number> {
  let total = 0
  const seen = new Set<string>()
  const listen = (s: CDPSession, prefix: string) => {
    s.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
      const key = prefix + e.requestId
      if (seen.has(key)) return
      seen.add(key)
      total += e.encodedDataLength
    })
  }
  await session.send('Network.enable')
  listen(session, 'page:')
  return () => total
}

// The planner's route: the map with the facilities, and the coverage figures drawn on it.
const PATH = 'planner'

function launch(profile: string) {
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  })
}

async function visit(profile: string, url: string): Promise<Visit> {
  const context = await launch(profile)
  try {
    const page = context.pages()[0] ?? (await context.newPage())
    await page.addInitScript(HOOK_TRAP)
    const session = await context.newCDPSession(page)
    const bytes = await countBytes(session)
    // Requests the page's workers make (PGlite's WASM and the database image are fetched in the
    // database worker) are not on the page's CDP session; Playwright sees them, with the same
    // encoded sizes from the network layer.
    const pending: Promise<number>[] = []
    const seenByCdp = new Set<string>()
    session.on('Network.responseReceived', (e: { response: { url: string } }) => {
      seenByCdp.add(e.response.url)
    })
    page.on('requestfinished', (request) => {
      pending.push(
        request
          .sizes()
          .then((s) =>
            seenByCdp.has(request.url()) ? 0 : s.responseBodySize + s.responseHeadersSize,
          )
          .catch(() => 0),
      )
    })
    await page.goto(new URL(PATH, url).href)
    await page.waitForFunction(
      () => {
        const m = (
          window as unknown as { __benchMarks?: { map: number | null; coverage: number | null } }
        ).__benchMarks
        return m && m.map !== null && m.coverage !== null
      },
      undefined,
      { timeout: TIMEOUT_MS },
    )
    const marks = await page.evaluate(
      () => (window as unknown as { __benchMarks: { map: number; coverage: number } }).__benchMarks,
    )
    // A visit lasts until its database is open, as a user's would: only then is there a store
    // (and the kept early answers) for the repeat visit to open from.
    await page.waitForFunction(
      () => (window as unknown as { __lifecircle?: { isDbOpen?: boolean } }).__lifecircle?.isDbOpen,
      undefined,
      { timeout: TIMEOUT_MS },
    )
    const dbMs = await page.evaluate(() => performance.now())
    await page.waitForTimeout(1000)
    // Let in-flight transfers finish before summing.
    await page.waitForLoadState('networkidle').catch(() => undefined)
    const workerBytes = (await Promise.all(pending)).reduce((a, b) => a + b, 0)
    return {
      mapMs: marks.map,
      coverageMs: marks.coverage,
      dbMs,
      bytes: bytes() + workerBytes,
    }
  } finally {
    await context.close()
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

function summary(name: string, visits: Visit[]): string {
  const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`
  const all = (pick: (v: Visit) => number) => visits.map((v) => fmt(pick(v))).join(', ')
  return [
    `${name}:`,
    `  map with facilities  median ${fmt(median(visits.map((v) => v.mapMs)))}   (${all((v) => v.mapMs)})`,
    `  first coverage       median ${fmt(median(visits.map((v) => v.coverageMs)))}   (${all((v) => v.coverageMs)})`,
    `  database open (by)   median ${fmt(median(visits.map((v) => v.dbMs)))}   (${all((v) => v.dbMs)})`,
    `  transferred          median ${(median(visits.map((v) => v.bytes)) / 1e6).toFixed(2)} MB`,
  ].join('\n')
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      'no-build': { type: 'boolean', default: false },
      // Also the residents' map with ~100,000 facilities (scripts/lib/bench-web-large.ts).
      large: { type: 'boolean', default: false },
      'large-facilities': { type: 'string', default: '100000' },
      // Serve another build (e.g. a copy of an older dist/) instead of building this one.
      dist: { type: 'string' },
    },
  })
  const runs = Number(values.runs)
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs: not a positive integer: ${values.runs}`)
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}`)
  if (!values['no-build'] && !values.dist) {
    const built = spawnSync('npx', ['vite', 'build', '--mode', 'e2e', '--logLevel', 'warn'], {
      cwd: repo,
      stdio: 'inherit',
    })
    if (built.status !== 0) throw new Error('vite build failed')
  }
  const server = await preview({
    configFile: join(repo, 'vite.config.ts'),
    preview: { port: 4180, strictPort: false, host: '127.0.0.1' },
    ...(values.dist ? { build: { outDir: values.dist } } : {}),
    logLevel: 'warn',
  })
  const url = server.resolvedUrls?.local[0]
  if (!url) throw new Error('vite preview did not report a local URL')
  const first: Visit[] = []
  const repeat: Visit[] = []
  let large: LargeFigures | null = null
  try {
    for (let i = 0; i < runs; i++) {
      const profile = mkdtempSync(join(tmpdir(), 'lifecircle-bench-'))
      try {
        first.push(await visit(profile, url))
        repeat.push(await visit(profile, url))
      } finally {
        rmSync(profile, { recursive: true, force: true })
      }
      const f = first.at(-1)!
      const r = repeat.at(-1)!
      console.log(
        `run ${i + 1}/${runs}: first ${f.mapMs.toFixed(0)} / ${f.coverageMs.toFixed(0)} ms, ` +
          `repeat ${r.mapMs.toFixed(0)} / ${r.coverageMs.toFixed(0)} ms (map / coverage)`,
      )
    }
    if (values.large) {
      const total = Number(values['large-facilities'])
      if (!Number.isInteger(total) || total < 1)
        throw new Error(`--large-facilities: not a positive integer: ${values['large-facilities']}`)
      const profile = mkdtempSync(join(tmpdir(), 'lifecircle-bench-large-'))
      const context = await launch(profile)
      try {
        large = await benchLarge(context, url, total)
      } finally {
        await context.close()
        rmSync(profile, { recursive: true, force: true })
      }
    }
  } finally {
    await server.close()
  }
  console.log(`\nlifecircle web, production build, headless Chromium, ${runs} run(s)`)
  console.log(summary('first visit (fresh profile)', first))
  console.log(summary('repeat visit (same profile)', repeat))
  if (large) console.log(formatLarge(large))
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
