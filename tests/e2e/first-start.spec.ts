import { readFileSync } from 'node:fs'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser, screenshot } from './browser.ts'
import { MapPage } from './pages/map-page.ts'

const demo = JSON.parse(readFileSync('data/demo/facilities.geojson', 'utf8')) as {
  features: { properties: { id: string; published: boolean } }[]
}
// An anonymous visitor sees every published facility of the seed.
const publishedIds = demo.features
  .filter((f) => f.properties.published)
  .map((f) => f.properties.id)
  .sort()

const IMAGE = '**/lifecircle-db*.tgz'
const OPEN_TIMEOUT = 240_000

/**
 * Opens the app and closes the tab as soon as the startup screen shows a step matching
 * `step` (words from the message files), i.e. in the middle of the first start.
 */
async function interruptAt(context: BrowserContext, step: RegExp): Promise<string> {
  const page = await context.newPage()
  await page.goto(inject('baseUrl'))
  const shown = page.locator('[data-testid="startup-step"]', { hasText: step })
  await shown.waitFor({ timeout: OPEN_TIMEOUT })
  const text = (await shown.textContent()) ?? ''
  await page.close()
  return text
}

/**
 * Opens the app to the map, waits for the database itself to be open (the map may be drawn
 * from early answers before), and returns the facility ids on the map and those the database
 * gives an anonymous caller.
 */
async function openToMap(
  context: BrowserContext,
  shot: string,
): Promise<{ map: string[]; db: string[] }> {
  const page = await context.newPage()
  const map = new MapPage(page)
  await map.goto(inject('baseUrl'))
  await map.waitForMapIdle(OPEN_TIMEOUT)
  await page.waitForFunction(() => window.__lifecircle?.isDbOpen === true, undefined, {
    timeout: OPEN_TIMEOUT,
  })
  const db = await page.evaluate(async () => {
    const rows = (await window.__lifecircle!.db!.rpc('facilities_in_bbox', {
      min_lon: -180,
      min_lat: -90,
      max_lon: 180,
      max_lat: 90,
    })) as { id: string }[]
    return rows.map((r) => r.id).sort()
  })
  const ids = (await map.facilitySourceFeatures()).map((f) => f.properties.id).sort()
  await screenshot(page, shot)
  await page.close()
  return { map: ids, db }
}

const wholeCity = { map: publishedIds, db: publishedIds }

describe('an interrupted first start is redone, never left half-applied', () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
  })

  it(
    'from the database image: closed while it loads, the next visit has the whole city',
    { timeout: 900_000 },
    async () => {
      const context = await browser.newContext({ locale: 'zh-CN' })
      // A slow connection, so the download is long enough to be interrupted on purpose: the
      // app opens its database only after the map is drawn, when a local download is instant.
      await context.route(IMAGE, async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 3000))
        await route.continue()
      })
      expect(await interruptAt(context, /下载示范城市的数据库/)).toContain('下载')
      await context.unroute(IMAGE)
      expect(await interruptAt(context, /打开数据库/)).toContain('打开数据库')
      expect(await openToMap(context, 'first-start-image')).toEqual(wholeCity)
      // And again, from the store this time.
      expect(await openToMap(context, 'first-start-image-reopened')).toEqual(wholeCity)
      await context.close()
    },
  )

  it(
    'without the image (SQL in the browser): closed in the middle, the next visit redoes it',
    { timeout: 900_000 },
    async () => {
      const context = await browser.newContext({ locale: 'zh-CN' })
      // The image cannot be fetched: the app builds the database from the bundled SQL.
      await context.route(IMAGE, (route) => route.fulfill({ status: 404, body: '' }))
      // Close while the migrations run (after some files, before the seed's end).
      expect(await interruptAt(context, /建立数据表和查询功能/)).toMatch(/步骤 \d+\/\d+/)
      expect(await openToMap(context, 'first-start-sql')).toEqual(wholeCity)
      // With the image reachable again the existing store is opened, not replaced.
      await context.unroute(IMAGE)
      expect(await openToMap(context, 'first-start-sql-reopened')).toEqual(wholeCity)
      await context.close()
    },
  )
})
