import { area as turfArea, featureCollection, intersect } from '@turf/turf'
import fc from 'fast-check'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { describe, expect, it } from 'vitest'
import { stereographicPlane, unprojectStereographic } from '../geo/stereographic.ts'
import { planePolygon } from './plane-polygon.ts'
import { intersectAreas, populationPieces } from './population-pieces.ts'
import type { CommunityFeature, PopulationFeature } from './types.ts'

describe('populationPieces', () => {
  const plane = stereographicPlane(121, 31)
  const ring = (pts: Array<[number, number]>) =>
    [...pts, pts[0]!].map(([x, y]) => unprojectStereographic(plane, x, y))
  const community: CommunityFeature = {
    type: 'Feature',
    geometry: {
      type: 'Polygon',
      coordinates: [
        ring([
          [0, 0],
          [100, 0],
          [100, 100],
          [0, 100],
        ]),
      ],
    },
    properties: { id: 'c', name: 'c', population: 10 },
  }
  const block = (
    pts: Array<[number, number]>,
    population: number,
    elderly?: number,
  ): PopulationFeature => ({
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates: [ring(pts)] },
    properties: { population, ...(elderly === undefined ? {} : { population_elderly: elderly }) },
  })

  it('keeps blocks inside whole, cuts straddling ones and splits their people by area', () => {
    const polys = [planePolygon(plane, community.geometry.coordinates as never)!]
    const pieces = populationPieces(plane, polys, community, [
      block(
        [
          [10, 10],
          [40, 10],
          [40, 40],
          [10, 40],
        ],
        90,
        30,
      ),
      block(
        [
          [50, 0],
          [150, 0],
          [150, 100],
          [50, 100],
        ],
        200,
      ),
      block(
        [
          [300, 300],
          [400, 300],
          [400, 400],
          [300, 400],
        ],
        1000,
      ),
    ])
    expect(pieces).toHaveLength(2)
    expect(pieces[0]!.area).toBeCloseTo(900, 2)
    expect(Array.from(pieces[0]!.weight)).toEqual([90, 30, 90])
    // half of the second block lies in the community: half its people (elderly fall back)
    expect(pieces[1]!.area).toBeCloseTo(5000, 1)
    expect(pieces[1]!.weight[0]).toBeCloseTo(100, 3)
    expect(pieces[1]!.weight[1]).toBeCloseTo(100, 3)
  })

  it('cuts a block that swallows a hole of the community, though all its corners are inside', () => {
    const sq = (x0: number, y0: number, x1: number, y1: number) =>
      ring([
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
      ])
    const holed: CommunityFeature = {
      ...community,
      geometry: {
        type: 'Polygon',
        coordinates: [sq(0, 0, 100, 100), sq(40, 40, 60, 60).reverse()],
      },
    }
    const polys = [planePolygon(plane, holed.geometry.coordinates as never)!]
    const pieces = populationPieces(plane, polys, holed, [
      block(
        [
          [20, 20],
          [80, 20],
          [80, 80],
          [20, 80],
        ],
        360,
      ),
    ])
    expect(pieces).toHaveLength(1)
    // 60 x 60 block minus the 20 x 20 hole: 3200 m², and people in proportion (320 of 360)
    expect(pieces[0]!.area).toBeCloseTo(3200, 0)
    expect(pieces[0]!.weight[0]).toBeCloseTo(320, 1)
  })

  it('cuts a block straddling a concave notch, though all its corners are inside', () => {
    // A U-shaped community: the notch x in [40, 60], y in [50, 100] is outside.
    const u: CommunityFeature = {
      ...community,
      geometry: {
        type: 'Polygon',
        coordinates: [
          ring([
            [0, 0],
            [100, 0],
            [100, 100],
            [60, 100],
            [60, 50],
            [40, 50],
            [40, 100],
            [0, 100],
          ]),
        ],
      },
    }
    const polys = [planePolygon(plane, u.geometry.coordinates as never)!]
    const pieces = populationPieces(plane, polys, u, [
      block(
        [
          [20, 60],
          [80, 60],
          [80, 90],
          [20, 90],
        ],
        180,
      ),
    ])
    expect(pieces).toHaveLength(1)
    // 60 x 30 block minus the notch's 20 x 30: 1200 m²
    expect(pieces[0]!.area).toBeCloseTo(1200, 0)
    expect(pieces[0]!.weight[0]).toBeCloseTo(120, 1)
  })
})

describe('intersectAreas', () => {
  const plane = stereographicPlane(121.4, 31.1)
  /** A star-shaped (generally non-convex) polygon around (cx, cy) in metres. */
  const star = (cx: number, cy: number, radii: number[]): Feature<Polygon> => {
    const pts = radii.map((r, i) => {
      const a = (2 * Math.PI * i) / radii.length
      return unprojectStereographic(plane, cx + r * Math.cos(a), cy + r * Math.sin(a))
    })
    return {
      type: 'Feature',
      properties: {},
      geometry: { type: 'Polygon', coordinates: [[...pts, pts[0]!]] },
    }
  }
  const areaOf = (g: Polygon | MultiPolygon | null | undefined) =>
    g ? turfArea({ type: 'Feature', properties: {}, geometry: g }) : 0

  it('gives the same area as Turf intersect for overlapping non-convex polygons (seeded)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 50, max: 400, noNaN: true }), { minLength: 3, maxLength: 12 }),
        fc.array(fc.double({ min: 50, max: 400, noNaN: true }), { minLength: 3, maxLength: 12 }),
        fc.double({ min: -300, max: 300, noNaN: true }),
        fc.double({ min: -300, max: 300, noNaN: true }),
        (ra, rb, dx, dy) => {
          const a = star(0, 0, ra)
          const b = star(dx, dy, rb)
          const ours = areaOf(intersectAreas(a, b))
          const turf = areaOf(intersect(featureCollection([a, b]))?.geometry)
          // Two floating-point clippers of the same polygons: equal to 1e-9 of the area.
          expect(Math.abs(ours - turf)).toBeLessThanOrEqual(1e-9 * Math.max(turf, 1) + 1e-6)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('returns null for polygons apart', () => {
    expect(intersectAreas(star(0, 0, [10, 10, 10]), star(1000, 0, [10, 10, 10]))).toBeNull()
  })
})
