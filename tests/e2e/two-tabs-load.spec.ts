/**
 * Load on the embedded database in the browser (issue: nothing lost): two tabs of one profile
 * edit the same few facilities at the same time through the API, as `npm run load` does on
 * PostgreSQL. Afterwards every accepted edit is in the audit exactly once, every record equals
 * its last accepted edit, and every rejection was a version conflict. Prints the throughput
 * and latencies (numbers only; nothing is asserted about time).
 */
import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from './browser.ts'

interface PageDb {
  rpc<T>(fn: string, args?: Record<string, unknown>): Promise<T>
  auth: { signIn(email: string): Promise<unknown> }
}
type WithDb = { __lifecircle?: { db: PageDb | null; isDbOpen?: boolean } }

interface Accepted {
  facility: string
  version: number
  name: string
  capacity: number
}
interface TabRun {
  accepted: Accepted[]
  conflicts: number
  unexpected: string[]
  saveMs: number[]
  readMs: number[]
}

const WORKER = 'worker.a@demo.lifecircle'
const EDITS_PER_TAB = 60
const demo = JSON.parse(readFileSync('data/demo/facilities.geojson', 'utf8')) as {
  features: { properties: { id: string; community_id: string; published: boolean } }[]
}
const seed = readFileSync('supabase/seed.sql', 'utf8')
const workerId = /\('([0-9a-f-]{36})', 'worker\.a@demo\.lifecircle'\)/.exec(seed)?.[1]
const community = new RegExp(`\\('${workerId}', '([0-9a-f-]{36})'\\)`).exec(seed)?.[1]
// Three facilities both tabs edit: overlapping on purpose, so versions collide.
const shared = demo.features
  .filter((f) => f.properties.community_id === community && f.properties.published)
  .slice(0, 3)
  .map((f) => f.properties.id)

async function openTab(browserPage: Page): Promise<void> {
  await browserPage.goto(inject('baseUrl'))
  await browserPage.waitForFunction(
    () => (window as WithDb).__lifecircle?.isDbOpen === true,
    undefined,
    {
      timeout: 240_000,
    },
  )
}

/** One tab's edit loop, run in the page: read, then save on the version read. */
function runEdits(page: Page, tab: number): Promise<TabRun> {
  return page.evaluate(
    async ([tab, edits, facilities]) => {
      const db = (window as WithDb).__lifecircle!.db!
      const run: TabRun = { accepted: [], conflicts: 0, unexpected: [], saveMs: [], readMs: [] }
      for (let e = 0; e < edits; e++) {
        const facility = facilities[(e * 7 + tab) % facilities.length]!
        try {
          let t = performance.now()
          const [row] = await db.rpc<Record<string, unknown>[]>('get_facility', {
            facility_id: facility,
          })
          run.readMs.push(performance.now() - t)
          const name = `两标签负载 ${tab}-${e}`
          const capacity = 1 + tab * 1000 + e
          t = performance.now()
          const [saved] = await db.rpc<Record<string, unknown>[]>('save_facility', {
            facility: { id: facility, name, capacity },
            expected_version: row!['version'],
            reason: `two-tab load ${tab}-${e}`,
          })
          run.saveMs.push(performance.now() - t)
          run.accepted.push({ facility, version: Number(saved!['version']), name, capacity })
        } catch (error) {
          const code = (error as { code?: string }).code
          if (code === 'PT409') run.conflicts++
          else run.unexpected.push(`tab ${tab} edit ${e}: ${code} ${(error as Error).message}`)
        }
      }
      return run
    },
    [tab, EDITS_PER_TAB, shared] as const,
  )
}

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN
}

describe('two tabs under load on the embedded database', () => {
  let browser: Browser

  beforeAll(async () => {
    expect(shared).toHaveLength(3)
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
  })

  it(
    'loses no accepted edit and rejects only on version conflicts',
    { timeout: 900_000 },
    async () => {
      const context = await browser.newContext({ locale: 'zh-CN' })
      const a = await context.newPage()
      const b = await context.newPage()
      await openTab(a)
      await openTab(b)
      // One profile, one session: both tabs act as worker A.
      await a.evaluate((email) => (window as WithDb).__lifecircle!.db!.auth.signIn(email), WORKER)

      const started = performance.now()
      const runs = await Promise.all([runEdits(a, 0), runEdits(b, 1)])
      const seconds = (performance.now() - started) / 1000

      const accepted = runs.flatMap((r) => r.accepted)
      const conflicts = runs.reduce((n, r) => n + r.conflicts, 0)
      expect(runs.flatMap((r) => r.unexpected)).toEqual([])
      expect(accepted.length + conflicts).toBe(2 * EDITS_PER_TAB)
      expect(accepted.length).toBeGreaterThan(0)

      // The audit, read from the third tab's view of the same database.
      const check = await context.newPage()
      await openTab(check)
      const audit = await check.evaluate(async (facilities) => {
        const db = (window as WithDb).__lifecircle!.db!
        const out: Record<string, { versions: number[]; row: Record<string, unknown> }> = {}
        for (const id of facilities) {
          const history = await db.rpc<{ after: { version?: number } | null }[]>(
            'facility_history',
            { facility_id: id },
          )
          const [row] = await db.rpc<Record<string, unknown>[]>('get_facility', { facility_id: id })
          out[id] = {
            versions: history.map((h) => Number(h.after?.version ?? NaN)),
            row: row!,
          }
        }
        return out
      }, shared)

      for (const edit of accepted) {
        const seen = audit[edit.facility]!.versions.filter((v) => v === edit.version)
        expect(seen, `edit ${edit.facility} v${edit.version} in the audit once`).toHaveLength(1)
      }
      for (const id of shared) {
        const last = accepted
          .filter((e) => e.facility === id)
          .sort((x, y) => y.version - x.version)[0]
        if (!last) continue
        const row = audit[id]!.row
        expect({ version: row['version'], name: row['name'], capacity: row['capacity'] }).toEqual({
          version: last.version,
          name: last.name,
          capacity: last.capacity,
        })
      }

      const saves = runs.flatMap((r) => r.saveMs)
      const reads = runs.flatMap((r) => r.readMs)
      const f = (ms: number) => `${ms.toFixed(0)} ms`
      console.log(
        `two tabs × ${EDITS_PER_TAB} edits on ${shared.length} facilities: ${accepted.length} accepted, ` +
          `${conflicts} version conflicts, ${(accepted.length / seconds).toFixed(1)} accepted edits/s; ` +
          `save p50 ${f(quantile(saves, 0.5))} p95 ${f(quantile(saves, 0.95))} max ${f(Math.max(...saves))}; ` +
          `read p50 ${f(quantile(reads, 0.5))} p95 ${f(quantile(reads, 0.95))}`,
      )
      await context.close()
    },
  )
})
