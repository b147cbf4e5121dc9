import { readFileSync } from 'node:fs'
import { area } from '@turf/turf'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { computeCoverage } from '../../web/src/core/coverage/compute-coverage.ts'
import type { CoverageResult } from '../../web/src/core/coverage/types.ts'
import {
  categoryRowSchema,
  communityRowSchema,
  facilityRowSchema,
} from '../../web/src/data/row-schemas.ts'
import {
  coverageInputFromRows,
  populationFeatures,
} from '../../web/src/features/planner/coverage/coverage-input.ts'
import { boundsOfAreas, padBbox } from '../../web/src/core/geo/bbox.ts'
import { launchBrowser, openPage, screenshot, type RecordedPage } from './browser.ts'
import { CoveragePanel } from './pages/coverage-panel.ts'
import { MapPage } from './pages/map-page.ts'

interface DemoMeta {
  under_served: Array<{ community_id: string; name: string; lacks: string[] }>
}
const meta = JSON.parse(readFileSync('data/demo/meta.json', 'utf8')) as DemoMeta
const blocks = populationFeatures(
  JSON.parse(readFileSync('data/demo/population-blocks.geojson', 'utf8')),
)
const reach15 = 1000
const reach5 = (5 * 4000) / 60

/** Every share of a result, keyed community/category/kind, for comparing two results. */
function shares(result: CoverageResult): Map<string, number | null> {
  const out = new Map<string, number | null>()
  for (const c of result.communities) {
    for (const [code, f] of Object.entries(c.categories)) {
      out.set(`${c.id}/${code}/area`, f.area_share)
      out.set(`${c.id}/${code}/population`, f.population_share)
    }
    out.set(`${c.id}/complete`, c.complete_share)
  }
  return out
}

describe('coverage: shares and gaps on the demo city`s map', () => {
  let browser: Browser
  let recorded: RecordedPage
  let map: MapPage
  let panel: CoveragePanel
  let at15: CoverageResult

  beforeAll(async () => {
    browser = await launchBrowser()
    recorded = await openPage(browser, { viewport: { width: 1280, height: 900 } })
    map = new MapPage(recorded.page)
    panel = new CoveragePanel(recorded.page)
    await map.goto(new URL('planner', inject('baseUrl')).href)
    await map.waitForMapIdle()
    at15 = await panel.waitForCoverage(reach15)
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('hands the worker`s shares to the choropleth source, per community', async () => {
    expect(at15.method).toBe('exact')
    expect(at15.settings.population_placement).toBe('population-layer')
    const byId = new Map(at15.communities.map((c) => [c.id, c]))
    // Default: elderly canteens by population share.
    const people = await panel.waitForChoropleth('canteen', 'population')
    expect(people.length).toBe(at15.communities.length)
    for (const f of people)
      expect(f.properties.share).toBe(
        byId.get(f.properties.id)?.categories.canteen?.population_share,
      )

    await panel.selectCategory('childcare')
    await panel.setMetric('area')
    const areas = await panel.waitForChoropleth('childcare', 'area')
    for (const f of areas)
      expect(f.properties.share).toBe(byId.get(f.properties.id)?.categories.childcare?.area_share)

    await panel.selectCategory('complete')
    const complete = await panel.waitForChoropleth('complete', 'population')
    for (const f of complete)
      expect(f.properties.share).toBe(byId.get(f.properties.id)?.complete_share)
    await panel.selectCategory('canteen')
    await panel.setMetric('population')
    await panel.waitForChoropleth('canteen', 'population')
  })

  it('shows the city figures against the policy targets, and the people placement', async () => {
    const { page } = recorded
    const pct = new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 })
    for (const code of ['canteen', 'childcare', 'fitness', 'store']) {
      const cells = page.locator(`[data-testid="coverage-city"] tr[data-category="${code}"] td`)
      const share = at15.city.categories[code]?.population_share
      expect(await cells.nth(1).innerText()).toBe(share == null ? '–' : pct.format(share))
    }
    const canteen = at15.city.categories.canteen!.population_share!
    const target = page.locator('[data-target="canteen_full"]')
    expect(await target.getAttribute('class')).toBe(canteen >= 1 ? 'met' : 'unmet')
    expect(await target.innerText()).toContain('天津')
    expect(await target.innerText()).toContain('近似')
    expect(await page.locator('.coverage-controls').innerText()).toContain('小区')
  })

  it('computes in the worker what computeCoverage gives in Node on the same database rows', async () => {
    const rows = await recorded.page.evaluate(async () => {
      const db = window.__lifecircle?.db
      if (!db) throw new Error('window.__lifecircle.db is not set')
      return {
        categories: await db.rpc<unknown[]>('list_categories'),
        communities: await db.rpc<unknown[]>('list_communities'),
      }
    })
    const categories = rows.categories.map((r) => categoryRowSchema.parse(r))
    const communities = rows.communities.map((r) => communityRowSchema.parse(r))
    // The map's own facility query: the communities' extent plus ~2 km (map-page.tsx).
    const extent = boundsOfAreas(communities.map((c) => c.boundary))
    if (!extent) throw new Error('no communities')
    const [min_lon, min_lat, max_lon, max_lat] = padBbox(extent, 0.02)
    const facilityRows = await recorded.page.evaluate(
      (args) => window.__lifecircle!.db!.rpc<unknown[]>('facilities_in_bbox', args),
      { min_lon, min_lat, max_lon, max_lat },
    )
    const facilities = facilityRows.map((r) => facilityRowSchema.parse(r))
    const onMap = (await map.facilitySourceFeatures()).map((f) => f.properties.id).sort()
    expect(facilities.map((f) => f.id).sort()).toEqual(onMap)

    const node = computeCoverage(
      coverageInputFromRows({
        categories,
        communities,
        facilities,
        population: blocks,
        minutes: 15,
        speedKmh: 4,
      }),
    )
    const inBrowser = shares(at15)
    const inNode = shares(node)
    expect([...inBrowser.keys()].sort()).toEqual([...inNode.keys()].sort())
    for (const [key, value] of inNode) {
      const other = inBrowser.get(key)
      if (value === null) expect(other, key).toBeNull()
      else expect(other, key).toBeCloseTo(value, 12)
    }
    for (const [code, city] of Object.entries(node.city.categories))
      expect(at15.city.categories[code]?.population_share).toBeCloseTo(
        city.population_share ?? NaN,
        12,
      )
  })

  it('finds the under-served communities short of canteens / childcare, all shares in [0, 1]', () => {
    const byId = new Map(at15.communities.map((c) => [c.id, c]))
    const checked = meta.under_served.flatMap(({ community_id, lacks }) =>
      lacks
        .filter((k) => k === 'canteen' || k === 'childcare')
        .map((k) => byId.get(community_id)?.categories[k]?.area_share),
    )
    expect(checked.length).toBeGreaterThan(0)
    for (const share of checked) expect(share).toBeLessThan(1)
    for (const value of shares(at15).values()) {
      if (value === null) continue
      expect(value).toBeGreaterThanOrEqual(0)
      expect(value).toBeLessThanOrEqual(1)
    }
  })

  it('re-asks the worker as the minutes slider moves: latest wins, shares drop at 5 minutes', async () => {
    // Ten steps in a row, as a drag makes: superseded requests must not surface as errors.
    await panel.setMinutes(5)
    const at5 = await panel.waitForCoverage(reach5)
    expect(await panel.statusText()).toMatch(/用时 [\d,]+ 毫秒/)
    expect(await recorded.page.locator('.coverage-controls [role="alert"]').count()).toBe(0)

    const before = shares(at15)
    let drops = 0
    for (const [key, value] of shares(at5)) {
      const was = before.get(key)
      if (value === null || was === null || was === undefined) continue
      expect(value, key).toBeLessThanOrEqual(was + 1e-12)
      if (value < was - 1e-9) drops++
    }
    expect(drops).toBeGreaterThan(at15.communities.length)
    const features = await panel.waitForChoropleth('canteen', 'population')
    const byId = new Map(at5.communities.map((c) => [c.id, c]))
    for (const f of features)
      expect(f.properties.share).toBe(
        byId.get(f.properties.id)?.categories.canteen?.population_share,
      )

    await panel.setMinutes(15)
    await panel.waitForCoverage(reach15)
  })

  it('outlines the gap of a selected under-served community', async () => {
    const target = meta.under_served.find((u) => u.lacks.includes('canteen'))
    if (!target) throw new Error('meta.json lists no community lacking a canteen')
    await panel.selectCategory('canteen')
    await panel.selectCommunity(target.community_id)
    const gap = await panel.waitForGap(target.community_id, 'canteen')
    expect(gap.geometry.type).toBe('MultiPolygon')
    expect(gap.geometry.coordinates.length).toBeGreaterThan(0)
    expect(gap.properties.reach_m).toBeCloseTo(reach15, 6)
    const measured = area(gap.geometry)
    expect(measured).toBeGreaterThan(0)
    expect(gap.properties.gap_area_m2).toBeCloseTo(measured, -1)
    // The drawn gap (64-step circles) agrees with the exact figure within 2% of the community.
    const c = at15.communities.find((x) => x.id === target.community_id)!
    const exactGap = (1 - c.categories.canteen!.area_share) * c.area_m2
    expect(Math.abs(measured - exactGap)).toBeLessThan(0.02 * c.area_m2)

    const details = recorded.page.locator('[data-testid="community-coverage"]')
    const canteenCells = details.locator('td[data-category="canteen"]')
    expect(await canteenCells.count()).toBe(7)
    expect(await details.locator('thead th[data-category]').count()).toBe(
      Object.keys(c.categories).length,
    )
    expect(await details.innerText()).toContain('老人')
    await recorded.page.locator('[data-testid="community-details"]').scrollIntoViewIfNeeded()
    await map.waitForMapIdle()
    await screenshot(recorded.page, 'coverage')
  })

  it('throws no page error and makes no request outside localhost', () => {
    expect(recorded.errors.filter((e) => !/WebGL|GPU|swiftshader/i.test(e))).toEqual([])
    expect(recorded.errors.filter((e) => /AbortError|Superseded/i.test(e))).toEqual([])
  })
})
