import { EARTH_RADIUS_M } from './units.ts'

const DEG = Math.PI / 180

/**
 * The stereographic projection of the sphere (R = 6,371,008.8 m) onto the plane tangent at a
 * centre point. It is conformal and maps every small circle on the sphere to an exact circle in
 * the plane, which is why the exact coverage method measures each community in its own
 * stereographic plane: reach discs stay true discs and Green's theorem over circle arcs is exact.
 * The area scale is 1 / (1 + ρ²/4R²)², i.e. < 1e-6 relative within 6 km of the centre.
 */
export interface StereographicPlane {
  readonly lon0: number
  readonly lat0: number
  readonly sinLat0: number
  readonly cosLat0: number
}

/**
 * A stereographic plane centred at `lon0`, `lat0` (degrees).
 * @example const plane = stereographicPlane(121.47, 31.23)
 */
export function stereographicPlane(lon0: number, lat0: number): StereographicPlane {
  return { lon0, lat0, sinLat0: Math.sin(lat0 * DEG), cosLat0: Math.cos(lat0 * DEG) }
}

/**
 * Projects `lon`, `lat` (degrees) into the plane; writes metres east/north of the centre into
 * `out[i]`, `out[i + 1]` (no allocation: this runs once per vertex and per nearby facility).
 * @example const xy = new Float64Array(2); projectStereographic(plane, 121.48, 31.23, xy, 0)
 */
export function projectStereographic(
  plane: StereographicPlane,
  lon: number,
  lat: number,
  out: Float64Array,
  i: number,
): void {
  const phi = lat * DEG
  const dl = (lon - plane.lon0) * DEG
  const sinPhi = Math.sin(phi)
  const cosPhi = Math.cos(phi)
  const cosDl = Math.cos(dl)
  const k = (2 * EARTH_RADIUS_M) / (1 + plane.sinLat0 * sinPhi + plane.cosLat0 * cosPhi * cosDl)
  out[i] = k * cosPhi * Math.sin(dl)
  out[i + 1] = k * (plane.cosLat0 * sinPhi - plane.sinLat0 * cosPhi * cosDl)
}

/** Inverse of {@link projectStereographic}: plane metres to `[lon, lat]` degrees. */
export function unprojectStereographic(
  plane: StereographicPlane,
  x: number,
  y: number,
): [number, number] {
  const rho = Math.hypot(x, y)
  if (rho === 0) return [plane.lon0, plane.lat0]
  const c = 2 * Math.atan(rho / (2 * EARTH_RADIUS_M))
  const sinC = Math.sin(c)
  const cosC = Math.cos(c)
  const lat = Math.asin(cosC * plane.sinLat0 + (y * sinC * plane.cosLat0) / rho)
  const lon =
    plane.lon0 * DEG + Math.atan2(x * sinC, rho * plane.cosLat0 * cosC - y * plane.sinLat0 * sinC)
  return [lon / DEG, lat / DEG]
}

/**
 * The exact image circle of the spherical cap of great-circle radius `reachM` metres around
 * `lon`, `lat`. The projection is azimuthal, so the two points of the cap boundary on the great
 * circle through the centre and the cap centre land on one ray at ρ = 2R·tan(a/2), a = d ∓ δ;
 * they are the ends of a diameter of the image circle (whose centre is NOT the image of the
 * cap centre). Writes cx, cy, r (metres) into `out[i..i+2]`.
 * @example const c = new Float64Array(3); capCircle(plane, 121.48, 31.23, 1000, c, 0)
 */
export function capCircle(
  plane: StereographicPlane,
  lon: number,
  lat: number,
  reachM: number,
  out: Float64Array,
  i: number,
): void {
  projectStereographic(plane, lon, lat, out, i)
  const px = out[i]!
  const py = out[i + 1]!
  const rhoP = Math.hypot(px, py)
  const d = 2 * Math.atan(rhoP / (2 * EARTH_RADIUS_M))
  if (rhoP === 0) capCircleFromPolar(0, 1, 0, reachM, out, i)
  else capCircleFromPolar(d, px / rhoP, py / rhoP, reachM, out, i)
}

/**
 * {@link capCircle} for a cap centre given by its angular distance `d` (radians) from the
 * plane's centre and the unit direction (`ux`, `uy`) of its image: lets a caller project a
 * facility once and re-derive its circle for many reaches (the nearest-distance search does).
 * @example capCircleFromPolar(0.0001, 1, 0, 1000, out, 0)
 */
export function capCircleFromPolar(
  d: number,
  ux: number,
  uy: number,
  reachM: number,
  out: Float64Array,
  i: number,
): void {
  const twoR = 2 * EARTH_RADIUS_M
  const delta = reachM / EARTH_RADIUS_M
  const rho1 = twoR * Math.tan((d - delta) / 2)
  const rho2 = twoR * Math.tan((d + delta) / 2)
  const mid = (rho1 + rho2) / 2
  out[i] = ux * mid
  out[i + 1] = uy * mid
  out[i + 2] = (rho2 - rho1) / 2
}
