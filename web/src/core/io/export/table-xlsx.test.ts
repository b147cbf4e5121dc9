import { readFileSync } from 'node:fs'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'
import { readSheet } from 'read-excel-file/universal'
import { describe, expect, it } from 'vitest'
import { computeCoverage } from '../../coverage/compute-coverage.ts'
import type { CommunityFeature, CoverageResult, FacilityFeature } from '../../coverage/types.ts'
import { meters } from '../../geo/units.ts'
import { coverageTable } from './coverage-table.ts'
import { provenanceBlock, type ExportProvenance } from './provenance.ts'
import { HEADER_BLOCK_LINES } from './table-csv.ts'
import { coverageTableXlsx } from './table-xlsx.ts'

const demo = <T>(name: string): T[] =>
  (
    JSON.parse(
      readFileSync(new URL(`../../../../../data/demo/${name}`, import.meta.url), 'utf8'),
    ) as { features: T[] }
  ).features

const result: CoverageResult = computeCoverage({
  communities: demo<CommunityFeature>('communities.geojson'),
  facilities: demo<FacilityFeature>('facilities.geojson'),
  settings: {
    method: 'exact',
    categories: [
      { code: 'canteen', reach_m: meters(750), target_group: 'elderly' },
      { code: 'childcare', reach_m: meters(1000), target_group: 'infants' },
    ],
  },
})

const PROVENANCE: ExportProvenance = {
  data_source: '示范数据 generated demo data',
  data_vintage: '2026',
  app_version: '0.1.0',
  generated_at: '2026-12-03T08:00:00.000Z',
}
const OPTIONS = { targets: { canteen: 1, childcare: 0.6 } }

/** The sheet as read-excel-file reads it back, compared with the table's values. */
async function expectSheetMatches(bytes: Uint8Array): Promise<void> {
  // read-excel-file pads every row with nulls to the sheet's width: trim them.
  const rows = (await readSheet(new Blob([Uint8Array.from(bytes)]))).map((r) => {
    let n = r.length
    while (n > 0 && r[n - 1] === null) n--
    return r.slice(0, n)
  })
  const block = provenanceBlock(result, PROVENANCE)
  expect(rows.slice(0, block.length)).toEqual(block)
  const table = coverageTable(result, OPTIONS)
  expect(rows[HEADER_BLOCK_LINES]).toEqual(table.columns.map((c) => c.label))
  const body = rows.slice(HEADER_BLOCK_LINES + 1)
  expect(body).toHaveLength(table.rows.length)
  body.forEach((row, i) => {
    // Empty cells come back as null; numbers as the very same numbers.
    const expected = table.rows[i]!.map((v) => (v === '' ? null : v))
    while (expected.length > 0 && expected[expected.length - 1] === null) expected.pop()
    expect(row).toEqual(expected)
  })
}

describe('coverageTableXlsx', () => {
  it('in Node: read back with read-excel-file, every cell equals the table (and so the CSV)', async () => {
    const bytes = await coverageTableXlsx(result, PROVENANCE, OPTIONS)
    // A zip file (PK\x03\x04).
    expect([...bytes.slice(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04])
    await expectSheetMatches(bytes)
  })

  it('in Chromium: the same function in a page writes the same workbook', async () => {
    const bundle = await build({
      stdin: {
        contents: `import { coverageTableXlsx } from './table-xlsx.ts'
          window.makeXlsx = async (result, provenance, options) =>
            Array.from(await coverageTableXlsx(result, provenance, options))`,
        resolveDir: new URL('.', import.meta.url).pathname,
        loader: 'ts',
      },
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      logLevel: 'silent',
    })
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    })
    try {
      const page = await browser.newPage()
      await page.setContent('<!doctype html><title>xlsx</title>')
      await page.addScriptTag({ content: bundle.outputFiles[0]!.text })
      const bytes = await page.evaluate(
        ([r, p, o]) =>
          (
            window as unknown as {
              makeXlsx: (...a: unknown[]) => Promise<number[]>
            }
          ).makeXlsx(r, p, o),
        [result, PROVENANCE, OPTIONS] as const,
      )
      await expectSheetMatches(Uint8Array.from(bytes))
    } finally {
      await browser.close()
    }
  }, 120_000)
})
