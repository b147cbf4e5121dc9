import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { externalRequests, launchBrowser, openPage, screenshot } from './browser.ts'
import type { RecordedPage } from './browser.ts'
import { MapPage } from './pages/map-page.ts'

/**
 * The shell holds still: at every size, in both languages and in elder mode, the document is
 * never taller than the window (the page never scrolls away from the header), a facility
 * clicked on the map opens its card in view, the workspaces are reachable from the header and
 * a shared link opens the same view.
 */
describe('shell: three workspaces in a fixed frame', () => {
  let browser: Browser
  let recorded: RecordedPage
  let map: MapPage
  let base: string

  beforeAll(async () => {
    base = inject('baseUrl')
    browser = await launchBrowser()
    recorded = await openPage(browser, { viewport: { width: 1440, height: 900 } })
    map = new MapPage(recorded.page)
    await map.goto(base)
    await map.waitForMapIdle()
  })

  afterAll(async () => {
    await browser?.close()
  })

  const documentFits = () =>
    recorded.page.evaluate(() => ({
      doc: document.documentElement.scrollHeight,
      body: document.body.scrollHeight,
      win: window.innerHeight,
      scrollY: window.scrollY,
    }))

  const sizes = [
    { width: 1440, height: 900 },
    { width: 375, height: 667 },
  ]
  const workspaces = ['', 'planner', 'editor']

  it('never grows the document taller than the window, anywhere', async () => {
    const page = recorded.page
    for (const elder of [false, true]) {
      await map.setElderMode(elder)
      for (const lang of ['zh-CN', 'en'] as const) {
        await map.switchLanguage(lang)
        for (const size of sizes) {
          await page.setViewportSize(size)
          for (const path of workspaces) {
            await page.click(`[data-testid="nav-${path || 'resident'}"]`)
            await page.waitForFunction((p) => location.pathname === `/${p}`, path)
            const m = await documentFits()
            expect(
              m.doc,
              `${lang} ${elder ? 'elder' : ''} ${size.width} /${path}`,
            ).toBeLessThanOrEqual(m.win)
            expect(m.body).toBeLessThanOrEqual(m.win)
            await screenshot(
              page,
              `shell-${path || 'resident'}-${lang}-${size.width}${elder ? '-elder' : ''}`,
            )
          }
        }
      }
    }
    await map.setElderMode(false)
    await map.switchLanguage('zh-CN')
    await page.setViewportSize(sizes[0]!)
  })

  it('opens a clicked facility’s card in view, and the link carries it', async () => {
    const page = recorded.page
    await page.click('[data-testid="nav-resident"]')
    await map.waitForMapIdle()
    // The workspace's map is a new one: wait until it holds the facilities again.
    await expect
      .poll(async () => (await map.facilitySourceFeatures()).length, { timeout: 60_000 })
      .toBeGreaterThan(0)
    // Zoom in on one facility so the click lands on its own dot, not a cluster.
    const target = await page.evaluate(async () => {
      const m = window.__lifecircle!.map!
      const source = m.getSource('facilities') as unknown as {
        getData(): Promise<GeoJSON.FeatureCollection>
      }
      const data = await source.getData()
      const f = data.features.find((x) => (x.properties as { status: string }).status === 'open')!
      const c = (f.geometry as GeoJSON.Point).coordinates as [number, number]
      m.jumpTo({ center: c, zoom: 17 })
      return { id: (f.properties as { id: string }).id, c }
    })
    await map.waitForMapIdle()
    const point = await page.evaluate((c) => {
      const p = window.__lifecircle!.map!.project(c)
      const r = window.__lifecircle!.map!.getCanvas().getBoundingClientRect()
      return { x: r.left + p.x, y: r.top + p.y }
    }, target.c)
    await page.mouse.click(point.x, point.y)
    const card = page.locator(`[data-testid="facility-details"][data-facility-id="${target.id}"]`)
    await card.waitFor({ state: 'visible' })
    const inView = await card.evaluate((el) => {
      const r = el.getBoundingClientRect()
      const panel = document.getElementById('side-panel')!.getBoundingClientRect()
      return r.top >= panel.top - 1 && r.top < panel.bottom
    })
    expect(inView).toBe(true)
    await page.waitForFunction((id) => location.search.includes(`f=${id}`), target.id)
    await screenshot(page, 'shell-facility-card')

    // The same link in a new page opens the same card.
    const url = page.url()
    const other = await recorded.context.newPage()
    await other.goto(url)
    await other
      .locator(`[data-testid="facility-details"][data-facility-id="${target.id}"]`)
      .waitFor({ state: 'visible', timeout: 90_000 })
    await other.close()
  })

  it('makes no request outside localhost and throws no page error', () => {
    expect(externalRequests(recorded.requests)).toEqual([])
    expect(recorded.errors).toEqual([])
  })
})
