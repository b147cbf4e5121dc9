import { readFileSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { externalRequests, launchBrowser, openPage, screenshot } from './browser.ts'
import type { RecordedPage } from './browser.ts'
import { MapPage } from './pages/map-page.ts'

interface DemoFacility {
  properties: { id: string; category: string; published: boolean }
}

const demo = JSON.parse(readFileSync('data/demo/facilities.geojson', 'utf8')) as {
  features: DemoFacility[]
}
// An anonymous visitor sees every published facility of the demo city (RLS hides the rest).
const publishedIds = demo.features
  .filter((f) => f.properties.published)
  .map((f) => f.properties.id)
  .sort()

describe('smoke: the demo city on a fresh browser profile', () => {
  let browser: Browser
  let recorded: RecordedPage
  let map: MapPage

  beforeAll(async () => {
    browser = await launchBrowser()
    recorded = await openPage(browser)
    map = new MapPage(recorded.page)
    await map.goto(inject('baseUrl'))
    await map.waitForMapIdle()
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('hands every published demo facility to the map source', async () => {
    const features = await map.facilitySourceFeatures()
    const ids = features.map((f) => f.properties.id).sort()
    expect(ids.length).toBeGreaterThan(400)
    expect(ids).toEqual(publishedIds)
    const categories = new Set(features.map((f) => f.properties.category))
    expect([...categories].sort()).toEqual(['canteen', 'childcare', 'fitness', 'store'])
  })

  it('speaks Chinese by default and labels the demo data', async () => {
    const { page } = recorded
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN')
    const body = await page.locator('body').innerText()
    expect(body).toContain('生活圈')
    expect(body).toContain('便利店')
    expect(body).toContain('托育')
    expect(await map.demoBadgeText()).toContain('示范数据')
    await screenshot(page, 'smoke-zh')
  })

  it('switches to English', async () => {
    const { page } = recorded
    await map.switchLanguage('en')
    const body = await page.locator('body').innerText()
    expect(body).toMatch(/convenience store/i)
    expect(body).toMatch(/childcare/i)
    expect(body).not.toContain('便利店')
    await screenshot(page, 'smoke-en')
    await map.switchLanguage('zh-CN')
    expect(await page.locator('body').innerText()).toContain('便利店')
  })

  it('hides a category when its legend box is unticked', async () => {
    expect(await map.toggleCategory('store')).toBe(false)
    expect(JSON.stringify(await map.pointLayerFilter())).not.toContain('"store"')
    expect(await map.toggleCategory('store')).toBe(true)
    expect(JSON.stringify(await map.pointLayerFilter())).toContain('"store"')
  })

  it('makes no request outside localhost and throws no page error', () => {
    expect(recorded.requests.length).toBeGreaterThan(5)
    expect(externalRequests(recorded.requests)).toEqual([])
    expect(recorded.errors.filter((e) => !/WebGL|GPU|swiftshader/i.test(e))).toEqual([])
  })
})
