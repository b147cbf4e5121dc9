import { area, booleanClockwise, booleanValid, kinks, polygon } from '@turf/turf'
import fc from 'fast-check'
import type { Position } from 'geojson'
import { describe, expect, it } from 'vitest'
import { meters } from '../../geo/units.ts'
import { createGridModel } from './grid-model.ts'
import { assembleRings, gapsFromGrid, traceMask } from './vectorize.ts'
import { generateTestCity } from '../test-city.ts'

/** Rings (cell units) as closed GeoJSON positions, scaled to small degrees for Turf. */
function asPolygon(rings: Array<{ xs: number[]; ys: number[] }>) {
  return polygon(
    rings.map((r) => {
      const out: Position[] = r.xs.map((x, i) => [121 + x * 1e-4, 31 + r.ys[i]! * 1e-4])
      out.push(out[0]!)
      return out
    }),
  )
}

function maskOf(rows: string[]): { mask: Uint8Array; width: number; height: number } {
  // rows[0] is the top row; the mask's row 0 is the bottom one.
  const height = rows.length
  const width = rows[0]!.length
  const mask = new Uint8Array(width * height)
  rows.forEach((line, i) => {
    for (let c = 0; c < width; c++) mask[(height - 1 - i) * width + c] = line[c] === '#' ? 1 : 0
  })
  return { mask, width, height }
}

describe('traceMask', () => {
  it('outlines an L as one counter-clockwise ring with merged straight runs', () => {
    const { mask, width, height } = maskOf(['#..', '###'])
    const rings = traceMask(mask, width, height)
    expect(rings).toHaveLength(1)
    expect(rings[0]!.xs).toHaveLength(6)
    expect(rings[0]!.area).toBeCloseTo(4, 12)
  })

  it('gives a hole as a clockwise ring inside its outer ring', () => {
    const { mask, width, height } = maskOf(['###', '#.#', '###'])
    const polys = assembleRings(traceMask(mask, width, height), 0)
    expect(polys).toHaveLength(1)
    expect(polys[0]).toHaveLength(2)
    expect(polys[0]![0]!.area).toBeCloseTo(9, 12)
    expect(polys[0]![1]!.area).toBeCloseTo(-1, 12)
  })

  it('keeps cells touching only at a corner apart, with chamfered corners', () => {
    const { mask, width, height } = maskOf(['.#', '#.'])
    const rings = traceMask(mask, width, height)
    expect(rings).toHaveLength(2)
    for (const r of rings) {
      expect(r.area).toBeGreaterThan(0.99)
      expect(r.area).toBeLessThan(1)
      expect(kinks(asPolygon([r])).features).toHaveLength(0)
    }
  })

  it('makes valid polygons from random masks, saddles included, with the cells’ area', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.boolean(), { minLength: 144, maxLength: 144 }),
        (width, height, bits) => {
          const mask = Uint8Array.from(bits.slice(0, width * height).map((b) => (b ? 1 : 0)))
          const polys = assembleRings(traceMask(mask, width, height), 0)
          let total = 0
          for (const poly of polys) {
            const p = asPolygon(poly)
            expect(kinks(p).features).toHaveLength(0)
            expect(booleanValid(p)).toBe(true)
            expect(booleanClockwise(p.geometry.coordinates[0]!)).toBe(false)
            for (const hole of p.geometry.coordinates.slice(1))
              expect(booleanClockwise(hole)).toBe(true)
            for (const r of poly) total += r.area
          }
          const cells = mask.reduce((s, v) => s + v, 0)
          // Each chamfered corner (two per diagonal touch) takes 0.05² / 2 of a cell.
          expect(total).toBeLessThanOrEqual(cells + 1e-9)
          expect(total).toBeGreaterThan(cells - 0.01 * (width + 1) * (height + 1))
        },
      ),
      { numRuns: 200 },
    )
  })

  it('drops pieces under the minimum area', () => {
    const { mask, width, height } = maskOf(['#...', '..##', '..##'])
    expect(assembleRings(traceMask(mask, width, height), 0)).toHaveLength(2)
    expect(assembleRings(traceMask(mask, width, height), 2)).toHaveLength(1)
  })
})

describe('gapsFromGrid', () => {
  it('gap area + covered area = community area, and every gap is a valid WGS-84 MultiPolygon', () => {
    const city = generateTestCity({ seed: 31, communities: 9, facilities: 90, reachM: 400 })
    const model = createGridModel({
      communities: city.communities,
      facilities: city.facilities,
      settings: {
        method: 'fast',
        cell_m: meters(10),
        categories: city.categories.map((c) => ({ ...c, reach_m: meters(400) })),
      },
    })
    const result = model.result()
    let partial = 0
    for (const c of result.communities) {
      for (const code of ['canteen', 'store']) {
        const gap = gapsFromGrid(model, c.id, code, 0)!
        expect(gap.geometry.type).toBe('MultiPolygon')
        expect(kinks(gap).features).toHaveLength(0)
        expect(booleanValid(gap)).toBe(true)
        for (const poly of gap.geometry.coordinates) {
          for (const ring of poly) expect(ring[0]).toEqual(ring[ring.length - 1])
          const [lon, lat] = poly[0]![0]!
          expect(lon).toBeGreaterThan(121)
          expect(lat).toBeGreaterThan(31)
        }
        const share = c.categories[code]!.area_share
        if (share > 0.05 && share < 0.95) partial++
        // Cells count whole (≥ half inside, beyond reach); covered area counts fractions: they
        // differ by part of a boundary row of cells, under 1% of a 1 km² community.
        expect(Math.abs(area(gap) + share * c.area_m2 - c.area_m2) / c.area_m2).toBeLessThan(0.01)
      }
    }
    expect(partial).toBeGreaterThan(3)
    expect(gapsFromGrid(model, 'nope', 'canteen')).toBeNull()
  })
})
