/**
 * The community worker's journey at /editor on the embedded database: demo sign-in, edit and
 * save with the history, a point in another community refused next to the position, another
 * community's facility refused, a conflict from a second tab merged field by field, a draft
 * surviving a reload, a GBK CSV import with row errors, and a resident's report triaged.
 *
 * A second tab of the same browser profile stands in for the colleague: the embedded database
 * is one per profile (a second browser context would be a second, separate database).
 */
import { readFileSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser, openPage, screenshot } from './browser.ts'
import type { RecordedPage } from './browser.ts'
import { EditorPage } from './pages/editor-page.ts'

// Demo city ids (data/demo): worker A manages 吉祥社区 and 运河社区; 星河社区 is worker B's.
const CANTEEN_A = '6f0ffb7e-b94c-4804-9a38-3f7846adf95c' // 运河社区助餐点
const CHILDCARE_A = '2842f5bf-0037-40bc-87d7-55bfcc10a534' // 运河社区宝宝屋
const FITNESS_A = '68f6def0-6c8b-4ee5-94e2-458e98ca7099' // 吉祥社区健身点
const GYM_A = '6826a814-d9c6-4044-8a60-df4a5d0a0ab7' // 吉祥社区百姓健身房
const STORE_A = '847017f5-1c4f-4f7b-a946-4dcfcc178ae0' // 定海街便民便利店
const CANTEEN_B = '92d6e8b2-dbac-41d9-8cf4-603715f49d7a' // 星河社区长者食堂
const WORKER_A = 'worker.a@demo.lifecircle'

// The first start builds the embedded database in the page; on a busy machine that is minutes.
const START_MS = 420_000
// One journey, on the same loaded machine (a second tab starts its own view of the database).
const STEP_MS = 360_000

interface Row {
  [key: string]: unknown
}

describe('editor: a community worker keeps the records right', () => {
  let browser: Browser
  let recorded: RecordedPage
  let ed: EditorPage
  let base: string

  beforeAll(async () => {
    base = inject('baseUrl')
    browser = await launchBrowser()
    recorded = await openPage(browser, { viewport: { width: 1440, height: 900 } })
    ed = new EditorPage(recorded.page)
    await recorded.page.goto(new URL('editor', base).toString())
    await ed.map.waitForMapIdle(START_MS)
  }, START_MS + 30_000)

  afterAll(async () => {
    await browser?.close()
  })

  const facility = async (id: string): Promise<Row> =>
    (await ed.rpc<Row[]>('get_facility', { facility_id: id }))[0]!

  it(
    'signs in with the demo card and lists only the worker’s communities',
    async () => {
      const { page } = recorded
      await page.waitForSelector('[data-testid="editor-signin"]')
      expect(await page.locator('[data-testid="editor-signin"]').innerText()).toContain('示范登录')
      await screenshot(page, 'editor-01-demo-sign-in')
      await ed.demoSignIn(WORKER_A)
      const communities = await page.locator('[data-testid="editor-communities"]').innerText()
      expect(communities).toContain('吉祥社区')
      expect(communities).toContain('运河社区')
      expect(await page.locator(`[data-testid="open-${CANTEEN_A}"]`).count()).toBe(1)
      expect(await page.locator(`[data-testid="open-${CANTEEN_B}"]`).count()).toBe(0)
      await screenshot(page, 'editor-02-list')
    },
    STEP_MS,
  )

  it(
    'names the field in its message, saves an edit and shows it in the history',
    async () => {
      const { page } = recorded
      await ed.showList()
      await ed.openFacility(CANTEEN_A)
      await ed.fill('phone', '电话号码')
      await ed.save()
      const phoneError = page.locator('[data-testid="error-f-phone-error"]')
      await phoneError.waitFor()
      expect(await phoneError.innerText()).toContain('电话')
      await ed.fill('phone', '021-5244 0000')
      await ed.fill('reason', '电话回访核实')
      await ed.save()
      await ed.waitSaved()
      await ed.waitHistory(2)
      const latest = await ed.latestHistory()
      expect(latest).toContain('社区工作者甲')
      expect(latest).toContain('021-52442972')
      expect(latest).toContain('021-5244 0000')
      expect(latest).toContain('电话回访核实')
      expect((await facility(CANTEEN_A))['phone']).toBe('021-5244 0000')
      await screenshot(page, 'editor-03-saved-with-history')
      // Reverting is itself a change.
      const before = (await facility(CANTEEN_A))['version'] as number
      await page
        .locator('[data-testid="history-list"] > li button[data-testid^="revert-"]')
        .first()
        .click()
      await page.click('[data-testid="revert-confirm"]')
      await ed.waitHistory(3)
      const reverted = await facility(CANTEEN_A)
      expect(reverted['phone']).toBe('021-52442972')
      expect(reverted['version']).toBe(before + 1)
      expect(await ed.latestHistory()).toMatch(/revert of change \d+/)
    },
    STEP_MS,
  )

  it(
    'refuses a point in another community, next to the position',
    async () => {
      const { page } = recorded
      await ed.showList()
      await ed.openFacility(FITNESS_A)
      await ed.fill('lon', '121.4360')
      await ed.fill('lat', '31.0560')
      await ed.save()
      const message = await ed.positionError()
      expect(message).toContain('不负责')
      expect(message).toContain('星河社区')
      expect((await facility(FITNESS_A))['lon']).toBe(121.424644)
      await screenshot(page, 'editor-04-position-refused')
    },
    STEP_MS,
  )

  it(
    'refuses an edit of another community’s facility',
    async () => {
      const { page } = recorded
      await ed.showList()
      await ed.goto(base, `?f=${CANTEEN_B}`)
      await page.waitForSelector('[data-testid="not-your-community"]')
      expect(await page.locator('[data-testid="not-your-community"]').innerText()).toContain(
        '星河社区',
      )
      await ed.fill('phone', '021-5654 0000')
      await ed.save()
      const error = page.locator('[data-testid="save-error"]')
      await error.waitFor()
      expect(await error.innerText()).toContain('无权')
      expect((await facility(CANTEEN_B))['phone']).toBe('021-56541079')
      await screenshot(page, 'editor-05-other-community-refused')
    },
    STEP_MS,
  )

  it(
    'shows a colleague’s save field by field with who made it, and merges',
    async () => {
      const { page } = recorded
      await ed.showList()
      await ed.openFacility(CHILDCARE_A)
      await ed.fill('phone', '021-6894 0001')
      await ed.fill('capacity', '30')
      // The colleague: another tab of this profile, acting as the administrator.
      const other = await recorded.context.newPage()
      const colleague = new EditorPage(other)
      await colleague.goto(base)
      await colleague.signInAs('admin@demo.lifecircle')
      const current = (await colleague.rpc<Row[]>('get_facility', { facility_id: CHILDCARE_A }))[0]!
      await colleague.rpc('save_facility', {
        facility: { id: CHILDCARE_A, phone: '021-6894 9999', address: '运河路1号' },
        expected_version: current['version'],
        reason: '管理员更正',
      })
      await colleague.signInAs(WORKER_A)

      await ed.save()
      const rows = await ed.conflictRows()
      expect(rows.map((r) => [r.field, r.kind])).toEqual([
        ['address', 'theirs'],
        ['capacity', 'mine'],
        ['phone', 'conflict'],
      ])
      expect(rows.find((r) => r.field === 'phone')!.text).toContain('管理员')
      await screenshot(page, 'editor-06-conflict')
      await ed.choose('phone', 'theirs')
      await ed.saveMerge()
      await ed.waitSaved()
      const merged = await facility(CHILDCARE_A)
      expect([merged['phone'], merged['capacity'], merged['address']]).toEqual([
        '021-6894 9999',
        30,
        '运河路1号',
      ])
      // The second tab stays open until the browser closes: closing one tab of the profile
      // hands the database over to another (PGlite's leader election), not part of this journey.
    },
    STEP_MS,
  )

  it(
    'keeps what was typed across a reload and clears it once saved',
    async () => {
      const { page } = recorded
      await ed.showList()
      await ed.openFacility(GYM_A)
      await ed.fill('operator', '示范健身管理站')
      await page.waitForFunction(() =>
        Object.keys(localStorage).some((k) => k.startsWith('lifecircle.editor.draft.')),
      )
      await page.reload()
      await ed.map.waitForMapIdle(START_MS)
      await page.waitForSelector('[data-testid="draft-restored"]')
      expect(await ed.value('operator')).toBe('示范健身管理站')
      await ed.save()
      await ed.waitSaved()
      expect((await facility(GYM_A))['operator']).toBe('示范健身管理站')
      await page.reload()
      await ed.map.waitForMapIdle(START_MS)
      await page.waitForSelector('[data-testid="facility-editor"]')
      expect(await page.locator('[data-testid="draft-restored"]').count()).toBe(0)
    },
    STEP_MS,
  )

  it(
    'imports a GBK CSV: row errors, preview, dry run, then one commit',
    async () => {
      const { page } = recorded
      await ed.showList()
      await ed.openTab('import')
      await ed.importFile(
        'workers-gbk.csv',
        'text/csv',
        readFileSync('tests/fixtures/editor/workers-gbk.csv'),
      )
      expect(await page.locator('[data-testid="import-mapping"]').innerText()).toContain('名称')
      const issues = await ed.importIssues()
      const byRow = (row: number) => issues.filter((i) => i.row === String(row))
      expect(byRow(4).map((i) => i.severity)).toContain('rejected') // no name
      expect(byRow(5).map((i) => i.severity)).toContain('rejected') // lon "abc"
      expect(byRow(6).map((i) => i.severity)).toContain('skipped') // no coordinates
      expect(byRow(8).map((i) => i.severity)).toContain('skipped') // repeats row 2
      const preview = await ed.importPreviewFeatures()
      expect(preview.map((f) => f.properties?.['row']).sort()).toEqual([2, 3, 7])
      await screenshot(page, 'editor-07-import-preview')
      await page.click('[data-testid="import-dry-run"]')
      const dry = page.locator('[data-testid="import-dry-report"]')
      await dry.waitFor()
      expect(await dry.innerText()).toMatch(/新增 2.*拒绝 1/)
      const names = async () =>
        (
          await ed.rpc<Row[]>('facilities_in_bbox', {
            min_lon: 121.4,
            min_lat: 31.0,
            max_lon: 121.5,
            max_lat: 31.1,
          })
        ).map((r) => r['name'])
      expect(await names()).not.toContain('吉祥社区便民早餐店')
      await page.click('[data-testid="import-commit"]')
      const done = page.locator('[data-testid="import-report"]')
      await done.waitFor()
      expect(await done.innerText()).toMatch(/已新增 2.*拒绝 1/)
      const after = await names()
      expect(after).toContain('吉祥社区便民早餐店')
      expect(after).toContain('运河社区老年助餐点二')
      expect(after).not.toContain('星河社区越界便利店')
      await screenshot(page, 'editor-08-import-done')
    },
    STEP_MS,
  )

  it(
    'triages residents’ reports: dismiss with a reason, resolve by editing',
    async () => {
      const { page } = recorded
      await ed.showList()
      const wrongPhone = await ed.rpc<string>('submit_feedback', {
        facility_id: STORE_A,
        kind: 'wrong_info',
        comment: '电话打不通',
      })
      const wrongHours = await ed.rpc<string>('submit_feedback', {
        facility_id: CANTEEN_A,
        kind: 'wrong_info',
        comment: '周末也开门',
      })
      await ed.openTab('reports')
      const list = page.locator('[data-testid="report-list"] > li')
      await page.waitForSelector(`[data-report="${wrongHours}"]`)
      // Newest first.
      expect(await list.first().getAttribute('data-report')).toBe(wrongHours)
      await screenshot(page, 'editor-09-reports')
      await page.click(`[data-testid="dismiss-${wrongPhone}"]`)
      await page.fill('[data-testid="dismiss-reason"]', '已电话核实，号码正确')
      await page.click('[data-testid="dismiss-confirm"]')
      await page.waitForSelector(`[data-report="${wrongPhone}"]`, { state: 'detached' })

      await page.click(`[data-testid="fix-${wrongHours}"]`)
      await page.waitForSelector('[data-testid="resolving-report"]')
      await ed.fill('reason', '居民反馈：周末营业')
      await page.click('[data-testid="hours-editor"] input[type="radio"] >> nth=1')
      await ed.save()
      await ed.waitSaved()
      const resolved = await ed.rpc<Row[]>('feedback_inbox', { status: 'resolved' })
      const item = resolved.find((r) => r['id'] === wrongHours)
      expect(item?.['resolved_change_id']).toBeTruthy()
      const dismissed = await ed.rpc<Row[]>('feedback_inbox', { status: 'rejected' })
      expect(dismissed.find((r) => r['id'] === wrongPhone)?.['triage_note']).toBe(
        '已电话核实，号码正确',
      )
      expect((await facility(CANTEEN_A))['hours']).toBe('24/7')
      await screenshot(page, 'editor-10-report-resolved')
    },
    STEP_MS,
  )

  it('throws no page error', () => {
    // The database worker logs each refused call (the refusals above are on purpose).
    const refusals =
      /^(error: |Error: lifecircle-pg-error:).*(do not manage|not allowed|someone else saved)[\s\S]*pglite\.worker/
    expect(
      recorded.errors.filter((e) => !/WebGL|GPU|swiftshader/i.test(e) && !refusals.test(e)),
    ).toEqual([])
  })
})
