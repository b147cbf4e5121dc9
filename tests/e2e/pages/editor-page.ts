import type { Page } from 'playwright-core'
import { MapPage } from './map-page.ts'

/** The community worker's workspace at /editor, driven the way a worker drives it. */
export class EditorPage {
  readonly map: MapPage

  constructor(readonly page: Page) {
    this.map = new MapPage(page)
  }

  /** Opens /editor (with an optional search such as `?tab=import`) and waits for the map. */
  async goto(baseUrl: string, search = '', timeoutMs = 420_000): Promise<void> {
    await this.page.goto(new URL(`editor${search}`, baseUrl).toString())
    await this.map.waitForMapIdle(timeoutMs)
  }

  /** The demo sign-in card: one click on a seeded account. */
  async demoSignIn(email: string): Promise<void> {
    await this.page.click(`[data-testid="demo-signin-${email}"]`)
    await this.page.waitForSelector('[data-testid="editor-panel"]')
  }

  async openTab(name: 'facilities' | 'verify' | 'reports' | 'import' | 'people'): Promise<void> {
    await this.page.click(`[data-testid="editor-tab-${name}"]`)
    await this.page.waitForSelector(`[data-testid="editor-tab-${name}"][aria-selected="true"]`)
  }

  /** Opens a facility's form from the list. */
  async openFacility(id: string): Promise<void> {
    await this.page.click(`[data-testid="open-${id}"]`)
    await this.page.waitForSelector('[data-testid="facility-editor"]')
  }

  async fill(field: string, value: string): Promise<void> {
    await this.page.fill(`[data-testid="field-${field}"]`, value)
  }

  async value(field: string): Promise<string> {
    return this.page.inputValue(`[data-testid="field-${field}"]`)
  }

  async save(): Promise<void> {
    await this.page.click('[data-testid="save-facility"]')
  }

  async waitSaved(): Promise<void> {
    await this.page.waitForSelector('[data-testid="save-notice"]')
  }

  /** Closes an open form (if any) and waits for the workspace's tabs. */
  async showList(): Promise<void> {
    const back = this.page.locator('[data-testid="editor-back"]')
    if ((await back.count()) > 0) await back.click()
    await this.page.waitForSelector('[data-testid="editor-panel"]')
  }

  /** Waits until the facility's history lists `n` entries. */
  async waitHistory(n: number): Promise<void> {
    await this.page.waitForFunction(
      (count) => document.querySelectorAll('[data-testid="history-list"] > li').length === count,
      n,
    )
  }

  /** Text of the first history entry (newest first). */
  async latestHistory(): Promise<string> {
    const item = this.page.locator('[data-testid="history-list"] > li').first()
    await item.waitFor()
    return item.innerText()
  }

  async positionError(): Promise<string> {
    const error = this.page.locator('[data-testid="error-f-position-error"]')
    await error.waitFor()
    return error.innerText()
  }

  async conflictRows(): Promise<{ field: string; kind: string; text: string }[]> {
    await this.page.waitForSelector('[data-testid="conflict-panel"]')
    return this.page.$$eval('[data-testid="conflict-panel"] tbody tr', (rows) =>
      rows.map((r) => ({
        field: r.getAttribute('data-field') ?? '',
        kind: r.getAttribute('data-kind') ?? '',
        text: (r as HTMLElement).innerText,
      })),
    )
  }

  /** Chooses a side for one field of the merge. */
  async choose(field: string, side: 'mine' | 'theirs'): Promise<void> {
    await this.page.click(
      `[data-testid="${side === 'mine' ? 'keep-mine' : 'take-theirs'}-${field}"]`,
    )
  }

  async saveMerge(): Promise<void> {
    await this.page.click('[data-testid="conflict-merge"]')
  }

  /** Chooses a file in the import tab and waits for the preview or the file's error. */
  async importFile(name: string, mimeType: string, buffer: Buffer): Promise<void> {
    await this.page.setInputFiles('[data-testid="import-file"]', { name, mimeType, buffer })
    await this.page.waitForSelector(
      '[data-testid="import-counts"], [data-testid="import-file-error"]',
    )
  }

  async importIssues(): Promise<{ row: string; severity: string; text: string }[]> {
    return this.page.$$eval('[data-testid="import-issues"] tbody tr', (rows) =>
      rows.map((r) => ({
        row: r.getAttribute('data-row') ?? '',
        severity: r.getAttribute('data-severity') ?? '',
        text: (r as HTMLElement).innerText,
      })),
    )
  }

  /** Features in the import preview's map source, as handed to MapLibre. */
  async importPreviewFeatures(): Promise<GeoJSON.Feature[]> {
    return this.page.evaluate(async () => {
      const source = window.__lifecircle?.map?.getSource('editor-import-points') as
        { getData(): Promise<GeoJSON.GeoJSON> } | undefined
      if (!source) return []
      const data = await source.getData()
      return data.type === 'FeatureCollection' ? data.features : []
    })
  }

  /** Calls an API function as the page's current user (the embedded database's port). */
  async rpc<T = unknown>(fn: string, args: Record<string, unknown> = {}): Promise<T> {
    return this.page.evaluate(
      ([f, a]) => {
        const db = window.__lifecircle?.db
        if (!db) throw new Error('window.__lifecircle.db is not set')
        return db.rpc(f, a) as Promise<never>
      },
      [fn, args] as const,
    )
  }

  async signInAs(email: string): Promise<void> {
    await this.page.evaluate(async (e) => {
      await window.__lifecircle?.db?.auth.signIn(e)
    }, email)
  }
}
