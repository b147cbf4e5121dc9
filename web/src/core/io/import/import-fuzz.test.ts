/**
 * Hostile and broken input on purpose: random and mutated CSV, XLSX, GeoJSON and Shapefile bytes
 * never make the importer throw, and every report names the file problem or the bad rows'
 * row and field. fast-check runs from the run's printed seed (FC_SEED replays it).
 */
import fc from 'fast-check'
import { zipSync } from 'fflate'
import { afterAll, describe, expect, it } from 'vitest'
import writeXlsxFile from 'write-excel-file/universal'
import { byteMutation, mutateBytes } from '../../../../../tests/fixtures/fuzz/mutate-bytes.ts'
import { encodeGbk } from '../../../../../tests/fixtures/import/gbk-encode.ts'
import { shapefileFiles } from '../../../../../tests/fixtures/import/write-shapefile.ts'
import { inChina } from '../../catalog/geo-limits.ts'
import { parseHours } from '../../catalog/opening-hours.ts'
import { importFile } from './import-facilities.ts'
import type { ImportResult } from './import-types.ts'
import { PHONE_PATTERN, charLength } from './import-values.ts'

let cases = 0
afterAll(() => {
  console.log(`importer fuzz cases run: ${cases}`)
})

/** What every result must satisfy, whatever the bytes were. */
function checkResult(result: ImportResult): void {
  cases++
  const { records, report } = result
  if (!report.ok) {
    expect(records).toEqual([])
    const errors = report.issues.filter((i) => i.severity === 'error')
    expect(errors.length).toBeGreaterThan(0)
    for (const e of errors) {
      expect(e.row).toBeNull()
      expect(e.field.length).toBeGreaterThan(0)
      expect(e.message.length).toBeGreaterThan(0)
    }
    return
  }
  const c = report.counts
  // Every row is in exactly one bucket.
  expect(c.accepted + c.rejected + c.skipped).toBe(c.rows)
  expect(records).toHaveLength(c.accepted)
  for (const issue of report.issues) {
    expect(issue.severity).not.toBe('error')
    expect(issue.row).toBeGreaterThan(0)
    expect(issue.field.length).toBeGreaterThan(0)
    expect(issue.message.length).toBeGreaterThan(0)
  }
  const rejectedRows = new Set(
    report.issues.filter((i) => i.severity === 'rejected').map((i) => i.row),
  )
  expect(rejectedRows.size).toBe(c.rejected)
  for (const r of records) {
    expect(rejectedRows.has(r.source_row)).toBe(false)
    expect(Number.isFinite(r.lon) && Number.isFinite(r.lat)).toBe(true)
    expect(inChina(r.lon, r.lat)).toBe(true)
    expect(r.name.trim().length).toBeGreaterThan(0)
    expect(charLength(r.name)).toBeLessThanOrEqual(120)
    if (r.hours !== null) expect(parseHours(r.hours).ok).toBe(true)
    if (r.phone !== null) expect(r.phone).toMatch(PHONE_PATTERN)
  }
}

// Values a facility file holds, good and bad: names with markup, Chinese and English types,
// coordinates inside and outside China, swapped, "NA", text; hours in several forms.
const cellText = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '便利店',
    '老年食堂',
    'childcare',
    '托育點',
    '健身点',
    'unknown',
    '<img src=x onerror=alert(1)>',
    '"',
    ',',
    '\n',
    'NA',
    '',
  ),
)
const coordinate = fc.oneof(
  fc.double({ min: 73, max: 135, noNaN: true }).map(String),
  fc.double({ min: 18, max: 53, noNaN: true }).map(String),
  fc.double().map(String),
  fc.constantFrom('NA', '', 'abc', '1e400', '-0', '121,5', '２５.０'),
)
const hours = fc.constantFrom(
  '8:00-20:00',
  '周一至周五 8:30-17:00',
  '全天',
  '25:99',
  '营业到很晚',
  '',
)
const row = fc.tuple(
  cellText,
  cellText,
  cellText,
  coordinate,
  coordinate,
  fc.string({ maxLength: 20 }),
  hours,
)
const HEADER = ['名称', '类型', '地址', '经度', '纬度', '电话', '营业时间']

function toCsv(rows: string[][]): string {
  const q = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
  return [HEADER, ...rows].map((r) => r.map(q).join(',')).join('\r\n')
}

const safeGbk = (text: string): Uint8Array => {
  try {
    return encodeGbk(text)
  } catch {
    return new TextEncoder().encode(text)
  }
}

describe('importer fuzzing', () => {
  it('CSV: random bytes never throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
        checkResult(await importFile(bytes, 'random.csv'))
      }),
      { numRuns: 300 },
    )
  })

  it('CSV: generated files (UTF-8, BOM, GBK), mutated or not, are reported row by row', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { maxLength: 12 }),
        fc.constantFrom('utf-8', 'bom', 'gbk'),
        fc.option(byteMutation, { nil: undefined }),
        async (rows, enc, m) => {
          const text = toCsv(rows)
          let bytes = enc === 'gbk' ? safeGbk(text) : new TextEncoder().encode(text)
          if (enc === 'bom') bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes])
          if (m) bytes = mutateBytes(bytes, m)
          const result = await importFile(bytes, 'gen.csv')
          checkResult(result)
          if (!m && rows.length > 0 && result.report.ok)
            expect(result.report.counts.rows).toBe(rows.length)
        },
      ),
      { numRuns: 400 },
    )
  })

  it('GeoJSON: random JSON and mutated collections never throw', async () => {
    const feature = fc.record({
      type: fc.constantFrom('Feature', 'Feature', 'feature', 'Point'),
      geometry: fc.oneof(
        fc.constant(null),
        fc.record({
          type: fc.constant('Point'),
          coordinates: fc.array(fc.oneof(fc.double(), coordinate, fc.constant(null)), {
            maxLength: 4,
          }),
        }),
        fc.record({
          type: fc.constantFrom('Polygon', 'LineString', 'MultiPoint'),
          coordinates: fc.jsonValue({ maxDepth: 3 }),
        }),
        fc.jsonValue({ maxDepth: 2 }),
      ),
      properties: fc.oneof(
        fc.record({
          name: cellText,
          type: cellText,
          address: cellText,
          phone: fc.string({ maxLength: 12 }),
          hours,
        }),
        fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
        fc.constant(null),
      ),
    })
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc
            .array(feature, { maxLength: 8 })
            .map((features) => JSON.stringify({ type: 'FeatureCollection', features })),
          fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? ''),
        ),
        fc.option(byteMutation, { nil: undefined }),
        async (text, m) => {
          let bytes: Uint8Array = new TextEncoder().encode(text)
          if (m) bytes = mutateBytes(bytes, m)
          checkResult(await importFile(bytes, 'gen.geojson'))
        },
      ),
      { numRuns: 400 },
    )
  })

  it('Shapefile: generated zips with damaged .shp/.dbf/.prj/.cpg or a damaged zip never throw', async () => {
    const point = fc.record({
      lon: fc.oneof(fc.double({ min: 73, max: 135, noNaN: true }), fc.double(), fc.constant(null)),
      lat: fc.oneof(fc.double({ min: 18, max: 53, noNaN: true }), fc.double()),
      attributes: fc.record({ NAME: cellText, TYPE: cellText, ADDR: cellText }),
    })
    await fc.assert(
      fc.asyncProperty(
        fc.array(point, { maxLength: 8 }),
        fc.record({
          target: fc.constantFrom('none', 'shp', 'dbf', 'prj', 'cpg', 'zip'),
          m: byteMutation,
          gbk: fc.boolean(),
          prj: fc.constantFrom(
            undefined,
            'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["Degree",0.0174532925199433]]',
            'PROJCS["garbage',
          ),
          cpg: fc.constantFrom(undefined, 'UTF-8', 'GBK', '936', 'nonsense'),
        }),
        async (points, opt) => {
          const pts = points.map((p) => ({ ...p, lat: p.lon === null ? null : p.lat }))
          const files = shapefileFiles(pts, {
            prj: opt.prj,
            cpg: opt.cpg,
            encode: opt.gbk ? safeGbk : undefined,
          })
          const key = Object.keys(files).find((k) => k.endsWith(`.${opt.target}`))
          if (key) files[key] = mutateBytes(files[key]!, opt.m)
          let zip: Uint8Array = zipSync(files)
          if (opt.target === 'zip') zip = mutateBytes(zip, opt.m)
          checkResult(await importFile(zip, 'gen.zip'))
        },
      ),
      { numRuns: 300 },
    )
  })

  it('XLSX: generated workbooks, mutated or not, never throw', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 6 }),
        fc.option(byteMutation, { nil: undefined }),
        async (rows, m) => {
          const sheet = [HEADER, ...rows].map((r) =>
            r.map((v) => {
              const n = Number(v)
              return v !== '' && Number.isFinite(n) ? { value: n } : { value: v }
            }),
          )
          const blob = await writeXlsxFile(sheet).toBlob()
          let bytes: Uint8Array = new Uint8Array(await blob.arrayBuffer())
          if (m) bytes = mutateBytes(bytes, m)
          checkResult(await importFile(bytes, 'gen.xlsx'))
        },
      ),
      { numRuns: 80 },
    )
  })

  it('fixed hostile cases: deep nesting, NUL bytes, UTF-16, a zip bomb-sized claim', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000)
    const nested = await importFile(
      new TextEncoder().encode(
        `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":${deep}},"properties":{}}]}`,
      ),
      'deep.geojson',
    )
    checkResult(nested)
    const utf16 = await importFile(new Uint8Array([0xff, 0xfe, 0x41, 0, 0x42, 0]), 'u16.csv')
    expect(utf16.report.issues[0]!.message).toMatch(/UTF-16/)
    checkResult(utf16)
    checkResult(await importFile(new Uint8Array(1000), 'zeros.csv'))
    checkResult(await importFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]), 'x.zip'))
  })
})
