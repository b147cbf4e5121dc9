/**
 * Names and comments written as markup are shown as text everywhere they appear: a worker saves
 * facility names `<script>…</script>` and `<img src=x onerror=…>`, a resident sends a comment
 * with markup; the editor's list, the reports (feedback) view and the resident's card show the
 * characters, no dialog opens and no element is made from them.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser, openPage, screenshot } from './browser.ts'
import type { RecordedPage } from './browser.ts'
import { EditorPage } from './pages/editor-page.ts'
import { ResidentPage } from './pages/resident-page.ts'

// Demo city ids (data/demo): both in worker A's communities.
const STORE_A = '847017f5-1c4f-4f7b-a946-4dcfcc178ae0' // 定海街便民便利店
const GYM_A = '6826a814-d9c6-4044-8a60-df4a5d0a0ab7' // 吉祥社区百姓健身房
const WORKER_A = 'worker.a@demo.lifecircle'

const SCRIPT_NAME = '<script>alert(1)</script>便利店'
const IMG_NAME = '<img src=x onerror=alert(2)>健身房'
const IMG_COMMENT = '<img src=x onerror=alert(3)> 电话<b>打不通</b>'

const START_MS = 420_000
const STEP_MS = 240_000

describe('hostile text is shown as text', () => {
  let browser: Browser
  let recorded: RecordedPage
  let ed: EditorPage
  const dialogs: string[] = []

  /** Elements that markup in the data would have made, anywhere in the page. */
  const injected = () =>
    recorded.page.evaluate(() => ({
      img: document.querySelectorAll('img[src="x"]').length,
      bold: [...document.querySelectorAll('b')].filter((b) => b.textContent === '打不通').length,
      script: [...document.scripts].filter((s) => s.textContent?.includes('alert(')).length,
    }))

  beforeAll(async () => {
    browser = await launchBrowser()
    recorded = await openPage(browser, { viewport: { width: 1440, height: 900 } })
    recorded.page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    ed = new EditorPage(recorded.page)
    await ed.goto(inject('baseUrl'), '', START_MS)
    await recorded.page.waitForSelector('[data-testid="editor-signin"]')
    await ed.demoSignIn(WORKER_A)
  }, START_MS + 30_000)

  afterAll(async () => {
    await browser?.close()
  })

  it(
    'a worker saves markup names through the form; the list shows them as typed',
    async () => {
      const { page } = recorded
      for (const [id, name] of [
        [STORE_A, SCRIPT_NAME],
        [GYM_A, IMG_NAME],
      ] as const) {
        await ed.showList()
        await ed.openFacility(id)
        await ed.fill('name', name)
        await ed.fill('reason', '名称核对')
        await ed.save()
        await ed.waitSaved()
        const saved = (await ed.rpc<{ name: string }[]>('get_facility', { facility_id: id }))[0]
        expect(saved?.name).toBe(name)
      }
      await ed.showList()
      const list = page.locator('[data-testid="editor-panel"]')
      await page.waitForFunction(
        (names) => names.every((n) => document.body.innerText.includes(n)),
        [SCRIPT_NAME, IMG_NAME],
      )
      const text = await list.innerText()
      expect(text).toContain(SCRIPT_NAME)
      expect(text).toContain(IMG_NAME)
      expect(await injected()).toEqual({ img: 0, bold: 0, script: 0 })
      expect(dialogs).toEqual([])
      await screenshot(page, 'hostile-1-editor-list')
    },
    STEP_MS,
  )

  it(
    'the reports view shows a resident’s markup comment as text',
    async () => {
      const { page } = recorded
      const report = await ed.rpc<string>('submit_feedback', {
        facility_id: STORE_A,
        kind: 'wrong_info',
        comment: IMG_COMMENT,
      })
      await ed.showList()
      await ed.openTab('reports')
      const item = page.locator(`[data-report="${report}"]`)
      await item.waitFor()
      const text = await item.innerText()
      expect(text).toContain(IMG_COMMENT)
      expect(text).toContain(SCRIPT_NAME)
      expect(await injected()).toEqual({ img: 0, bold: 0, script: 0 })
      expect(dialogs).toEqual([])
      await screenshot(page, 'hostile-2-reports')
    },
    STEP_MS,
  )

  it(
    'the resident’s card shows the names as text',
    async () => {
      const { page } = recorded
      const resident = new ResidentPage(page)
      for (const [id, name] of [
        [STORE_A, SCRIPT_NAME],
        [GYM_A, IMG_NAME],
      ] as const) {
        await page.goto(new URL(`?f=${id}`, inject('baseUrl')).toString())
        await page.waitForFunction(() => window.__lifecircle?.isReady === true, undefined, {
          timeout: STEP_MS,
        })
        const card = resident.card()
        await card.waitFor()
        await page.waitForFunction(
          (n) => document.querySelector('[data-testid="facility-details"] h2')?.textContent === n,
          name,
          { timeout: STEP_MS },
        )
        expect(await card.getAttribute('data-facility-id')).toBe(id)
        expect(await injected()).toEqual({ img: 0, bold: 0, script: 0 })
      }
      // The search lists them as text too.
      const found = await resident.search('onerror')
      expect(found).toContain(IMG_NAME)
      expect(await injected()).toEqual({ img: 0, bold: 0, script: 0 })
      expect(dialogs).toEqual([])
      await screenshot(page, 'hostile-3-resident-card')
    },
    STEP_MS,
  )
})
