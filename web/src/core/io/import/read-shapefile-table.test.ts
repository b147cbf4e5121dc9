import { describe, expect, it } from 'vitest'
import { shapefileFiles } from '../../../../../tests/fixtures/import/write-shapefile.ts'
import { detectImportFormat } from './detect-import-format.ts'
import { checkDbfLayout, checkShpLayout, readShapefileTable } from './read-shapefile-table.ts'
import { zipSync } from 'fflate'

const point = { lon: 121.5, lat: 25.0, attributes: { NAME: 'a' } }

describe('Shapefile layout checks', () => {
  it('accept what the writer makes', () => {
    const f = shapefileFiles([point, point])
    expect(checkShpLayout(f['facilities.shp']!)).toBeNull()
    expect(checkDbfLayout(f['facilities.dbf']!)).toBeNull()
  })

  it('refuse a negative record length (shpjs would loop forever) and a record count past the end', () => {
    const f = shapefileFiles([point])
    const shp = f['facilities.shp']!.slice()
    new DataView(shp.buffer).setInt32(104, -4)
    expect(checkShpLayout(shp)).toMatch(/impossible length/)
    const dbf = f['facilities.dbf']!.slice()
    new DataView(dbf.buffer).setUint32(4, 4_000_000_000, true)
    expect(checkDbfLayout(dbf)).toMatch(/promises 4000000000 records/)
    const t = readShapefileTable(zipSync({ ...f, 'facilities.shp': shp }))
    expect(t.issues).toMatchObject([{ severity: 'error', code: 'file_unreadable' }])
  })

  it('tells a zipped Shapefile from an .xlsx by what the zip holds', () => {
    const zip = zipSync(shapefileFiles([point]))
    expect(detectImportFormat(zip, 'upload')).toEqual({ ok: true, format: 'shapefile' })
    const xlsx = zipSync({
      '[Content_Types].xml': new Uint8Array([60]),
      'xl/workbook.xml': new Uint8Array([60]),
    })
    expect(detectImportFormat(xlsx, 'upload.zip')).toEqual({ ok: true, format: 'xlsx' })
    expect(
      readShapefileTable(zipSync({ 'a.txt': new Uint8Array([1]) })).issues[0]!.message,
    ).toMatch(/no \.shp/)
  })
})
