/**
 * The importer on Taipei's real facility files, each with its mapping file from
 * data/import-mappings/: the counts it reports, the "NA" rows it cannot place, and what it finds
 * when the files are imported one after the other into one store.
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { inChina } from '../../web/src/core/catalog/geo-limits.ts'
import { parseMappingJson } from '../../web/src/core/io/import/field-mapping.ts'
import { importFile } from '../../web/src/core/io/import/import-facilities.ts'
import type {
  ExistingFacility,
  ImportCounts,
  ImportResult,
} from '../../web/src/core/io/import/import-types.ts'
import { TAIPEI_DIR, taipeiAvailable } from './taipei-loader.ts'

const MAPPINGS = resolve(import.meta.dirname, '../../data/import-mappings')
const present = taipeiAvailable()
// As taipei-coverage.test.ts: CI always has the data; only a fresh clone without it skips.
const run = present || Boolean(process.env.CI)
if (!present && !process.env.CI) {
  console.warn(
    `taipei-import: SKIPPED — ${TAIPEI_DIR} is absent (the real data lives in ../shared/data)`,
  )
}

interface Source {
  file: string
  mapping: string
  category: string
  counts: Partial<ImportCounts>
}

/** Counts of each file imported alone. */
const SOURCES: Source[] = [
  {
    file: 'taipei_community_care_points_2025_coord.csv',
    mapping: 'taipei-care-points.json',
    category: 'canteen',
    counts: {
      rows: 505,
      accepted: 499,
      rejected: 0,
      skipped: 6,
      duplicatesInFile: 6,
      noCoordinates: 0,
    },
  },
  {
    file: 'taipei_ltc_C_units_2025_coord.csv',
    mapping: 'taipei-ltc-stations.json',
    category: 'canteen',
    counts: {
      rows: 292,
      accepted: 289,
      rejected: 0,
      skipped: 3,
      duplicatesInFile: 3,
      noCoordinates: 0,
    },
  },
  {
    file: 'childcare_resource.geojson',
    mapping: 'taipei-childcare.json',
    category: 'childcare',
    counts: {
      rows: 279,
      accepted: 263,
      rejected: 0,
      skipped: 16,
      duplicatesInFile: 6,
      noCoordinates: 10,
    },
  },
  {
    file: 'taipei_sports_venues.geojson',
    mapping: 'taipei-sports-venues.json',
    category: 'fitness',
    counts: {
      rows: 426,
      accepted: 402,
      rejected: 0,
      skipped: 24,
      duplicatesInFile: 24,
      noCoordinates: 0,
    },
  },
  {
    file: 'taipei_convenience_stores_coord.csv',
    mapping: 'taipei-convenience-stores.json',
    category: 'store',
    counts: {
      rows: 3016,
      accepted: 2982,
      rejected: 0,
      skipped: 34,
      duplicatesInFile: 34,
      noCoordinates: 0,
    },
  },
]

async function load(s: Source, existing: ExistingFacility[] = []): Promise<ImportResult> {
  const mapping = parseMappingJson(readFileSync(join(MAPPINGS, s.mapping), 'utf8'))
  if (!mapping.ok)
    throw new Error(`${s.mapping}: ${mapping.issues.map((i) => i.message).join('; ')}`)
  const bytes = new Uint8Array(readFileSync(join(TAIPEI_DIR, s.file)))
  return importFile(bytes, s.file, { mapping: mapping.mapping, existing })
}

describe.runIf(run)('Taipei facility files through the importer', () => {
  for (const s of SOURCES) {
    it(`${s.file} with ${s.mapping}`, async () => {
      const { records, report } = await load(s)
      expect(report.ok, JSON.stringify(report.issues.slice(0, 3))).toBe(true)
      expect(report.encoding).toMatch(/^utf-8/)
      expect(report.counts).toMatchObject(s.counts)
      expect(new Set(records.map((r) => r.category))).toEqual(new Set([s.category]))
      for (const r of records) {
        expect(inChina(r.lon, r.lat)).toBe(true)
        // Taipei City with a margin (a few geocoded points lie just outside it).
        expect(r.lon).toBeGreaterThan(121.3)
        expect(r.lon).toBeLessThan(121.8)
        expect(r.lat).toBeGreaterThan(24.9)
        expect(r.lat).toBeLessThan(25.3)
      }
      // Every skipped row is reported with its number and reason.
      const skipped = report.issues.filter((i) => i.severity === 'skipped')
      expect(skipped).toHaveLength(s.counts.skipped!)
      for (const i of skipped) expect(i.row).toBeGreaterThan(0)
      console.log(
        `${s.file}: ${report.counts.rows} rows, ${report.counts.accepted} accepted, ${report.counts.skipped} skipped (${report.counts.duplicatesInFile} duplicates, ${report.counts.noCoordinates} without coordinates), ${report.counts.withWarnings} with warnings`,
      )
    })
  }

  it('reports the childcare rows whose coordinates are "NA" instead of failing', async () => {
    const { report } = await load(SOURCES[2]!)
    const unplaced = report.issues.filter((i) => i.code === 'no_coordinates')
    expect(unplaced.map((i) => i.row)).toEqual([66, 82, 92, 114, 115, 116, 145, 213, 219, 273])
    // They have addresses: a geocoder (off by default) could place them.
    for (const i of unplaced) expect(i.message).toContain('address')
  })

  it('keeps phone extensions out and says so, never failing the row', async () => {
    const { records, report } = await load(SOURCES[0]!)
    const row3 = records.find((r) => r.source_row === 3)!
    expect(row3.phone).toBe('02-28381571')
    expect(report.issues).toContainEqual(
      expect.objectContaining({
        row: 3,
        field: 'phone',
        severity: 'warning',
        code: 'value_corrected',
      }),
    )
  })

  it('imported one after the other, the long-term-care stations are found to be care points already', async () => {
    const store: ExistingFacility[] = []
    const accepted: number[] = []
    const existingDups: number[] = []
    for (const s of SOURCES) {
      const { records, report } = await load(s, store)
      records.forEach((r, i) => store.push({ id: `${s.mapping}:${i}`, ...r }))
      accepted.push(report.counts.accepted)
      existingDups.push(report.counts.duplicatesExisting)
    }
    // 291 of the 292 C-level stations are run by the same association at the same place as a
    // care point (same name within 50 m, or same address); the other files do not overlap.
    expect(existingDups).toEqual([0, 291, 0, 0, 0])
    expect(accepted).toEqual([499, 1, 263, 402, 2982])
    expect(store).toHaveLength(4147)
  })
})
