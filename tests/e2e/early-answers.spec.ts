/**
 * The map is drawn from early answers while the database opens (web/src/data/deferred-db.ts);
 * once it is open the database's own answers replace them. Here the kept answers of the last
 * visit are made stale on purpose (a visit closed before it could drop them): the next visit
 * draws them first, and then every published facility of the database.
 */
import { readFileSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from './browser.ts'
import { MapPage } from './pages/map-page.ts'

const demo = JSON.parse(readFileSync('data/demo/facilities.geojson', 'utf8')) as {
  features: { properties: { id: string; published: boolean } }[]
}
const published = demo.features.filter((f) => f.properties.published).length
const STALE = 100

describe('early answers', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it(
    'are replaced by the database once it is open, even when stale',
    { timeout: 300_000 },
    async () => {
      const context = await browser.newContext({ locale: 'zh-CN' })
      const page = await context.newPage()
      await page.goto(inject('baseUrl'))
      await page.waitForFunction(() => window.__lifecircle?.isDbOpen === true, undefined, {
        timeout: 240_000,
      })
      // The first open keeps the answers for the next visit; make them stale.
      await page.waitForFunction(
        () =>
          new Promise<boolean>((resolve) => {
            const r = indexedDB.open('lifecircle-early')
            r.onsuccess = () => {
              const db = r.result
              if (!db.objectStoreNames.contains('answers')) return resolve(false)
              const get = db.transaction('answers').objectStore('answers').get('public')
              get.onsuccess = () => resolve(get.result !== undefined)
            }
            r.onerror = () => resolve(false)
          }),
        undefined,
        { timeout: 30_000 },
      )
      await page.evaluate(
        (keep) =>
          new Promise<void>((resolve, reject) => {
            const r = indexedDB.open('lifecircle-early')
            r.onsuccess = () => {
              const tx = r.result.transaction('answers', 'readwrite')
              const store = tx.objectStore('answers')
              const get = store.get('public')
              get.onsuccess = () => {
                const kept = get.result as { answers: { facilities: unknown[] } }
                kept.answers.facilities = kept.answers.facilities.slice(0, keep)
                store.put(kept, 'public')
              }
              tx.oncomplete = () => resolve()
              tx.onerror = () => reject(tx.error)
            }
          }),
        STALE,
      )
      await page.goto('about:blank')

      const map = new MapPage(page)
      await map.goto(inject('baseUrl'))
      await page.waitForFunction(() => window.__lifecircle?.isReady === true)
      expect(await page.evaluate(() => window.__lifecircle!.facilityCount)).toBe(STALE)
      await page.waitForFunction(
        (n) => window.__lifecircle?.isDbOpen === true && window.__lifecircle.facilityCount === n,
        published,
        { timeout: 240_000 },
      )
      await map.waitForMapIdle()
      expect(await map.facilitySourceFeatures()).toHaveLength(published)
      await context.close()
    },
  )
})
