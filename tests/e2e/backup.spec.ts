/**
 * Backup on the embedded default: an admin downloads every record as one zip from the People
 * tab, a record is changed, the zip is restored after confirming, and the change is gone.
 */
import { readFileSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser, openPage, screenshot } from './browser.ts'
import type { RecordedPage } from './browser.ts'
import { EditorPage } from './pages/editor-page.ts'

const STORE_A = '847017f5-1c4f-4f7b-a946-4dcfcc178ae0' // 定海街便民便利店
const ADMIN = 'admin@demo.lifecircle'
const START_MS = 420_000
const STEP_MS = 240_000

interface Row {
  [key: string]: unknown
}

describe('backup: download, change, restore', () => {
  let browser: Browser
  let recorded: RecordedPage
  let ed: EditorPage

  beforeAll(async () => {
    browser = await launchBrowser()
    recorded = await openPage(browser, { viewport: { width: 1440, height: 900 } })
    ed = new EditorPage(recorded.page)
    await ed.goto(inject('baseUrl'), '', START_MS)
    await recorded.page.waitForSelector('[data-testid="editor-signin"]')
    await ed.demoSignIn(ADMIN)
  }, START_MS + 30_000)

  afterAll(async () => {
    await browser?.close()
  })

  const facility = async (): Promise<Row> =>
    (await ed.rpc<Row[]>('get_facility', { facility_id: STORE_A }))[0]!

  it(
    'restoring the downloaded zip undoes a later change',
    async () => {
      const { page } = recorded
      await ed.openTab('people')
      await page.waitForSelector('[data-testid="backup-panel"]')
      await screenshot(page, 'backup-1-panel-1440')
      const before = await facility()

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('[data-testid="backup-download"]'),
      ])
      expect(download.suggestedFilename()).toMatch(/^lifecircle-backup-\d{4}-\d{2}-\d{2}\.zip$/)
      const path = await download.path()
      const zip = readFileSync(path)
      // A zip (PK\x03\x04) holding the manifest.
      expect(zip.subarray(0, 4).toString('hex')).toBe('504b0304')

      await ed.rpc('save_facility', {
        facility: { id: STORE_A, name: '备份之后改名的便利店' },
        expected_version: before['version'],
        reason: '备份测试',
      })
      expect((await facility())['name']).toBe('备份之后改名的便利店')

      await page.setInputFiles('[data-testid="backup-file"]', {
        name: download.suggestedFilename(),
        mimeType: 'application/zip',
        buffer: zip,
      })
      await page.waitForSelector('[data-testid="backup-restore-confirm"]')
      const confirm = await page.locator('[data-testid="backup-panel"]').innerText()
      expect(confirm).toContain(download.suggestedFilename())
      await screenshot(page, 'backup-2-confirm-1440')
      await page.click('[data-testid="backup-restore-confirm"]')
      await page.waitForSelector('[data-testid="backup-restored"]', { timeout: STEP_MS })
      const after = await facility()
      expect([after['name'], after['version']]).toEqual([before['name'], before['version']])
      const history = await ed.rpc<Row[]>('facility_timeline', { facility_id: STORE_A })
      expect(history.map((h) => h['reason'])).not.toContain('备份测试')
      await screenshot(page, 'backup-3-restored-1440')
    },
    STEP_MS,
  )

  it(
    'refuses a file that is not a backup, naming it',
    async () => {
      const { page } = recorded
      await page.setInputFiles('[data-testid="backup-file"]', {
        name: 'notes.zip',
        mimeType: 'application/zip',
        buffer: Buffer.from('not a zip at all'),
      })
      const error = page.locator('[data-testid="backup-error"]')
      await error.waitFor()
      expect(await error.innerText()).toContain('notes.zip')
      expect(await page.locator('[data-testid="backup-restore-confirm"]').count()).toBe(0)
    },
    STEP_MS,
  )

  it(
    'fits a phone screen',
    async () => {
      const { page } = recorded
      await page.setViewportSize({ width: 375, height: 667 })
      const panel = page.locator('[data-testid="backup-panel"]')
      await panel.scrollIntoViewIfNeeded()
      const box = await panel.boundingBox()
      expect(box).not.toBeNull()
      expect(box!.x).toBeGreaterThanOrEqual(0)
      expect(box!.x + box!.width).toBeLessThanOrEqual(375 + 0.5)
      await screenshot(page, 'backup-4-panel-375')
      expect(recorded.errors.filter((e) => !/lifecircle-pg-error/.test(e))).toEqual([])
    },
    STEP_MS,
  )
})
