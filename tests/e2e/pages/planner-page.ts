import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
// Brings in the `window.__lifecircle` declaration the app exposes for these helpers.
import type {} from '../../../web/src/testing/test-hooks.ts'

/** The planner's workspace as a user drives it: targets, the table, scenarios, sites, exports. */
export class PlannerPage {
  constructor(readonly page: Page) {}

  /** Types a target's goal (percent for shares) as a planner does. */
  async setTarget(id: string, value: number): Promise<void> {
    const input = this.page.locator(`[data-testid="target-value-${id}"]`)
    await input.fill(String(value))
    await input.blur()
  }

  async targetClass(id: string): Promise<string | null> {
    return this.page.locator(`[data-target="${id}"]`).getAttribute('class')
  }

  private async dataValue(testid: string): Promise<number> {
    const v = await this.page.locator(`[data-testid="${testid}"]`).getAttribute('data-value')
    if (v === null || v === '') throw new Error(`${testid} has no value`)
    return Number(v)
  }

  summaryShare(): Promise<number> {
    return this.dataValue('summary-share')
  }

  summaryBelow(): Promise<number> {
    return this.dataValue('summary-below')
  }

  summaryNewly(): Promise<number> {
    return this.dataValue('summary-newly')
  }

  summaryDeltaPp(): Promise<number> {
    return this.dataValue('summary-delta-pp')
  }

  /** Clicks a column header until it sorts this way. */
  async sortBy(column: string, direction: 'ascending' | 'descending'): Promise<void> {
    const th = this.page.locator(`[data-testid="planner-table"] thead th[data-col="${column}"]`)
    for (let i = 0; i < 3 && (await th.getAttribute('aria-sort')) !== direction; i++)
      await th.locator('button').click()
    if ((await th.getAttribute('aria-sort')) !== direction)
      throw new Error(`column ${column} does not sort ${direction}`)
  }

  /** Community ids of the table's rows, top to bottom. */
  async rowIds(): Promise<string[]> {
    return this.page
      .locator('[data-testid="planner-table"] tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-community-id') ?? ''))
  }

  /** A cell's number (`data-value`), null when empty. */
  async cell(communityId: string, column: string): Promise<number | null> {
    const v = await this.page
      .locator(
        `[data-testid="planner-table"] tr[data-community-id="${communityId}"] td[data-col="${column}"]`,
      )
      .getAttribute('data-value')
    return v === null || v === '' ? null : Number(v)
  }

  async cellText(communityId: string, column: string): Promise<string> {
    return this.page
      .locator(
        `[data-testid="planner-table"] tr[data-community-id="${communityId}"] [data-col="${column}"]`,
      )
      .innerText()
  }

  /** Σ of a numeric column over the shown rows. */
  async columnSum(column: string): Promise<number> {
    return this.page
      .locator(`[data-testid="planner-table"] tbody td[data-col="${column}"]`)
      .evaluateAll((cells) =>
        cells.reduce((a, c) => a + Number(c.getAttribute('data-value') ?? 0), 0),
      )
  }

  async selectRow(communityId: string): Promise<void> {
    await this.page
      .locator(`[data-testid="planner-table"] tr[data-community-id="${communityId}"] th button`)
      .click()
  }

  /**
   * Places a proposed site: picks its category, presses "place", centres the map on the point
   * and clicks the map there.
   */
  async placeProposed(category: string, lngLat: [number, number]): Promise<void> {
    await this.page.selectOption('[data-testid="scenario-category"]', category)
    await this.page.locator('[data-testid="scenario-place"]').click()
    const point = await this.page.evaluate(
      (at) =>
        new Promise<{ x: number; y: number }>((resolve) => {
          const map = window.__lifecircle!.map!
          map.jumpTo({ center: at })
          map.once('idle', () => {
            const p = map.project(at)
            const box = map.getCanvas().getBoundingClientRect()
            resolve({ x: box.left + p.x, y: box.top + p.y })
          })
          map.triggerRepaint()
        }),
      lngLat,
    )
    await this.page.mouse.click(point.x, point.y)
  }

  /** Waits until the scenario's figures are shown (the summary's change is there). */
  async waitForScenario(timeoutMs = 120_000): Promise<void> {
    await this.page.waitForSelector('[data-testid="summary-diff"]', { timeout: timeoutMs })
    await this.page.waitForFunction(
      () => !document.querySelector('[data-testid="scenario-status"]')?.textContent?.includes('…'),
    )
  }

  /** Asks for k suggested sites of a category; returns each site's gain (people). */
  async suggest(category: string, k: number): Promise<number[]> {
    await this.page.selectOption('[data-testid="suggest-category"]', category)
    await this.page.locator('[data-testid="suggest-k"]').fill(String(k))
    await this.page.locator('[data-testid="suggest-run"]').click()
    await this.page.waitForSelector('[data-testid="suggest-sites"]', { timeout: 120_000 })
    return this.page
      .locator('[data-testid="suggest-sites"] li')
      .evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-gain'))))
  }

  /** Clicks an export button and returns the downloaded file's bytes and name. */
  async download(testid: string): Promise<{ name: string; bytes: Buffer }> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download', { timeout: 60_000 }),
      this.page.locator(`[data-testid="${testid}"]`).click(),
    ])
    const path = await download.path()
    return { name: download.suggestedFilename(), bytes: await readFile(path) }
  }
}
