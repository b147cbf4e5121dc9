import KDBush from 'kdbush'
import { DEG_TO_RAD } from '../catalog/geo-limits.ts'
import { EARTH_RADIUS_M } from '../geo/units.ts'
import { greatCircleRaw } from './distance-source.ts'

/**
 * A static index of lon/lat points (a KD-tree on degrees) that answers "every point within r
 * metres, great-circle" and "the k nearest". The tree is queried with the smallest lon/lat box
 * that holds the whole spherical cap of radius r — latitude ± r/R, longitude ± asin(sin(r/R) /
 * cos φ), both sides of the antimeridian when it is crossed — and candidates are then measured
 * exactly, so no point is missed at any latitude.
 */
export class GeoPointIndex {
  readonly size: number
  private readonly tree: KDBush | null
  private readonly lon: Float64Array
  private readonly lat: Float64Array

  /** Points i = 0 … n − 1 at (lon[i], lat[i]), degrees. */
  constructor(lon: ArrayLike<number>, lat: ArrayLike<number>) {
    if (lon.length !== lat.length) throw new Error('GeoPointIndex: lon and lat differ in length')
    this.size = lon.length
    this.lon = Float64Array.from(lon)
    this.lat = Float64Array.from(lat)
    if (this.size === 0) {
      this.tree = null
      return
    }
    const tree = new KDBush(this.size)
    for (let i = 0; i < this.size; i++) tree.add(this.lon[i]!, this.lat[i]!)
    this.tree = tree.finish()
  }

  /** Longitude, latitude of point i, degrees. */
  position(i: number): [number, number] {
    return [this.lon[i]!, this.lat[i]!]
  }

  /**
   * Indices of points whose great-circle distance from (lon, lat) may be ≤ `radiusM` metres: a
   * superset (the cap's bounding box), unsorted. Exact answers: {@link within}.
   */
  candidates(lon: number, lat: number, radiusM: number): number[] {
    if (!this.tree) return []
    const delta = radiusM / EARTH_RADIUS_M
    if (!(delta < Math.PI)) return this.all()
    const latMin = lat - delta / DEG_TO_RAD
    const latMax = lat + delta / DEG_TO_RAD
    const cosLat = Math.cos(lat * DEG_TO_RAD)
    const s = Math.sin(delta) / cosLat
    // The cap reaches a pole, or is wider than every meridian: all longitudes.
    if (latMin <= -90 || latMax >= 90 || !(s < 1)) {
      return this.tree.range(-180, Math.max(-90, latMin), 180, Math.min(90, latMax))
    }
    const dLon = Math.asin(s) / DEG_TO_RAD
    const west = lon - dLon
    const east = lon + dLon
    if (west < -180)
      return [
        ...this.tree.range(west + 360, latMin, 180, latMax),
        ...this.tree.range(-180, latMin, east, latMax),
      ]
    if (east > 180)
      return [
        ...this.tree.range(west, latMin, 180, latMax),
        ...this.tree.range(-180, latMin, east - 360, latMax),
      ]
    return this.tree.range(west, latMin, east, latMax)
  }

  /**
   * Points within `radiusM` metres (great-circle) of (lon, lat), nearest first (ties by index).
   * @example index.within(121.5, 25.03, 500) // [{ i: 12, m: 84.1 }, …]
   */
  within(lon: number, lat: number, radiusM: number): { i: number; m: number }[] {
    const out: { i: number; m: number }[] = []
    for (const i of this.candidates(lon, lat, radiusM)) {
      const m = greatCircleRaw(lon, lat, this.lon[i]!, this.lat[i]!)
      if (m <= radiusM) out.push({ i, m })
    }
    return out.sort((a, b) => a.m - b.m || a.i - b.i)
  }

  private all(): number[] {
    return Array.from({ length: this.size }, (_, i) => i)
  }
}
