import fc from 'fast-check'
import gcoord from 'gcoord'
import { describe, expect, it } from 'vitest'
import { checkOffset, distanceM, toWgs84 } from './import-coordinates.ts'

describe('coordinate systems', () => {
  it('converts GCJ-02 and BD-09 back to WGS-84 within 1 m over mainland China (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 100, max: 122, noNaN: true }),
        fc.double({ min: 22, max: 42, noNaN: true }),
        (lon, lat) => {
          for (const [crs, to] of [
            ['gcj02', gcoord.GCJ02],
            ['bd09', gcoord.BD09],
          ] as const) {
            const shifted = gcoord.transform([lon, lat], gcoord.WGS84, to) as [number, number]
            const [x, y] = toWgs84(shifted[0], shifted[1], crs)
            // gcoord inverts GCJ-02 iteratively to 1e-6°; stated tolerance 1 m.
            expect(distanceM(x, y, lon, lat)).toBeLessThan(1)
          }
        },
      ),
      { numRuns: 200 },
    )
    expect(toWgs84(121.5, 25, 'wgs84')).toEqual([121.5, 25])
  })

  it('says nothing without references, and nothing when the declared system fits', () => {
    expect(checkOffset([[121.4, 31.2]], 'wgs84', []).hint).toBeNull()
    const refs: [number, number][] = Array.from({ length: 50 }, (_, i) => [
      121.4 + i * 0.002,
      31.2 + (i % 7) * 0.002,
    ])
    expect(checkOffset(refs, 'wgs84', refs)).toMatchObject({ likely: null, hint: null })
    const baidu = refs.map(
      ([x, y]) => gcoord.transform([x, y], gcoord.WGS84, gcoord.BD09) as [number, number],
    )
    const r = checkOffset(baidu, 'wgs84', refs)
    expect(r.likely).toBe('bd09')
    expect(r.medianM.bd09).toBeLessThan(1)
    expect(r.hint).toMatch(/BD-09/)
  })
})
