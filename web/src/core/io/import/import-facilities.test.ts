import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import gcoord from 'gcoord'
import { describe, expect, it } from 'vitest'
import writeXlsxFile from 'write-excel-file/universal'
import { encodeGbk } from '../../../../../tests/fixtures/import/gbk-encode.ts'
import {
  WGS84_PRJ,
  writeShapefileZip,
} from '../../../../../tests/fixtures/import/write-shapefile.ts'
import { parseMappingJson } from './field-mapping.ts'
import { importFile, readImportTable } from './import-facilities.ts'
import type { ImportIssue } from './import-types.ts'

const FIXTURES = join(import.meta.dirname, '../../../../../tests/fixtures/import')
const utf8 = (s: string) => new TextEncoder().encode(s)
const byRow = (issues: ImportIssue[], row: number) => issues.filter((i) => i.row === row)

describe('importFile: GBK CSV with bad rows (tests/fixtures/import/gbk-facilities.csv)', async () => {
  // Made once with python3: "\r\n".join(rows).encode('gbk'); rows 4–10 are each wrong in one way.
  const bytes = new Uint8Array(readFileSync(join(FIXTURES, 'gbk-facilities.csv')))
  const { records, report } = await importFile(bytes, 'gbk-facilities.csv')

  it('detects the encoding and maps the Chinese headers', () => {
    expect(report.ok).toBe(true)
    expect(report.encoding).toBe('gb18030')
    expect(report.mappingAutomatic).toBe(true)
    expect(report.mapping).toEqual({
      name: '名称',
      category: '类型',
      address: '地址',
      lon: '经度',
      lat: '纬度',
      phone: '电话',
      hours: '营业时间',
      capacity: '床位',
      inclusive: '普惠',
      status: '状态',
    })
  })

  it('normalises the good rows', () => {
    expect(records.map((r) => r.source_row)).toEqual([2, 3, 9])
    expect(records[0]).toEqual({
      name: '幸福里老年食堂',
      category: 'canteen',
      address: '上海市黄浦区幸福路1号',
      phone: '021-63211234',
      hours: 'Mo-Fr 08:30-17:00',
      capacity: 40,
      operator: null,
      inclusive: true,
      status: 'open',
      lon: 121.4801,
      lat: 31.2301,
      source_row: 2,
    })
    expect(records[1]).toMatchObject({ category: 'childcare', hours: '08:00-18:00', capacity: 30 })
  })

  it('names the row, field and reason of every bad row', () => {
    const issues = report.issues
    expect(byRow(issues, 4)).toMatchObject([
      { field: 'name', severity: 'rejected', code: 'name_missing' },
    ])
    expect(byRow(issues, 5)).toMatchObject([
      { field: 'lon', severity: 'rejected', code: 'swapped' },
    ])
    expect(byRow(issues, 6)).toMatchObject([
      { field: 'lon', severity: 'rejected', code: 'outside_china' },
    ])
    expect(byRow(issues, 7)).toMatchObject([
      { field: 'lon', severity: 'skipped', code: 'no_coordinates' },
    ])
    expect(byRow(issues, 8)).toMatchObject([
      { field: 'name', severity: 'skipped', code: 'duplicate_in_file', duplicateOf: { row: 2 } },
    ])
    // Markup is kept as text and flagged; unreadable hours are dropped, the row kept.
    expect(byRow(issues, 9)).toMatchObject([
      { field: 'name', severity: 'warning', code: 'html' },
      { field: 'hours', severity: 'warning', code: 'hours_unparsed' },
    ])
    expect(records[2]!.name).toBe('<script>alert(1)</script>健身点')
    expect(records[2]!.hours).toBeNull()
    expect(byRow(issues, 10)).toMatchObject([
      { field: 'category', severity: 'rejected', code: 'no_category' },
    ])
    expect(byRow(issues, 10)[0]!.message).toContain('菜市场')
    expect(report.counts).toEqual({
      rows: 9,
      accepted: 3,
      rejected: 4,
      skipped: 2,
      duplicatesInFile: 1,
      duplicatesExisting: 0,
      noCoordinates: 1,
      withWarnings: 1,
    })
  })
})

describe('importFile: formats', () => {
  it('reads an XLSX workbook written by write-excel-file, converting GCJ-02 to WGS-84', async () => {
    const wgs: [number, number] = [121.4737, 31.2304]
    const gcj = gcoord.transform(wgs, gcoord.WGS84, gcoord.GCJ02) as [number, number]
    const blob = await writeXlsxFile([
      [
        { value: 'Name' },
        { value: 'Type' },
        { value: 'Address' },
        { value: 'lng' },
        { value: 'lat' },
        { value: 'Phone' },
        { value: 'opening_hours' },
        { value: 'Capacity' },
      ],
      [
        { value: 'Corner Store' },
        { value: 'convenience store' },
        { value: '南京东路1号' },
        { value: gcj[0] },
        { value: gcj[1] },
        { value: '021 5555 0000' },
        { value: '全天' },
        { value: 12 },
      ],
      [null, null, null, null, null, null, null, null],
      [
        { value: 'Gym' },
        { value: 'fitness' },
        null,
        { value: 'abc' },
        { value: gcj[1] },
        null,
        null,
        null,
      ],
    ]).toBlob()
    const bytes = new Uint8Array(await blob.arrayBuffer())
    const { records, report } = await importFile(bytes, 'sites.xlsx', { crs: 'gcj02' })
    expect(report.format).toBe('xlsx')
    expect(report.crs).toBe('gcj02')
    expect(records).toHaveLength(1)
    const r = records[0]!
    expect(r).toMatchObject({
      name: 'Corner Store',
      category: 'store',
      hours: '24/7',
      capacity: 12,
      phone: '021 5555 0000',
      source_row: 2,
    })
    // gcoord inverts GCJ-02 iteratively to 1e-6°: within 1e-5° (about 1 m) of the start.
    expect(Math.abs(r.lon - wgs[0])).toBeLessThan(1e-5)
    expect(Math.abs(r.lat - wgs[1])).toBeLessThan(1e-5)
    // The empty row is skipped; the next keeps its Excel row number.
    expect(report.issues).toMatchObject([{ row: 4, field: 'lon', code: 'invalid' }])
  })

  it('reads GeoJSON points: string and 3-D coordinates, "NA", other geometries reported', async () => {
    const fc = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } },
      features: [
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: ['121.5', '25.05', 0] },
          properties: { 名稱: '甲', 類型: '托育點', tags: { a: 1 } },
        },
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: ['NA', 'NA'] },
          properties: { 名稱: '乙', 類型: '托育點' },
        },
        {
          type: 'Feature',
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [121, 25],
                [121.1, 25],
                [121, 25.1],
                [121, 25],
              ],
            ],
          },
          properties: { 名稱: '丙', 類型: '托育點' },
        },
        { type: 'Feature', geometry: null, properties: { 名稱: '丁', 類型: '托育點' } },
        'not a feature',
      ],
    }
    const { records, report } = await importFile(utf8(JSON.stringify(fc)), 'c.geojson')
    expect(report.headers).toEqual(['名稱', '類型', 'tags'])
    expect(report.notes.join('\n')).toContain('urn:ogc:def:crs:OGC:1.3:CRS84')
    expect(records).toMatchObject([
      { name: '甲', category: 'childcare', lon: 121.5, lat: 25.05, source_row: 1 },
    ])
    expect(report.issues).toMatchObject([
      { row: 2, code: 'no_coordinates' },
      { row: 3, field: 'geometry', code: 'geometry' },
      { row: 4, code: 'no_coordinates' },
      { row: 5, field: 'feature', code: 'geometry' },
    ])
  })

  it('reads a zipped Shapefile: .prj noted, GBK .dbf without .cpg detected, null shapes reported', async () => {
    const zip = writeShapefileZip(
      [
        {
          lon: 121.51,
          lat: 25.04,
          attributes: { NAME: '大安托嬰中心', TYPE: '托嬰中心', ADDR: '臺北市大安區1號' },
        },
        { lon: null, lat: null, attributes: { NAME: '無座標', TYPE: '托嬰中心', ADDR: '' } },
      ],
      { prj: WGS84_PRJ, encode: encodeGbk },
    )
    const { records, report } = await importFile(zip, 'childcare.zip')
    expect(report.format).toBe('shapefile')
    expect(report.encoding).toMatch(/^gb18030/)
    expect(report.notes.join('\n')).toContain('GCS_WGS_1984')
    expect(report.mapping).toMatchObject({ name: 'NAME', category: 'TYPE', address: 'ADDR' })
    expect(records).toMatchObject([
      { name: '大安托嬰中心', category: 'childcare', address: '臺北市大安區1號', source_row: 1 },
    ])
    expect(records[0]!.lon).toBeCloseTo(121.51, 9)
    expect(report.issues).toMatchObject([{ row: 2, code: 'no_coordinates' }])
  })

  it('reads a UTF-8 .dbf named by its .cpg', async () => {
    const zip = writeShapefileZip(
      [{ lon: 116.39, lat: 39.9, attributes: { 名称: '东城便利店', 类型: '便利店' } }],
      { cpg: 'UTF-8' },
    )
    const { records, report } = await importFile(zip, 'x.zip')
    expect(report.encoding).toBe('UTF-8 (from the .cpg)')
    expect(records).toMatchObject([{ name: '东城便利店', category: 'store' }])
    expect(report.notes.join('\n')).toContain('no .prj')
  })
})

describe('importFile: options', () => {
  const csv = utf8(
    [
      '機構名稱,經度,緯度,地址',
      '甲托育,121.5000,25.0400,臺北市大安區和平東路1號',
      '乙托育,121.5100,25.0500,台北市大安區 和平東路1號',
      '丙托育,121.5200,25.0600,',
    ].join('\n'),
  )

  it('takes a mapping and one category for every row', async () => {
    const m = parseMappingJson('{ "name": "機構名稱", "lon": "經度", "lat": "緯度" }')
    expect(m.ok).toBe(true)
    const { records, report } = await importFile(csv, 'a.csv', {
      mapping: m.ok ? m.mapping : {},
      category: '托育点',
    })
    expect(report.mappingAutomatic).toBe(false)
    expect(records.map((r) => [r.name, r.category, r.address])).toEqual([
      ['甲托育', 'childcare', null],
      ['乙托育', 'childcare', null],
      ['丙托育', 'childcare', null],
    ])
  })

  it('refuses a mapping that names a missing column, and an unknown category', async () => {
    const r = await importFile(csv, 'a.csv', {
      mapping: { name: '名稱', lon: '經度', lat: '緯度' },
      category: 'store',
    })
    expect(r.report.ok).toBe(false)
    expect(r.report.issues).toMatchObject([
      { row: null, field: 'name', code: 'mapping_unknown_column' },
    ])
    const c = await importFile(csv, 'a.csv', { category: '菜市场' })
    expect(c.report.issues).toMatchObject([{ row: null, field: 'category', severity: 'error' }])
  })

  it('finds duplicates by address within the file and by name near existing records', async () => {
    const { records, report } = await importFile(csv, 'a.csv', {
      category: 'childcare',
      existing: [
        { id: 'f-1', name: '丙 托育', lon: 121.5202, lat: 25.0601, category: 'childcare' },
      ],
    })
    expect(records.map((r) => r.name)).toEqual(['甲托育'])
    expect(report.issues).toMatchObject([
      { row: 3, code: 'duplicate_in_file', duplicateOf: { row: 2 } },
      { row: 4, code: 'duplicate_existing', duplicateOf: { existing: 'f-1' } },
    ])
    expect(report.counts).toMatchObject({ duplicatesInFile: 1, duplicatesExisting: 1, skipped: 2 })
  })

  it('places rows without coordinates with a geocoder when one is given', async () => {
    const text = '名称,类型,地址,经度,纬度\n甲,便利店,北京市东城区1号,,\n乙,便利店,,,\n'
    const geocoder = {
      name: 'test gazetteer',
      geocode: async ({ address }: { address: string }) =>
        address.startsWith('北京') ? { lon: 116.4, lat: 39.9, crs: 'wgs84' as const } : null,
    }
    const { records, report } = await importFile(utf8(text), 'g.csv', { geocoder })
    expect(records).toMatchObject([{ name: '甲', lon: 116.4, lat: 39.9 }])
    expect(report.issues).toMatchObject([
      { row: 2, code: 'geocoded', severity: 'warning' },
      { row: 3, code: 'no_coordinates', severity: 'skipped' },
    ])
  })

  it('hints at GCJ-02 declared as WGS-84 when reference points are given', async () => {
    // References: WGS-84 points on a 20 × 20 grid in central Shanghai; the file: the same
    // places as an AMap export (GCJ-02), about 500 m off.
    const refs: [number, number][] = []
    for (let i = 0; i < 20; i++)
      for (let j = 0; j < 20; j++) refs.push([121.4 + i * 0.01, 31.15 + j * 0.01])
    const lines = ['name,lon,lat,type']
    refs.forEach(([x, y], k) => {
      const [gx, gy] = gcoord.transform([x, y], gcoord.WGS84, gcoord.GCJ02) as [number, number]
      lines.push(`site ${k},${gx},${gy},store`)
    })
    const bytes = utf8(lines.join('\n'))
    const wrong = await importFile(bytes, 'amap.csv', { references: refs })
    expect(wrong.report.offsetHint).toMatch(/GCJ-02/)
    const right = await importFile(bytes, 'amap.csv', { references: refs, crs: 'gcj02' })
    expect(right.report.offsetHint).toBeNull()
    expect(right.records).toHaveLength(400)
  })

  it('refuses a file over the size limit before reading it', async () => {
    const t = await readImportTable(new Uint8Array(2048), 'big.csv', { maxBytes: 1024 })
    expect(t.issues).toMatchObject([{ code: 'file_too_large', severity: 'error' }])
  })

  it('refuses .xls, lone .shp and header-only files with a file-level error', async () => {
    const xls = await importFile(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2]), 'old.xls')
    expect(xls.report.issues[0]!.message).toMatch(/\.xlsx/)
    const shp = await importFile(new Uint8Array([0, 0, 0x27, 0x0a]), 'a.shp')
    expect(shp.report.issues[0]!.message).toMatch(/zip/)
    const header = await importFile(utf8('名称,经度,纬度\n'), 'h.csv', { category: 'store' })
    expect(header.report).toMatchObject({ ok: false, issues: [{ code: 'no_rows' }] })
  })
})
