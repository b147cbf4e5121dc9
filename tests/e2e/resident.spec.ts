import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import AxeBuilder from '@axe-core/playwright'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { externalRequests, launchBrowser, screenshot } from './browser.ts'
import { MapPage } from './pages/map-page.ts'
import { ResidentPage } from './pages/resident-page.ts'

interface DemoFacility {
  properties: {
    id: string
    name: string
    category: string
    status: string
    published: boolean
  }
  geometry: { coordinates: [number, number] }
}
const demo = JSON.parse(readFileSync('data/demo/facilities.geojson', 'utf8')) as {
  features: DemoFacility[]
}

// Great-circle distance on the project's sphere, written here independently of the app.
const R = 6_371_008.8
function haversine([lon1, lat1]: [number, number], [lon2, lat2]: [number, number]): number {
  const rad = Math.PI / 180
  const dLat = (lat2 - lat1) * rad
  const dLon = (lon2 - lon1) * rad
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)))
}

// A point in the middle of the demo district (the browser's granted position).
const HOME: [number, number] = [121.432, 31.04]

describe('resident: find, read, go, tell — on a phone in elder mode, then in English', () => {
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let map: MapPage
  let resident: ResidentPage
  const requests: string[] = []
  const errors: string[] = []

  beforeAll(async () => {
    browser = await launchBrowser()
    context = await browser.newContext({
      viewport: { width: 375, height: 667 },
      locale: 'zh-CN',
      geolocation: { longitude: HOME[0], latitude: HOME[1] },
      permissions: ['geolocation'],
    })
    page = await context.newPage()
    page.on('request', (r) => requests.push(r.url()))
    page.on('pageerror', (e) => errors.push(String(e)))
    map = new MapPage(page)
    resident = new ResidentPage(page)
    await map.goto(inject('baseUrl'))
    await map.waitForMapIdle()
    await map.setElderMode(true)
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('searches a canteen (Traditional input) and opens its card with the keyboard', async () => {
    const names = await resident.search('長者食堂')
    expect(names.length).toBeGreaterThan(0)
    for (const n of names) expect(n).toContain('长者食堂')
    await resident.pickFirstResultWithKeyboard()
    await resident.card().waitFor()
    expect(await resident.card().locator('h2').innerText()).toBe(names[0])
    await expect.poll(() => page.url()).toContain('f=')
    await screenshot(page, 'resident-1-search-card-zh-elder-phone')
  })

  it('lists the nearest open canteens at the granted position, sorted, as measured here', async () => {
    await resident.nearMe()
    const rows = await resident.nearest('canteen')
    const expected = demo.features
      .filter(
        (f) =>
          f.properties.category === 'canteen' &&
          f.properties.status === 'open' &&
          f.properties.published,
      )
      .map((f) => ({ id: f.properties.id, distance: haversine(HOME, f.geometry.coordinates) }))
      .sort((a, b) => a.distance - b.distance)
      .slice(0, rows.length)
    expect(rows.map((r) => r.id)).toEqual(expected.map((e) => e.id))
    for (const [i, r] of rows.entries())
      expect(Math.abs(r.distance - expected[i]!.distance)).toBeLessThan(0.5)
    for (let i = 1; i < rows.length; i++)
      expect(rows[i]!.distance).toBeGreaterThanOrEqual(rows[i - 1]!.distance)
    await screenshot(page, 'resident-2-near-me-zh-elder-phone')
  })

  it('answers "what is near this home" as the near CLI does', async () => {
    const card = await resident.nearHome()
    const cli = JSON.parse(
      execFileSync(
        'npx',
        ['tsx', 'scripts/near.ts', '--lon', String(HOME[0]), '--lat', String(HOME[1])],
        {
          encoding: 'utf8',
        },
      ),
    ) as {
      categories: Record<
        string,
        { within_reach: boolean; nearest: { id: string } | null; in_gap: boolean | null }
      >
    }
    expect(card.length).toBe(Object.keys(cli.categories).length)
    for (const row of card) {
      const line = cli.categories[row.category]!
      expect(row.within, row.category).toBe(line.within_reach)
      expect(row.nearestId, row.category).toBe(line.nearest?.id ?? '')
      expect(row.inGap, row.category).toBe(String(line.in_gap))
    }
  })

  it('takes a rating without an account and stores it', async () => {
    const first = (await resident.nearest('canteen'))[0]!
    await page
      .locator(`[data-testid="nearest-canteen"] li[data-facility-id="${first.id}"] button`)
      .click()
    await resident.card().waitFor()
    await resident.rate(4, '饭菜可口 <script>alert(1)</script>')
    await page.locator('[data-testid="feedback-thanks"]').waitFor()
    await screenshot(page, 'resident-3-feedback-zh-elder-phone')
    const stored = await page.evaluate(async (facilityId) => {
      const db = window.__lifecircle!.db!
      await db.auth.signIn('planner@demo.lifecircle')
      const rows = await db.rpc<{ facility_id: string; rating: number; comment: string }[]>(
        'list_feedback',
        {},
      )
      await db.auth.signOut()
      return rows.filter((r) => r.facility_id === facilityId)
    }, first.id)
    expect(stored.some((r) => r.rating === 4 && r.comment.includes('<script>'))).toBe(true)
  })

  it('is throttled by the database on the next burst, and says so', async () => {
    const facilityId = await resident.card().getAttribute('data-facility-id')
    const outcome = await page.evaluate(async (id) => {
      const db = window.__lifecircle!.db!
      const token = localStorage.getItem('lifecircle.feedbackToken')
      const codes: string[] = []
      for (let i = 0; i < 8; i++) {
        try {
          await db.rpc('submit_feedback', {
            facility_id: id,
            kind: 'rating',
            rating: 3,
            client_token: token,
          })
          codes.push('ok')
        } catch (error) {
          codes.push((error as { code?: string }).code ?? 'error')
        }
      }
      return codes
    }, facilityId)
    expect(outcome).toContain('PT429')
    expect(outcome.filter((c) => c !== 'ok' && c !== 'PT429')).toEqual([])
    // The form now shows the throttling in words.
    await page.reload()
    await map.waitForMapIdle()
    await resident.card().waitFor()
    await resident.rate(2, '')
    const error = page.locator('[data-testid="feedback-error"]')
    await error.waitFor()
    expect(await error.getAttribute('data-throttled')).toBe('true')
  })

  it('opens a shared link on the same view: point, facility and card', async () => {
    const url = page.url()
    expect(url).toContain('at=')
    const other = await context.newPage()
    await other.goto(url)
    await other.waitForFunction(() => window.__lifecircle?.isReady === true, undefined, {
      timeout: 120_000,
    })
    await other.locator('[data-testid="facility-details"]').waitFor()
    await other.locator('[data-testid="near-home"]').waitFor()
    expect(
      await other.locator('[data-testid="facility-details"]').getAttribute('data-facility-id'),
    ).toBe(await resident.card().getAttribute('data-facility-id'))
    await other.close()
  })

  it('reads the same in English at desktop size', async () => {
    await page.setViewportSize({ width: 1440, height: 900 })
    await map.setElderMode(false)
    await map.switchLanguage('en')
    await expect.poll(() => page.locator('#nearby-title').innerText()).toBe('Near me')
    await screenshot(page, 'resident-4-en-desktop')
  })

  it('has no serious or critical accessibility violation in either mode and size', async () => {
    const found: string[] = []
    for (const elder of [false, true]) {
      await map.setElderMode(elder)
      for (const size of [
        { width: 1440, height: 900 },
        { width: 375, height: 667 },
      ]) {
        await page.setViewportSize(size)
        // MapLibre's canvas is a picture of the data the panel lists in text.
        const result = await new AxeBuilder({ page }).exclude('.maplibregl-canvas').analyze()
        for (const v of result.violations)
          if (v.impact === 'serious' || v.impact === 'critical')
            found.push(
              `${elder ? 'elder' : 'normal'} ${size.width}: ${v.id} (${v.impact}) ${v.nodes.length}× ${v.nodes[0]?.target.join(' ')}`,
            )
      }
    }
    console.log(`axe: ${found.length} serious/critical`, found)
    expect(found).toEqual([])
  })

  it('makes no request outside localhost and throws no page error', () => {
    expect(externalRequests(requests)).toEqual([])
    expect(errors).toEqual([])
  })
})
