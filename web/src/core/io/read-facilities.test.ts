import { describe, expect, it } from 'vitest'
import { catchInputError } from './input-issue.ts'
import { readFacilities } from './read-facilities.ts'

const point = (coordinates: unknown[], properties: Record<string, unknown>): unknown => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates },
  properties,
})
const fc = (...features: unknown[]): string =>
  JSON.stringify({ type: 'FeatureCollection', features })

describe('readFacilities from CSV', () => {
  it('maps Traditional Chinese headers, string coordinates and a fixed category', () => {
    const csv =
      '\uFEFF序號,據點名稱,緯度,經度\r\n1,"關懷據點, 士林",25.1092589,121.5322353\r\n2,長青食堂,25.0,121.5\r\n'
    const { features, issues } = readFacilities(csv, { source: 'care.csv', category: 'canteen' })
    expect(issues).toEqual([])
    expect(features[0]).toEqual({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [121.5322353, 25.1092589] },
      properties: { id: 'care-2', category: 'canteen', name: '關懷據點, 士林', capacity: null },
    })
    expect(features).toHaveLength(2)
  })

  it('reads the category, status and capacity columns and makes up ids from line numbers', () => {
    const csv =
      'lng,lat,category,status,capacity\n121.5,25,store,open,\n121.6,25.1,childcare,規劃,30\n'
    const { features } = readFacilities(csv, {
      source: 'dir/mixed.csv',
      categories: ['store', 'childcare'],
    })
    expect(features.map((f) => f.properties)).toEqual([
      { id: 'mixed-2', category: 'store', status: 'open', capacity: null },
      { id: 'mixed-3', category: 'childcare', status: 'planned', capacity: 30 },
    ])
  })

  it('skips NA and empty coordinates and reports each skipped row', () => {
    const csv = 'name,lat,lon\na,25,121.5\nb,NA,NA\nc,,\n'
    const { features, issues } = readFacilities(csv, { source: 's.csv', category: 'store' })
    expect(features.map((f) => f.properties.name)).toEqual(['a'])
    expect(issues.map((i) => [i.where, i.field, i.severity])).toEqual([
      ['row 3', 'lon/lat', 'skipped'],
      ['row 4', 'lon/lat', 'skipped'],
    ])
  })

  it('rejects the file listing every bad row and field', () => {
    const csv = [
      'id,name,lat,lon,category,capacity',
      '1,ok,25,121.5,store,',
      '2,swapped,121.5,25,store,',
      '3,<script>x</script>,25,121.5,store,',
      '1,dup,25.1,121.5,store,',
      '5,bad cat,25,121.5,bank,',
      '6,bad cap,25,121.5,store,-3',
      '7,text,25,east,store,',
    ].join('\n')
    const e = catchInputError(() =>
      readFacilities(csv, { source: 'f.csv', categories: ['store'] }),
    )!
    expect(
      e.issues.filter((i) => i.severity === 'error').map((i) => `${i.where} ${i.field}`),
    ).toEqual([
      'row 3 lon/lat',
      'row 4 name',
      'row 5 id',
      'row 6 category',
      'row 7 capacity',
      'row 8 lon/lat',
    ])
    expect(e.message).toContain(
      'f.csv row 3, field "lon/lat": (25, 121.5) looks like latitude and longitude swapped',
    )
    expect(e.message).toContain('duplicate id "1" (also row 2)')
  })

  it('says which columns it looked for when coordinates or categories cannot be found', () => {
    expect(
      catchInputError(() =>
        readFacilities('名字,地址\na,b', { source: 'x.csv', category: 'store' }),
      )!.message,
    ).toMatch(/x\.csv header, field "lon": no longitude\/latitude columns .* in header: 名字, 地址/)
    expect(
      catchInputError(() => readFacilities('lon,lat\n121,25', { source: 'x.csv' }))!.message,
    ).toMatch(/no category column/)
    expect(
      catchInputError(() =>
        readFacilities('lon,lat\n121,25', { category: 'store', fields: { id: 'code' } }),
      )!.message,
    ).toMatch(/field "id": no column or property named "code"/)
  })

  it('warns about exact duplicate rows but keeps them', () => {
    const { features, issues } = readFacilities('name,lon,lat\nA,121.5,25\nA,121.5,25\n', {
      category: 'store',
    })
    expect(features).toHaveLength(2)
    expect(issues).toMatchObject([{ where: 'row 3', severity: 'warning' }])
    // Unnamed points at one position (one building) are not flagged.
    const unnamed = readFacilities('lon,lat\n121.5,25\n121.5,25\n', { category: 'store' })
    expect(unnamed.issues).toEqual([])
  })
})

describe('readFacilities from GeoJSON', () => {
  it('reads Point features, names, ids and skips "NA" coordinates', () => {
    const text = fc(
      point([121.5077, 25.0329], { inst_name: '托嬰中心' }),
      point(['NA', 'NA'], { inst_name: '公共托育家園' }),
      point(['121.6', '25.1', 0], { inst_name: '親子館' }),
    )
    const { features, issues } = readFacilities(text, {
      source: 'childcare.geojson',
      category: 'childcare',
    })
    expect(
      features.map((f) => [f.properties.id, f.properties.name, f.geometry.coordinates]),
    ).toEqual([
      ['childcare-0', '托嬰中心', [121.5077, 25.0329]],
      ['childcare-2', '親子館', [121.6, 25.1]],
    ])
    expect(issues).toMatchObject([{ where: 'feature 1', field: 'geometry', severity: 'skipped' }])
  })

  it('names the feature and property at fault', () => {
    const text = fc(
      point([121.5, 25], { id: 'a', category: 'store' }),
      point([121.5, 25], { id: 'b', category: 'store', status: 'maybe' }),
    )
    expect(catchInputError(() => readFacilities(text, { source: 'f.geojson' }))!.message).toBe(
      'f.geojson feature 1, field "status": unknown status "maybe" (open, closed or planned)',
    )
  })

  it('rejects a non-point geometry and positions outside the region, unless the region is lifted', () => {
    const line = {
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: [] },
      properties: {},
    }
    expect(catchInputError(() => readFacilities(fc(line), { category: 'store' }))!.message).toMatch(
      /feature 0, field "geometry": expected a Point/,
    )
    const paris = fc(point([2.35, 48.85], {}))
    expect(catchInputError(() => readFacilities(paris, { category: 'store' }))!.message).toMatch(
      /outside the expected region/,
    )
    expect(readFacilities(paris, { category: 'store', region: null }).features).toHaveLength(1)
  })
})
