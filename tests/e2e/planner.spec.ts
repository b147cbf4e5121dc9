import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pointOnFeature } from '@turf/turf'
import Papa from 'papaparse'
import readXlsxFile from 'read-excel-file/node'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type {
  CommunityFeature,
  CoverageResult,
  FacilityFeature,
} from '../../web/src/core/coverage/types.ts'
import { boundsOfAreas, padBbox } from '../../web/src/core/geo/bbox.ts'
import { communityRowSchema, facilityRowSchema } from '../../web/src/data/row-schemas.ts'
import {
  communityFeature,
  facilityFeature,
} from '../../web/src/features/planner/coverage/coverage-input.ts'
import { coverageTableColumns } from '../../web/src/core/io/export/coverage-table.ts'
import { formatFigure } from '../../web/src/core/io/export/format-figure.ts'
import { launchBrowser, openPage, screenshot, type RecordedPage } from './browser.ts'
import { CoveragePanel } from './pages/coverage-panel.ts'
import { MapPage } from './pages/map-page.ts'
import { PlannerPage } from './pages/planner-page.ts'

const CATEGORIES = ['canteen', 'childcare', 'fitness', 'store']
const communitiesFile = JSON.parse(readFileSync('data/demo/communities.geojson', 'utf8')) as {
  features: Array<GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon, { id: string }>>
}

/**
 * The coverage CLI at the app's default reach (15 min × 4 km/h = 1,000 m) on the data the app
 * shows: the database's communities and facilities (written out as GeoJSON) and the demo city's
 * population blocks.
 */
function cliResult(data: {
  communities: CommunityFeature[]
  facilities: FacilityFeature[]
}): CoverageResult {
  const dir = mkdtempSync(join(tmpdir(), 'planner-cli-'))
  const out = join(dir, 'coverage.json')
  const write = (name: string, features: unknown[]) => {
    writeFileSync(join(dir, name), JSON.stringify({ type: 'FeatureCollection', features }))
    return join(dir, name)
  }
  const communities = write('communities.geojson', data.communities)
  const facilities = write('facilities.geojson', data.facilities)
  execFileSync(
    'npx',
    [
      'tsx',
      'scripts/coverage.ts',
      '--communities',
      communities,
      '--facilities',
      facilities,
      '--population',
      'data/demo/population-blocks.geojson',
      '--reach-m',
      '1000',
      '--out',
      out,
    ],
    { stdio: 'pipe' },
  )
  return JSON.parse(readFileSync(out, 'utf8')) as CoverageResult
}

/** A table export's data rows keyed by column key, found under its header row. */
function tableRows(rows: unknown[][], result: CoverageResult): Array<Record<string, unknown>> {
  const columns = coverageTableColumns(result, 'zh')
  const header = rows.findIndex((r) => r[0] === columns[0]!.label)
  expect(header, 'the column header row').toBeGreaterThan(0)
  expect(rows[header]!.slice(0, columns.length)).toEqual(columns.map((c) => c.label))
  return rows
    .slice(header + 1)
    .filter((r) => r.length > 1 && r[0] !== '' && r[0] !== null)
    .map((r) => Object.fromEntries(columns.map((c, i) => [c.key, r[i]])))
}

/** Every exported figure equals the CLI's, rounded the one way every export rounds. */
function expectSameFigures(rows: Array<Record<string, unknown>>, cli: CoverageResult) {
  const num = (v: unknown) => (v === '' || v === null || v === undefined ? null : Number(v))
  expect(rows.length).toBe(cli.communities.length)
  const byId = new Map(rows.map((r) => [String(r.community_id), r]))
  let compared = 0
  for (const c of cli.communities) {
    const row = byId.get(c.id)
    expect(row, c.id).toBeDefined()
    for (const code of CATEGORIES) {
      const f = c.categories[code]!
      for (const [field, kind] of [
        ['population_share', 'share'],
        ['population_covered', 'people'],
        ['area_share', 'share'],
        ['nearest_m_median', 'metres'],
        ['nearest_m_p90', 'metres'],
        ['capacity_per_1000', 'per_1000'],
      ] as const) {
        const want = formatFigure(kind, f[field])
        const got = num(row![`${code}.${field}`])
        if (want === null) expect(got, `${c.id} ${code}.${field}`).toBeNull()
        // Browser and CLI run the same engine; rounding may differ by one unit in the last place.
        else
          expect(Math.abs(got! - want), `${c.id} ${code}.${field}`).toBeLessThanOrEqual(
            kind === 'share' ? 1.01e-6 : kind === 'per_1000' ? 1.01e-3 : 0.101,
          )
        compared++
      }
    }
  }
  expect(compared).toBe(cli.communities.length * CATEGORIES.length * 6)
}

/** The rows the app shows, read through its own database API (as coverage.spec.ts does). */
async function shownData(recorded: RecordedPage) {
  const rows = await recorded.page.evaluate(async () => {
    const db = window.__lifecircle?.db
    if (!db) throw new Error('window.__lifecircle.db is not set')
    return { communities: await db.rpc<unknown[]>('list_communities') }
  })
  const communities = rows.communities.map((r) => communityRowSchema.parse(r))
  const extent = boundsOfAreas(communities.map((c) => c.boundary))
  if (!extent) throw new Error('no communities')
  const [min_lon, min_lat, max_lon, max_lat] = padBbox(extent, 0.02)
  const facilityRows = await recorded.page.evaluate(
    (args) => window.__lifecircle!.db!.rpc<unknown[]>('facilities_in_bbox', args),
    { min_lon, min_lat, max_lon, max_lat },
  )
  return {
    communities: communities.map(communityFeature),
    facilities: facilityRows.map((r) => facilityFeature(facilityRowSchema.parse(r))),
  }
}

describe('planner: targets, the worst community, a what-if canteen, suggested sites, exports', () => {
  let browser: Browser
  let recorded: RecordedPage
  let planner: PlannerPage
  let baseline: CoverageResult
  let cli: CoverageResult

  beforeAll(async () => {
    browser = await launchBrowser()
    recorded = await openPage(browser, { viewport: { width: 1440, height: 900 } })
    const map = new MapPage(recorded.page)
    planner = new PlannerPage(recorded.page)
    await map.goto(new URL('planner', process.env.PLANNER_BASE_URL ?? inject('baseUrl')).href)
    await map.waitForMapIdle()
    baseline = await new CoveragePanel(recorded.page).waitForCoverage(1000)
    await recorded.page.waitForSelector('[data-testid="planner-table"] tbody tr')
    cli = cliResult(await shownData(recorded))
    // A first start in a fresh profile and the CLI both take a while on a busy machine.
  }, 400_000)

  afterAll(async () => {
    await browser?.close()
  })

  it('sets a target and counts the communities below it, as the table marks them', async () => {
    await planner.setTarget('canteen_full', 95)
    const below = baseline.communities.filter(
      (c) => (formatFigure('share', c.categories.canteen!.population_share) ?? 1) < 0.95,
    )
    expect(below.length).toBeGreaterThan(0)
    await recorded.page.waitForFunction(
      (n) =>
        document.querySelector('[data-testid="summary-below"]')?.getAttribute('data-value') ===
        String(n),
      below.length,
    )
    for (const c of below) expect(await planner.cellText(c.id, 'met')).toContain('✗')
    expect(await planner.summaryShare()).toBe(
      formatFigure('share', baseline.city.categories.canteen!.population_share),
    )
    // Kept for the next visit in this browser.
    const kept = await recorded.page.evaluate(() =>
      localStorage.getItem('lifecircle.planner.targets'),
    )
    expect(JSON.parse(kept!)).toEqual({ canteen_full: { value: 0.95 } })
  })

  it('sorts to the worst community, adds a proposed canteen there and sees the summary move by the table`s figures', async () => {
    await planner.sortBy('canteen.share', 'ascending')
    const [worst] = await planner.rowIds()
    const lowest = [...baseline.communities].sort(
      (a, b) =>
        (a.categories.canteen!.population_share ?? 2) -
        (b.categories.canteen!.population_share ?? 2),
    )[0]!
    expect(worst).toBe(lowest.id)
    const before = (await planner.cell(worst!, 'canteen.share'))!
    const shareBefore = await planner.summaryShare()
    await planner.selectRow(worst!)
    await recorded.page.waitForSelector(
      `[data-testid="community-details"][data-community-id="${worst}"]`,
    )

    const feature = communitiesFile.features.find((f) => f.properties.id === worst)!
    const at = pointOnFeature(feature).geometry.coordinates as [number, number]
    await planner.placeProposed('canteen', at)
    await planner.waitForScenario()
    const after = (await planner.cell(worst!, 'canteen.share'))!
    expect(after).toBeGreaterThan(before)
    // The summary's change is the table's: Σ newly covered, and the district's pp.
    const newly = await planner.summaryNewly()
    expect(newly).toBeGreaterThan(0)
    expect(await planner.columnSum('newly')).toBeCloseTo(newly, 1)
    const shareAfter = await planner.summaryShare()
    expect(shareAfter).toBeGreaterThan(shareBefore)
    expect(await planner.summaryDeltaPp()).toBeCloseTo((shareAfter - shareBefore) * 100, 3)
    const deltaPp = (await planner.cell(worst!, 'delta_pp'))!
    expect(deltaPp).toBeCloseTo((after - before) * 100, 3)
    // The difference layer holds the changed communities.
    const diffIds = await recorded.page.evaluate(async () => {
      const source = window.__lifecircle!.map!.getSource('scenario-diff') as unknown as {
        getData(): Promise<GeoJSON.FeatureCollection>
      }
      return (await source.getData()).features.map((f) => f.properties?.id as string)
    })
    expect(diffIds).toContain(worst)
    await screenshot(recorded.page, 'planner-scenario')
  })

  it('suggests 3 childcare sites in the worker, each with its marginal gain', async () => {
    const gains = await planner.suggest('childcare', 3)
    expect(gains.length).toBe(3)
    for (const g of gains) expect(g).toBeGreaterThan(0)
    // Greedy: each site adds no more than the one before (the engine's gains, ±1 person).
    for (let i = 1; i < gains.length; i++) expect(gains[i]!).toBeLessThanOrEqual(gains[i - 1]! + 1)
    const sites = await planner.download('export-sites')
    const geojson = JSON.parse(sites.bytes.toString('utf8')) as GeoJSON.FeatureCollection
    expect(geojson.features.map((f) => f.properties?.rank)).toEqual([1, 2, 3])
    await screenshot(recorded.page, 'planner-suggested')
  })

  it('exports the baseline table as CSV and XLSX with the CLI`s figures', async () => {
    await recorded.page.locator('[data-testid="scenario-clear"]').click()
    await recorded.page.waitForSelector('[data-testid="summary-diff"]', { state: 'detached' })

    const csv = await planner.download('export-csv')
    expect(csv.name).toMatch(/\.csv$/)
    const text = csv.bytes.toString('utf8')
    expect(text.startsWith('\uFEFF生活圈')).toBe(true)
    expect(text).toContain('示范数据')
    expect(text).toContain('canteen 1000 m')
    const parsed = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: false }).data
    expectSameFigures(tableRows(parsed, baseline), cli)

    const xlsx = await planner.download('export-xlsx')
    const dir = mkdtempSync(join(tmpdir(), 'planner-xlsx-'))
    writeFileSync(join(dir, 'table.xlsx'), xlsx.bytes)
    // This read-excel-file returns every sheet: [{ sheet, data }].
    const sheets = (await readXlsxFile(join(dir, 'table.xlsx'))) as unknown as Array<{
      sheet: string
      data: unknown[][]
    }>
    expect(sheets.map((s) => s.sheet)).toEqual(['覆盖率'])
    const sheet = sheets[0]!.data
    expectSameFigures(tableRows(sheet, baseline), cli)

    const gaps = await planner.download('export-gaps')
    const gapsJson = JSON.parse(gaps.bytes.toString('utf8')) as GeoJSON.FeatureCollection & {
      provenance: { method: string }
    }
    expect(gapsJson.provenance.method).toContain('exact')
    const uncovered = cli.communities.filter((c) => c.categories.canteen!.area_share < 0.999)
    for (const c of uncovered)
      expect(gapsJson.features.some((f) => f.properties?.community_id === c.id)).toBe(true)
  })

  it('throws no page error', () => {
    expect(recorded.errors.filter((e) => !/WebGL|GPU|swiftshader/i.test(e))).toEqual([])
  })
})
