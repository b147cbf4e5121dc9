import type { Page } from 'playwright-core'
import type { Language } from '../../../web/src/i18n/i18n.ts'
// Brings in the `window.__lifecircle` declaration the app exposes for these helpers.
import type { LifecircleTestHooks } from '../../../web/src/testing/test-hooks.ts'

export interface FacilityFeature {
  type: 'Feature'
  geometry: { type: 'Point'; coordinates: [number, number] }
  properties: { id: string; category: string; name: string; status: 'open' | 'closed' | 'planned' }
}

/** The resident's map page, driven the way a user drives it, read the way MapLibre holds it. */
export class MapPage {
  constructor(readonly page: Page) {}

  async goto(baseUrl: string): Promise<void> {
    await this.page.goto(baseUrl)
  }

  /**
   * Waits until the app has put the database's facilities into the map and the map has drawn
   * them (MapLibre's `idle`): no fixed sleeps.
   */
  async waitForMapIdle(timeoutMs = 180_000): Promise<void> {
    await this.page.waitForFunction(() => window.__lifecircle?.isReady === true, undefined, {
      timeout: timeoutMs,
    })
    await this.page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const map = (window.__lifecircle as LifecircleTestHooks).map
          if (!map) throw new Error('window.__lifecircle.map is not set')
          if (map.loaded() && !map.isMoving()) resolve()
          else map.once('idle', () => resolve())
        }),
    )
  }

  /** Every feature in the `facilities` source, as handed to MapLibre (not what is on screen). */
  async facilitySourceFeatures(): Promise<FacilityFeature[]> {
    return this.page.evaluate(async () => {
      const map = window.__lifecircle?.map
      const source = map?.getSource('facilities') as
        { getData(): Promise<GeoJSON.GeoJSON> } | undefined
      if (!source) throw new Error('no facilities source')
      const data = await source.getData()
      if (data.type !== 'FeatureCollection')
        throw new Error(`facilities source holds a ${data.type}`)
      return data.features as unknown as FacilityFeature[]
    })
  }

  /** The layer filter MapLibre applies to unclustered facility points. */
  async pointLayerFilter(): Promise<unknown> {
    return this.page.evaluate(() => window.__lifecircle?.map?.getFilter('facility-points'))
  }

  /** Clicks 中文 / English and waits for <html lang> to follow. */
  async switchLanguage(lang: Language): Promise<void> {
    await this.page.click(`button[data-lang="${lang}"]`)
    await this.page.waitForFunction((l) => document.documentElement.lang === l, lang)
  }

  /**
   * Switches a category on or off: the chip on the residents' page, the legend's box elsewhere.
   * Returns whether the category is now shown.
   */
  async toggleCategory(code: string): Promise<boolean> {
    const chip = this.page.locator(`button[data-chip="${code}"]`)
    if ((await chip.count()) > 0) {
      await chip.click()
      return (await chip.getAttribute('aria-pressed')) === 'true'
    }
    const box = this.page.locator(`input[type="checkbox"][data-category="${code}"]`)
    await box.click()
    return box.isChecked()
  }

  async legendCount(code: string): Promise<string> {
    return (await this.page.locator(`[data-testid="count-${code}"]`).textContent()) ?? ''
  }

  async demoBadgeText(): Promise<string | null> {
    const badge = this.page.locator('[data-testid="demo-badge"]')
    return (await badge.count()) > 0 ? badge.textContent() : null
  }

  async setElderMode(on: boolean): Promise<void> {
    const toggle = this.page.locator('[data-testid="elder-toggle"]')
    if ((await toggle.getAttribute('aria-pressed')) !== String(on)) await toggle.click()
    await this.page.waitForFunction(
      (o) => document.documentElement.classList.contains('elder') === o,
      on,
    )
  }

  /** Acts as a demo user (local mode), or as anonymous with `null`; resolves to the shown role. */
  async signInAs(email: string | null): Promise<string | null> {
    const select = '[data-testid="identity-select"]'
    await this.page.selectOption(select, email ?? '')
    // The badge follows the session, which changes only once the sign-in has finished.
    await this.page.waitForFunction(
      (value) =>
        document.querySelector('[data-testid="current-role"]')?.getAttribute('data-email') ===
        value,
      email ?? '',
    )
    return this.page.locator('[data-testid="current-role"]').getAttribute('data-role')
  }
}
