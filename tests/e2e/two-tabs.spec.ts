import { readFileSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser, screenshot } from './browser.ts'

/** The part of the page's test hook these checks use (`window.__lifecircle`). */
interface PageDb {
  rpc<T>(fn: string, args?: Record<string, unknown>): Promise<T>
  auth: { signIn(email: string): Promise<unknown> }
  subscribe(listener: (e: { table: string; kind: string; id: string }) => void): () => void
}
type WithDb = { __lifecircle?: { db: PageDb | null } }

type Row = Record<string, unknown>

// A demo worker and a facility of a community they manage (supabase/seed.sql, data/demo).
const WORKER = 'worker.a@demo.lifecircle'
const demo = JSON.parse(readFileSync('data/demo/facilities.geojson', 'utf8')) as {
  features: {
    properties: { id: string; community_id: string; published: boolean }
    geometry: { coordinates: [number, number] }
  }[]
}
const seed = readFileSync('supabase/seed.sql', 'utf8')
const workerId = /\('([0-9a-f-]{36})', 'worker\.a@demo\.lifecircle'\)/.exec(seed)?.[1]
const community = new RegExp(`\\('${workerId}', '([0-9a-f-]{36})'\\)`).exec(seed)?.[1]
const inCommunity = demo.features.filter(
  (f) => f.properties.community_id === community && f.properties.published,
)
const shared = inCommunity[0]!

async function openTab(context: BrowserContext): Promise<Page> {
  const page = await context.newPage()
  await page.goto(inject('baseUrl'))
  await page.waitForFunction(() => !!(window as WithDb).__lifecircle?.db, undefined, {
    timeout: 180_000,
  })
  return page
}

/** Run an API call in a tab; a DbError comes back as `{ error: { code, message } }`. */
async function rpc<T>(
  page: Page,
  fn: string,
  args: Record<string, unknown>,
): Promise<{ ok: T } | { error: { code: string; message: string } }> {
  return page.evaluate(
    async ([f, a]) => {
      const db = (window as WithDb).__lifecircle!.db!
      try {
        return { ok: await db.rpc<T>(f, a) }
      } catch (e) {
        const err = e as { code?: string; message?: string }
        return { error: { code: String(err.code), message: String(err.message) } }
      }
    },
    [fn, args] as const,
  )
}

function ok<T>(result: { ok: T } | { error: { code: string; message: string } }): T {
  if ('error' in result) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.ok
}

describe('two tabs of one browser profile share one database', () => {
  let browser: Browser
  let context: BrowserContext

  beforeAll(async () => {
    expect(community, 'worker A has a community in the seed').toBeTruthy()
    expect(inCommunity.length).toBeGreaterThan(0)
    browser = await launchBrowser()
    context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } })
  })

  afterAll(async () => {
    await browser?.close()
  })

  it(
    'keeps both tabs’ saves and their audit rows, and refuses a stale save',
    { timeout: 600_000 },
    async () => {
      const a = await openTab(context)
      const b = await openTab(context)
      // The session lives in the profile (localStorage): signing in once signs in both tabs.
      await a.evaluate((email) => (window as WithDb).__lifecircle!.db!.auth.signIn(email), WORKER)

      // Tab B reads the shared facility before tab A changes it.
      const [seenByB] = ok(
        await rpc<Row[]>(b, 'get_facility', { facility_id: shared.properties.id }),
      )
      const staleVersion = Number(seenByB!['version'])

      // Tab B hears tab A's writes (BroadcastChannel between the tabs).
      await b.evaluate(() => {
        const w = window as WithDb & { heard?: string[] }
        w.heard = []
        w.__lifecircle!.db!.subscribe((e) => {
          if (e.table === 'facilities' && e.kind === 'insert') w.heard!.push(e.id)
        })
      })

      const [lon, lat] = shared.geometry.coordinates
      const newFacility = (name: string) => ({
        facility: {
          category: 'store',
          name,
          lon,
          lat,
          community_id: community,
          hours: '08:00-20:00',
        },
        reason: `two-tab test: ${name}`,
      })
      // Both tabs write at the same time, each its own new facility.
      const [fromA, fromB] = await Promise.all([
        rpc<Row[]>(a, 'save_facility', newFacility('甲标签页新增便利店')),
        rpc<Row[]>(b, 'save_facility', newFacility('乙标签页新增便利店')),
      ])
      const idA = String(ok(fromA)[0]!['id'])
      const idB = String(ok(fromB)[0]!['id'])
      await b.waitForFunction(
        (id) => ((window as { heard?: string[] }).heard ?? []).includes(id),
        idA,
        { timeout: 30_000 },
      )

      // Tab A renames the shared facility at the version both read.
      const [renamed] = ok(
        await rpc<Row[]>(a, 'save_facility', {
          facility: { id: shared.properties.id, name: '甲标签页改名' },
          expected_version: staleVersion,
          reason: 'two-tab test: rename in A',
        }),
      )
      expect(renamed!['version']).toBe(staleVersion + 1)

      // Tab B saves with the version it loaded before A's save: a conflict, not an overwrite.
      const stale = await rpc<Row[]>(b, 'save_facility', {
        facility: { id: shared.properties.id, name: '乙标签页改名' },
        expected_version: staleVersion,
        reason: 'two-tab test: stale rename in B',
      })
      expect(stale).toMatchObject({ error: { code: 'PT409' } })

      await a.close()
      await b.close()

      // A third tab, opened after both closed, reads what the profile's store kept.
      const c = await openTab(context)
      for (const [id, name] of [
        [idA, '甲标签页新增便利店'],
        [idB, '乙标签页新增便利店'],
      ] as const) {
        const [row] = ok(await rpc<Row[]>(c, 'get_facility', { facility_id: id }))
        expect(row).toMatchObject({ id, name, version: 1 })
        const history = ok(await rpc<Row[]>(c, 'facility_history', { facility_id: id }))
        expect(history).toHaveLength(1)
        expect(JSON.stringify(history[0])).toContain(`two-tab test: ${name}`)
      }
      const [sharedNow] = ok(
        await rpc<Row[]>(c, 'get_facility', { facility_id: shared.properties.id }),
      )
      expect(sharedNow).toMatchObject({ name: '甲标签页改名', version: staleVersion + 1 })
      const sharedHistory = ok(
        await rpc<Row[]>(c, 'facility_history', { facility_id: shared.properties.id }),
      )
      const text = JSON.stringify(sharedHistory)
      expect(text).toContain('two-tab test: rename in A')
      expect(text).not.toContain('stale rename in B')
      await screenshot(c, 'two-tabs-third-tab')
      await c.close()
    },
  )
})
