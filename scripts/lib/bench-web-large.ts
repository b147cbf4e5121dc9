/**
 * `npm run bench:web -- --large`: the residents' map with about 100,000 facilities in the
 * embedded database, as a real deployment would hold them — imported through the bulk import
 * API by the demo admin (10,000 rows a call, the API's limit), then the page reloaded. Prints:
 * the import time, navigation → the map idle with every facility in its source, the frame time
 * while panning (60 programmatic steps), the search latency from typing into the search box to
 * the results shown, and the number of DOM markers (none: facilities are a clustered source).
 * Numbers only; nothing is asserted about time.
 */
import type { BrowserContext, Page } from 'playwright-core'

interface Hooks {
  __lifecircle?: {
    isDbOpen?: boolean
    isReady?: boolean
    facilityCount?: number
    map: { panBy(offset: [number, number], options: { duration: number }): void } | null
    db: {
      rpc<T>(fn: string, args?: Record<string, unknown>): Promise<T>
      auth: { signIn(email: string): Promise<unknown>; signOut(): Promise<void> }
    } | null
  }
}

const BATCH = 10_000

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN
}

/** Imports `total` generated facilities next to the demo city's own (seeded, the same each run). */
async function importFacilities(page: Page, total: number): Promise<{ added: number; ms: number }> {
  await page.waitForFunction(() => (window as Hooks).__lifecircle?.isDbOpen === true, undefined, {
    timeout: 300_000,
  })
  return page.evaluate(
    async ([total, batch]) => {
      const db = (window as Hooks).__lifecircle!.db!
      await db.auth.signIn('admin@demo.lifecircle')
      const base = await db.rpc<{ lon: number; lat: number; category: string }[]>(
        'facilities_in_bbox',
        { min_lon: -180, min_lat: -90, max_lon: 180, max_lat: 90 },
      )
      // No named functions in here: tsx would wrap them in a helper the page does not have.
      const next = { seed: 7 }
      const started = performance.now()
      let added = 0
      for (let done = 0; done < total; done += batch) {
        const rows = []
        for (let i = done; i < Math.min(total, done + batch); i++) {
          // Within ~40 m of an existing facility: inside a community, like real ones.
          const r: number[] = []
          for (let k = 0; k < 3; k++) {
            next.seed = (next.seed * 1103515245 + 12345) % 2147483648
            r.push(next.seed / 2147483648)
          }
          const near = base[Math.floor(r[0]! * base.length)]!
          rows.push({
            category: near.category,
            name: `生成设施 ${i}`,
            lon: near.lon + (r[1]! - 0.5) * 0.0008,
            lat: near.lat + (r[2]! - 0.5) * 0.0007,
            hours: '08:00-20:00',
          })
        }
        const report = await db.rpc<{ status: string }[]>('import_facilities', {
          rows,
          dry_run: false,
          source: 'bench:web --large',
        })
        added += report.filter((r) => r.status === 'added').length
      }
      await db.auth.signOut()
      return { added, ms: performance.now() - started }
    },
    [total, BATCH] as const,
  )
}

export interface LargeFigures {
  facilities: number
  importMs: number
  idleMapMs: number
  frameMedianMs: number
  frameP95Ms: number
  searchP50Ms: number
  searchP95Ms: number
  markers: number
}

/** Runs the large measurement in a fresh profile of `context`'s browser. */
export async function benchLarge(
  context: BrowserContext,
  baseUrl: string,
  total: number,
): Promise<LargeFigures> {
  const page = context.pages()[0] ?? (await context.newPage())
  await page.goto(baseUrl)
  const imported = await importFacilities(page, total)
  console.log(`large: imported ${imported.added} in ${(imported.ms / 1000).toFixed(1)} s`)

  // A new visit: the map waits for the database (no early answers are kept above 30,000).
  await page.goto('about:blank')
  const started = Date.now()
  await page.goto(baseUrl)
  await page.waitForFunction(
    (n) => {
      const h = (window as Hooks).__lifecircle
      return h?.isReady === true && (h.facilityCount ?? 0) >= n
    },
    imported.added,
    { timeout: 300_000 },
  )
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = (window as Hooks).__lifecircle!.map as unknown as {
          loaded(): boolean
          once(e: string, f: () => void): void
        }
        if (map.loaded()) resolve()
        else map.once('idle', () => resolve())
      }),
  )
  const idleMapMs = Date.now() - started
  console.log(`large: map idle after ${idleMapMs} ms`)
  const facilities = await page.evaluate(() => (window as Hooks).__lifecircle!.facilityCount ?? 0)

  const frames = await page.evaluate(async () => {
    const map = (window as Hooks).__lifecircle!.map!
    const gaps: number[] = []
    let last = performance.now()
    for (let i = 0; i < 60; i++) {
      map.panBy([i % 20 < 10 ? 25 : -25, 8], { duration: 0 })
      await new Promise((r) => requestAnimationFrame(r))
      const now = performance.now()
      gaps.push(now - last)
      last = now
    }
    return gaps
  })

  const input = page.getByTestId('search-input')
  const search: number[] = []
  for (let i = 0; i < 20; i++) {
    const query = `生成设施 ${(i * 4973) % imported.added}`
    await input.fill('')
    const t = Date.now()
    await input.fill(query)
    await page
      .getByTestId('search-result')
      .filter({ hasText: query })
      .first()
      .waitFor({ timeout: 30_000 })
    search.push(Date.now() - t)
  }
  const markers = await page.locator('.maplibregl-marker').count()
  return {
    facilities,
    importMs: imported.ms,
    idleMapMs,
    frameMedianMs: quantile(frames, 0.5),
    frameP95Ms: quantile(frames, 0.95),
    searchP50Ms: quantile(search, 0.5),
    searchP95Ms: quantile(search, 0.95),
    markers,
  }
}

export function formatLarge(f: LargeFigures): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`
  const m = (ms: number) => `${ms.toFixed(0)} ms`
  return [
    `residents' map with ${f.facilities.toLocaleString('en')} facilities (imported in ${s(f.importMs)}):`,
    `  navigation → idle map with all of them   ${s(f.idleMapMs)}`,
    `  frame time while panning                 median ${m(f.frameMedianMs)}, p95 ${m(f.frameP95Ms)}`,
    `  search, typing → results shown           p50 ${m(f.searchP50Ms)}, p95 ${m(f.searchP95Ms)}`,
    `  DOM markers on the map                   ${f.markers}`,
  ].join('\n')
}
