import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { greatCircleRaw } from './distance-source.ts'
import { GeoPointIndex } from './geo-point-index.ts'

const brute = (lon: number[], lat: number[], q: [number, number], r: number): number[] =>
  lon
    .map((x, i) => ({ i, m: greatCircleRaw(q[0], q[1], x, lat[i]!) }))
    .filter((e) => e.m <= r)
    .sort((a, b) => a.m - b.m || a.i - b.i)
    .map((e) => e.i)

describe('GeoPointIndex', () => {
  it('is empty without points', () => {
    const index = new GeoPointIndex([], [])
    expect(index.size).toBe(0)
    expect(index.within(0, 0, 1e7)).toEqual([])
  })

  it('finds points within a radius, nearest first, in a city', () => {
    const lon = [121.43, 121.431, 121.44, 121.5]
    const lat = [31.04, 31.04, 31.04, 31.04]
    const index = new GeoPointIndex(lon, lat)
    const hits = index.within(121.4301, 31.04, 1000)
    expect(hits.map((h) => h.i)).toEqual([0, 1, 2])
    expect(hits[0]!.m).toBeCloseTo(greatCircleRaw(121.4301, 31.04, 121.43, 31.04), 9)
  })

  it('misses nothing across the antimeridian and near the poles', () => {
    const lon = [179.999, -179.999, 0, 90, -90]
    const lat = [10, 10, 89.9, 89.95, -89.99]
    const index = new GeoPointIndex(lon, lat)
    expect(
      index
        .within(180, 10, 500)
        .map((h) => h.i)
        .sort(),
    ).toEqual([0, 1])
    expect(
      index
        .within(-180, 10, 500)
        .map((h) => h.i)
        .sort(),
    ).toEqual([0, 1])
    expect(index.within(179.9995, 10, 500).map((h) => h.i)).toEqual([0, 1])
    expect(
      index
        .within(45, 89.97, 20_000)
        .map((h) => h.i)
        .sort(),
    ).toEqual([2, 3])
  })

  it('equals brute force for random points, radii and places (incl. high latitudes)', () => {
    const point = fc.tuple(
      fc.double({ min: -180, max: 180, noNaN: true }),
      fc.double({ min: -89.9, max: 89.9, noNaN: true }),
    )
    fc.assert(
      fc.property(
        point,
        fc.array(
          fc.tuple(
            fc.double({ min: -3, max: 3, noNaN: true }),
            fc.double({ min: -3, max: 3, noNaN: true }),
          ),
          {
            minLength: 1,
            maxLength: 80,
          },
        ),
        fc.double({ min: 1, max: 800_000, noNaN: true }),
        (centre, offsets, r) => {
          const wrap = (x: number): number => ((((x + 180) % 360) + 360) % 360) - 180
          const lon = offsets.map(([dx]) => wrap(centre[0] + dx))
          const lat = offsets.map(([, dy]) => Math.max(-90, Math.min(90, centre[1] + dy)))
          const index = new GeoPointIndex(lon, lat)
          expect(index.within(centre[0], centre[1], r).map((h) => h.i)).toEqual(
            brute(lon, lat, centre, r),
          )
        },
      ),
    )
  })
})
