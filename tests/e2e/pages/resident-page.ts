import type { Page } from 'playwright-core'

export interface NearestRow {
  id: string
  distance: number
}

export interface NearHomeRow {
  category: string
  within: boolean
  nearestId: string
  inGap: string
}

/** The residents' page as a resident uses it: search, near me, the card, feedback. */
export class ResidentPage {
  constructor(readonly page: Page) {}

  async search(text: string): Promise<string[]> {
    await this.page.fill('[data-testid="search-input"]', text)
    await this.page.locator('[data-testid="search-result"]').first().waitFor()
    return this.page.locator('[data-testid="search-result"] .search-name').allInnerTexts()
  }

  /** Picks the highlighted search result with the keyboard. */
  async pickFirstResultWithKeyboard(): Promise<void> {
    await this.page.focus('[data-testid="search-input"]')
    await this.page.keyboard.press('ArrowDown')
    await this.page.keyboard.press('ArrowUp')
    await this.page.keyboard.press('Enter')
  }

  card() {
    return this.page.locator('[data-testid="facility-details"]')
  }

  async nearMe(): Promise<void> {
    await this.page.click('[data-testid="near-me"]')
    await this.page.locator('[data-testid="near-home"]').waitFor()
  }

  async nearest(category: string): Promise<NearestRow[]> {
    const items = this.page.locator(`[data-testid="nearest-${category}"] li`)
    await items.first().waitFor()
    return items.evaluateAll((lis) =>
      lis.map((li) => ({
        id: li.getAttribute('data-facility-id') ?? '',
        distance: Number(li.getAttribute('data-distance')),
      })),
    )
  }

  async nearHome(): Promise<NearHomeRow[]> {
    return this.page.locator('[data-testid="near-home"] li').evaluateAll((lis) =>
      lis.map((li) => ({
        category: li.getAttribute('data-category') ?? '',
        within: li.getAttribute('data-within') === 'true',
        nearestId: li.getAttribute('data-nearest-id') ?? '',
        inGap: li.getAttribute('data-in-gap') ?? '',
      })),
    )
  }

  async rate(stars: number, comment: string): Promise<void> {
    const form = this.page.locator('[data-testid="feedback-form"]')
    await form.locator('button[data-kind="rating"]').click()
    await form.locator(`[data-testid="star-${stars}"]`).check({ force: true })
    await form.locator('[data-testid="feedback-comment"]').fill(comment)
    await form.locator('[data-testid="feedback-submit"]').click()
  }
}
