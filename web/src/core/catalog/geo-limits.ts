import type { LngLatBbox } from '../geo/bbox.ts'
import { EARTH_RADIUS_M, meters } from '../geo/units.ts'

/**
 * Nearest-facility distances are searched up to this far; beyond it a community's residents
 * have no facility of the kind "within a walk" and the figure is reported as ≥ this value.
 */
export const NEAREST_MAX_M = meters(5000)

/**
 * Mainland China, Hong Kong, Macao and Taiwan with a margin: coordinates outside are
 * probably swapped, in another system or mistyped. West, south, east, north in degrees.
 */
export const CHINA_BBOX: LngLatBbox = [73.5, 18, 135.1, 53.6]

export const DEG_TO_RAD = Math.PI / 180

/** Metres per degree of latitude on the project's sphere (R = 6,371,008.8 m). */
export const M_PER_DEG_LAT = EARTH_RADIUS_M * DEG_TO_RAD

/**
 * Metres per degree of longitude at a latitude (degrees).
 * @example metersPerDegreeLon(31) // ≈ 95,300
 */
export function metersPerDegreeLon(lat: number): number {
  return M_PER_DEG_LAT * Math.cos(lat * DEG_TO_RAD)
}

/** Whether a point (degrees) lies in CHINA_BBOX. */
export function inChina(lng: number, lat: number): boolean {
  return (
    lng >= CHINA_BBOX[0] && lng <= CHINA_BBOX[2] && lat >= CHINA_BBOX[1] && lat <= CHINA_BBOX[3]
  )
}
