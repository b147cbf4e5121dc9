import { describe, expect, it } from 'vitest'
import { catchInputError } from './input-issue.ts'
import { normalizePoint, normalizePolygonal, parseGeoJson } from './parse-geojson.ts'

const fc = (features: unknown[]): string => JSON.stringify({ type: 'FeatureCollection', features })

describe('parseGeoJson', () => {
  it('returns features with their index and properties', () => {
    const out = parseGeoJson(
      fc([
        { type: 'Feature', geometry: null, properties: { a: 1 } },
        { type: 'Feature', geometry: null },
      ]),
    )
    expect(out).toEqual([
      { index: 0, geometry: null, properties: { a: 1 } },
      { index: 1, geometry: null, properties: {} },
    ])
  })

  it('names the line and column of a JSON syntax error', () => {
    const e = catchInputError(() =>
      parseGeoJson('{\n  "type": "FeatureCollection",\n  "features": [,]\n}', {
        source: 'c.geojson',
      }),
    )!
    expect(e.message).toMatch(/^c\.geojson line 3 column \d+, field "file": not valid JSON/)
  })

  it('rejects what is not a FeatureCollection', () => {
    expect(
      catchInputError(() => parseGeoJson('{"type":"Polygon","coordinates":[]}'))!.message,
    ).toMatch(/field "type": expected "FeatureCollection", found "Polygon"/)
    expect(catchInputError(() => parseGeoJson('[1]'))!.message).toMatch(/FeatureCollection object/)
    expect(catchInputError(() => parseGeoJson('{"type":"FeatureCollection"}'))!.message).toMatch(
      /field "features"/,
    )
  })

  it('names every malformed feature', () => {
    const e = catchInputError(() =>
      parseGeoJson(
        fc([
          { type: 'Feature', geometry: null },
          { type: 'Point' },
          { type: 'Feature', properties: 3 },
        ]),
        { source: 'x' },
      ),
    )!
    expect(e.issues.map((i) => `${i.where}/${i.field}`)).toEqual([
      'feature 1/type',
      'feature 2/properties',
    ])
  })

  it('refuses a file over the size limit before parsing it', () => {
    expect(catchInputError(() => parseGeoJson(fc([]), { maxChars: 10 }))!.message).toMatch(
      /limit is 0\.0 MB/,
    )
  })

  it('strips a BOM', () => {
    expect(parseGeoJson('\uFEFF' + fc([]))).toEqual([])
  })
})

describe('normalizePoint', () => {
  it('reads string coordinates and drops a height', () => {
    expect(normalizePoint({ type: 'Point', coordinates: ['121.5', '25.03', 12] })).toEqual({
      ok: true,
      geometry: { type: 'Point', coordinates: [121.5, 25.03] },
      warnings: [],
    })
  })
  it('reports NA and absent coordinates as missing, text as invalid', () => {
    expect(normalizePoint({ type: 'Point', coordinates: ['NA', 'NA'] })).toMatchObject({
      ok: false,
      missing: true,
    })
    expect(normalizePoint(null)).toMatchObject({ ok: false, missing: true })
    expect(normalizePoint({ type: 'Point', coordinates: ['east', 25] })).toMatchObject({
      ok: false,
      missing: false,
    })
  })
  it('recognises swapped coordinates and other geometry types', () => {
    expect(normalizePoint({ type: 'Point', coordinates: [25.03, 121.5] })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/swapped/),
    })
    expect(normalizePoint({ type: 'LineString', coordinates: [] })).toMatchObject({
      ok: false,
      message: 'expected a Point, found LineString',
    })
  })
})

describe('normalizePolygonal', () => {
  const ring = [
    [121.5, 25, 0],
    [121.51, 25, 0],
    [121.51, 25.01, 0],
    [121.5, 25, 0],
  ]
  it('drops heights and keeps holes and parts', () => {
    const r = normalizePolygonal({ type: 'MultiPolygon', coordinates: [[ring], [ring, ring]] })
    expect(r.ok).toBe(true)
    if (r.ok && r.geometry.type === 'MultiPolygon') {
      expect(r.geometry.coordinates[1]!.length).toBe(2)
      expect(r.geometry.coordinates[0]![0]![0]).toEqual([121.5, 25])
    }
  })
  it('closes an open ring with a warning', () => {
    const r = normalizePolygonal({ type: 'Polygon', coordinates: [ring.slice(0, 3)] })
    expect(r).toMatchObject({ ok: true, warnings: ['ring 0 was not closed; closed it'] })
  })
  it('names the ring and position of a bad coordinate', () => {
    const swapped = ring.map(([x, y]) => [y, x])
    expect(normalizePolygonal({ type: 'Polygon', coordinates: [swapped] })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^ring 0 position 0: .*swapped/),
    })
    const bad = {
      type: 'MultiPolygon',
      coordinates: [[ring], [[...ring.slice(0, 2), ['x', 1], ring[0]]]],
    }
    expect(normalizePolygonal(bad)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^polygon 1 ring 0 position 2/),
    })
  })
  it('rejects degenerate rings and points', () => {
    expect(
      normalizePolygonal({ type: 'Polygon', coordinates: [[ring[0], ring[1], ring[0]]] }),
    ).toMatchObject({
      ok: false,
      message: expect.stringMatching(/at least 4/),
    })
    expect(normalizePolygonal({ type: 'Point', coordinates: [121, 25] })).toMatchObject({
      ok: false,
      missing: false,
    })
  })
})
