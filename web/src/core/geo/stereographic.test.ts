import { destination, distance } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import {
  capCircle,
  projectStereographic,
  stereographicPlane,
  unprojectStereographic,
} from './stereographic.ts'

describe('stereographic plane', () => {
  const plane = stereographicPlane(121.47, 31.23)
  const xy = new Float64Array(2)

  it('maps the centre to the origin and round-trips points', () => {
    projectStereographic(plane, 121.47, 31.23, xy, 0)
    expect(Math.hypot(xy[0]!, xy[1]!)).toBeLessThan(1e-9)
    projectStereographic(plane, 121.52, 31.19, xy, 0)
    const [lon, lat] = unprojectStereographic(plane, xy[0]!, xy[1]!)
    expect(lon).toBeCloseTo(121.52, 10)
    expect(lat).toBeCloseTo(31.19, 10)
  })

  it('keeps distances from the centre within 1e-6 relative at 5 km', () => {
    const p = destination([121.47, 31.23], 5, 37, { units: 'kilometers' }).geometry.coordinates
    projectStereographic(plane, p[0]!, p[1]!, xy, 0)
    expect(Math.abs(Math.hypot(xy[0]!, xy[1]!) / 5000 - 1)).toBeLessThan(1e-6)
  })

  it('maps a reach cap to a circle through every point of the cap boundary', () => {
    const centre = [121.5, 31.26]
    const circle = new Float64Array(3)
    capCircle(plane, centre[0]!, centre[1]!, 1000, circle, 0)
    let worst = 0
    for (let bearing = -180; bearing < 180; bearing += 7.5) {
      const p = destination(centre, 1, bearing, { units: 'kilometers' }).geometry.coordinates
      expect(distance(centre, p, { units: 'meters' })).toBeCloseTo(1000, 6)
      projectStereographic(plane, p[0]!, p[1]!, xy, 0)
      const off = Math.hypot(xy[0]! - circle[0]!, xy[1]! - circle[1]!) - circle[2]!
      worst = Math.max(worst, Math.abs(off))
    }
    expect(worst).toBeLessThan(1e-6)
    // …and its centre is not the image of the facility (the reason to build it this way).
    projectStereographic(plane, centre[0]!, centre[1]!, xy, 0)
    expect(Math.hypot(xy[0]! - circle[0]!, xy[1]! - circle[1]!)).toBeGreaterThan(1e-6)
  })
})
