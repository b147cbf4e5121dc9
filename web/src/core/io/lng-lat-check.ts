/** [west, south, east, north] in degrees. */
export type BBox = readonly [west: number, south: number, east: number, north: number]

/**
 * Mainland China, Hong Kong, Macao and Taiwan with a margin (Nansha islands reach 3.8° N).
 * Longitude 73–135 and latitude 4–54 do not overlap, so a swapped pair is recognisable.
 */
export const CHINA_BBOX: BBox = [73.4, 3.8, 135.1, 53.6]

export type LngLatCheck = { ok: true } | { ok: false; swapped: boolean; message: string }

const inBox = (x: number, y: number, b: BBox): boolean =>
  x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3]

/**
 * Checks a WGS-84 position, degrees, GeoJSON order [lng, lat]: within ±180/±90 and, when a
 * region is given, inside it; recognises latitude and longitude written the wrong way round.
 * @example checkLngLat(121.5, 25.0, CHINA_BBOX) // { ok: true }
 * @example checkLngLat(25.0, 121.5, CHINA_BBOX).ok // false (swapped)
 */
export function checkLngLat(
  lng: number,
  lat: number,
  region: BBox | null = CHINA_BBOX,
): LngLatCheck {
  const box = region ?? [-180, -90, 180, 90]
  if (inBox(lng, lat, box)) return { ok: true }
  if (inBox(lat, lng, box)) {
    return {
      ok: false,
      swapped: true,
      message: `(${lng}, ${lat}) looks like latitude and longitude swapped: longitude comes first`,
    }
  }
  const where = region
    ? `outside the expected region (longitude ${box[0]}–${box[2]}, latitude ${box[1]}–${box[3]})`
    : 'not a longitude/latitude in degrees'
  return { ok: false, swapped: false, message: `(${lng}, ${lat}) is ${where}` }
}
