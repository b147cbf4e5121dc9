/**
 * Loads the app in the system Chromium, waits for the map to draw the database's facilities,
 * saves a screenshot and reports every request the page made, flagging any that left this
 * machine. For looking at the app while building it; the e2e suite asserts the same things.
 *
 *   npm run build && npx vite preview --port 4173 &
 *   npx tsx scripts/dev-screenshot.ts [--url http://127.0.0.1:4173/] [--out /tmp/shot.png]
 *   npx tsx scripts/dev-screenshot.ts --serve    # serves dist/ itself on a free port, then stops
 *        [--width 1280 --height 800] [--lang en] [--elder] [--click-first-facility]
 */
import { parseArgs } from 'node:util'
import { preview } from 'vite'
import { externalRequests, launchBrowser, openPage } from '../tests/e2e/browser.ts'
import { MapPage } from '../tests/e2e/pages/map-page.ts'

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:4173/' },
    serve: { type: 'boolean', default: false },
    out: { type: 'string', default: '/tmp/shot.png' },
    width: { type: 'string', default: '1280' },
    height: { type: 'string', default: '800' },
    lang: { type: 'string' },
    elder: { type: 'boolean', default: false },
    'click-first-facility': { type: 'boolean', default: false },
    'click-community': { type: 'boolean', default: false },
  },
})

const server = values.serve
  ? await preview({
      preview: { port: 4180, strictPort: false, host: '127.0.0.1' },
      logLevel: 'warn',
    })
  : null
const url = server?.resolvedUrls?.local[0] ?? values.url
const browser = await launchBrowser()

async function shoot(): Promise<void> {
  const { page, requests, errors } = await openPage(browser, {
    viewport: { width: Number(values.width), height: Number(values.height) },
  })
  const map = new MapPage(page)
  const started = Date.now()
  await map.goto(url)
  try {
    await map.waitForMapIdle()
  } catch (error) {
    // Still worth a picture and the log: that is what shows why it did not get ready.
    await page.screenshot({ path: values.out })
    console.log(JSON.stringify({ notReady: String(error), errors, requests }, null, 2))
    process.exitCode = 1
    return
  }
  const readyMs = Date.now() - started
  if (values.lang === 'en' || values.lang === 'zh-CN') await map.switchLanguage(values.lang)
  if (values.elder) await map.setElderMode(true)

  const features = await map.facilitySourceFeatures()
  const dbCount = await page.evaluate(async () => {
    const db = window.__lifecircle?.db
    if (!db) return null
    const rows = await db.rpc<unknown[]>('facilities_in_bbox', {
      min_lon: -180,
      min_lat: -90,
      max_lon: 180,
      max_lat: 90,
    })
    return rows.length
  })

  if (values['click-first-facility']) {
    const point = await page.evaluate(() => {
      const m = window.__lifecircle?.map
      if (!m) return null
      const box = m.getCanvas().getBoundingClientRect()
      // The facility nearest the middle of the map: nothing else overlays it there.
      const centre = { x: box.width / 2, y: box.height / 2 }
      const points = m
        .queryRenderedFeatures({ layers: ['facility-points'] })
        .flatMap((f) =>
          f.geometry.type === 'Point'
            ? [m.project(f.geometry.coordinates as [number, number])]
            : [],
        )
        .sort(
          (a, b) =>
            Math.hypot(a.x - centre.x, a.y - centre.y) - Math.hypot(b.x - centre.x, b.y - centre.y),
        )
      const p = points[0]
      return p ? { x: box.left + p.x, y: box.top + p.y } : null
    })
    if (point) {
      await page.mouse.click(point.x, point.y)
      await page.waitForSelector('[data-testid="facility-details"] h2')
    } else console.log('no unclustered facility on screen to click')
  }
  if (values['click-community']) {
    const first = await page
      .locator('[data-testid="community-picker"] option')
      .nth(1)
      .getAttribute('value')
    if (first) {
      await page.selectOption('[data-testid="community-picker"]', first)
      await page.waitForSelector('[data-testid="community-details"] h2')
      await map.waitForMapIdle()
    }
  }

  await page.screenshot({ path: values.out })
  const outside = externalRequests(requests)
  console.log(
    JSON.stringify(
      {
        readyMs,
        facilitiesInSource: features.length,
        facilitiesInDb: dbCount,
        categories: Object.fromEntries(
          [...new Set(features.map((f) => f.properties.category))].map((c) => [
            c,
            features.filter((f) => f.properties.category === c).length,
          ]),
        ),
        htmlLang: await page.evaluate(() => document.documentElement.lang),
        demoBadge: await map.demoBadgeText(),
        requests: requests.length,
        externalRequests: outside,
        errors,
        screenshot: values.out,
      },
      null,
      2,
    ),
  )
  console.log(
    'requests:\n' +
      requests.map((r) => `  ${r.length > 140 ? r.slice(0, 140) + '…' : r}`).join('\n'),
  )
  if (outside.length > 0) process.exitCode = 1
}

try {
  await shoot()
} finally {
  await browser.close()
  await server?.close()
}
