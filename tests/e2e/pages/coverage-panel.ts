import type { Page } from 'playwright-core'
import type { CoverageResult } from '../../../web/src/core/coverage/types.ts'
// Brings in the `window.__lifecircle` declaration the app exposes for these helpers.
import type {} from '../../../web/src/testing/test-hooks.ts'

export interface ChoroplethFeature {
  type: 'Feature'
  properties: { id: string; name: string; share: number | null; category: string; metric: string }
}

export interface GapFeature {
  type: 'Feature'
  geometry: GeoJSON.MultiPolygon
  properties: { id: string; category: string; reach_m: number; gap_area_m2: number }
}

/** The side panel's coverage controls and the map's coverage sources, as a user and MapLibre see them. */
export class CoveragePanel {
  constructor(readonly page: Page) {}

  /**
   * Waits until a coverage result computed at `reachM` metres (±0.01) has been handed to the
   * map's `coverage` source; returns it.
   */
  async waitForCoverage(reachM: number, timeoutMs = 90_000): Promise<CoverageResult> {
    await this.page.waitForFunction(
      (r) => {
        const reach = window.__lifecircle?.coverage?.settings.categories[0]?.reach_m
        return reach !== undefined && Math.abs(reach - r) < 0.01
      },
      reachM,
      { timeout: timeoutMs },
    )
    return this.coverage()
  }

  async coverage(): Promise<CoverageResult> {
    const result = await this.page.evaluate(() => window.__lifecircle?.coverage ?? null)
    if (!result) throw new Error('window.__lifecircle.coverage is not set')
    return result
  }

  private async sourceFeatures<T>(id: string): Promise<T[]> {
    return this.page.evaluate(async (sourceId) => {
      const source = window.__lifecircle?.map?.getSource(sourceId) as
        { getData(): Promise<GeoJSON.GeoJSON> } | undefined
      if (!source) throw new Error(`no ${sourceId} source`)
      const data = await source.getData()
      if (data.type !== 'FeatureCollection') throw new Error(`${sourceId} holds a ${data.type}`)
      return data.features as unknown as T[]
    }, id)
  }

  /** The choropleth source's features, as handed to MapLibre. */
  choroplethFeatures(): Promise<ChoroplethFeature[]> {
    return this.sourceFeatures<ChoroplethFeature>('coverage')
  }

  gapFeatures(): Promise<GapFeature[]> {
    return this.sourceFeatures<GapFeature>('coverage-gaps')
  }

  /**
   * Reads a value from the page once per animation frame until `accept` takes it. MapLibre's
   * `getData()` is async, which Playwright's `waitForFunction` does not await.
   */
  private async pollFrames<T>(
    read: () => Promise<T>,
    accept: (value: T) => boolean,
    what: string,
    timeoutMs = 60_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const value = await read()
      if (accept(value)) return value
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
      await this.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))))
    }
  }

  /** Waits until the gaps source holds a feature of this community and category. */
  async waitForGap(communityId: string, category: string): Promise<GapFeature> {
    const features = await this.pollFrames(
      () => this.gapFeatures(),
      (fs) => fs.some((f) => f.properties.id === communityId && f.properties.category === category),
      `the gap of ${communityId} / ${category}`,
    )
    return features.find(
      (f) => f.properties.id === communityId && f.properties.category === category,
    )!
  }

  /** Waits until every choropleth feature carries this category and metric. */
  async waitForChoropleth(category: string, metric: string): Promise<ChoroplethFeature[]> {
    return this.pollFrames(
      () => this.choroplethFeatures(),
      (fs) =>
        fs.length > 0 &&
        fs.every((f) => f.properties.category === category && f.properties.metric === metric),
      `the choropleth of ${category} / ${metric}`,
    )
  }

  /**
   * Moves the minutes slider with the keyboard, one step per key press as a drag does (each
   * step re-asks the worker), and waits for the shown value.
   */
  async setMinutes(minutes: number): Promise<void> {
    const slider = this.page.locator('[data-testid="coverage-minutes"]')
    await slider.focus()
    const current = Number(await slider.inputValue())
    const key = minutes > current ? 'ArrowRight' : 'ArrowLeft'
    for (let i = 0; i < Math.abs(minutes - current); i++) await slider.press(key)
    await this.page.waitForFunction(
      (m) =>
        (document.querySelector('[data-testid="coverage-minutes"]') as HTMLInputElement | null)
          ?.value === String(m),
      minutes,
    )
  }

  async selectCategory(code: string): Promise<void> {
    await this.page.selectOption('[data-testid="coverage-category"]', code)
  }

  async setMetric(metric: 'area' | 'population'): Promise<void> {
    await this.page.locator(`[data-testid="coverage-metric-${metric}"]`).check()
  }

  async statusText(): Promise<string> {
    return (await this.page.locator('[data-testid="coverage-status"]').innerText()).trim()
  }

  async selectCommunity(id: string): Promise<void> {
    await this.page.selectOption('[data-testid="community-picker"]', id)
    await this.page.waitForSelector(
      `[data-testid="community-details"][data-community-id="${id}"] [data-testid="community-coverage"]`,
    )
  }
}
