import { existsSync, mkdirSync } from 'node:fs'
import type { Browser, BrowserContext, Page, Request } from 'playwright-core'
import { chromium } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const ARTIFACTS = 'test-results'

/**
 * Launches the system Chromium headless. Never downloads a browser; a missing Chromium is a
 * failure, not a skip, so CI cannot pass without running the journeys.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`)
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  })
}

export interface RecordedPage {
  context: BrowserContext
  page: Page
  /** Every URL the page requested, in order. */
  requests: string[]
  /** Console errors and uncaught page errors. */
  errors: string[]
}

/** A fresh context (empty IndexedDB) and page that records its requests and errors. */
export async function openPage(
  browser: Browser,
  options: { viewport?: { width: number; height: number }; locale?: string } = {},
): Promise<RecordedPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    locale: options.locale ?? 'zh-CN',
  })
  const page = await context.newPage()
  const requests: string[] = []
  const errors: string[] = []
  page.on('request', (r: Request) => requests.push(r.url()))
  page.on('pageerror', (e) => errors.push(String(e)))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  return { context, page, requests, errors }
}

/** Requests whose host is not this machine (data: and blob: URLs are local by nature). */
export function externalRequests(urls: string[]): string[] {
  return urls.filter((u) => {
    if (u.startsWith('data:') || u.startsWith('blob:')) return false
    const { hostname } = new URL(u)
    return !['localhost', '127.0.0.1', '[::1]', '::1'].includes(hostname)
  })
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true })
  const path = `${ARTIFACTS}/${name}.png`
  await page.screenshot({ path, fullPage: false })
  return path
}
