import { describe, expect, it } from 'vitest'
import { stereographicPlane, unprojectStereographic } from '../geo/stereographic.ts'
import { polygonArea } from './disc-union-area.ts'
import {
  discTouchesPlanePolygon,
  planePolygon,
  planePolygonFromXY,
  pointInPlanePolygon,
} from './plane-polygon.ts'

describe('planePolygon', () => {
  const plane = stereographicPlane(121, 31)
  const ll = (x: number, y: number) => unprojectStereographic(plane, x, y)

  it('orients outer rings CCW and holes CW whatever the input, dropping closing and repeated vertices', () => {
    const outerCW = [ll(0, 0), ll(0, 100), ll(0, 100), ll(100, 100), ll(100, 0), ll(0, 0)]
    const holeCCW = [ll(40, 40), ll(60, 40), ll(60, 60), ll(40, 60), ll(40, 40)]
    const p = planePolygon(plane, [outerCW, holeCCW])!
    expect(Array.from(p.ringStart)).toEqual([0, 4, 8])
    expect(polygonArea(p, false)).toBeCloseTo(10_000 - 400, 3)
    expect(pointInPlanePolygon(p, 10, 10)).toBe(true)
    expect(pointInPlanePolygon(p, 50, 50)).toBe(false)
    expect(planePolygon(plane, [[ll(0, 0), ll(1, 1), ll(0, 0)]])).toBeNull()
  })

  it('tells whether a disc meets the polygon', () => {
    const sq = planePolygonFromXY([
      [
        [0, 0],
        [100, 0],
        [100, 100],
        [0, 100],
      ],
    ])
    expect(discTouchesPlanePolygon(sq, 50, 50, 1)).toBe(true)
    expect(discTouchesPlanePolygon(sq, 150, 50, 50)).toBe(true)
    expect(discTouchesPlanePolygon(sq, 150, 50, 49.9)).toBe(false)
    expect(discTouchesPlanePolygon(sq, 170, 170, 98.9)).toBe(false)
    expect(discTouchesPlanePolygon(sq, 170, 170, 99.1)).toBe(true)
  })
})
