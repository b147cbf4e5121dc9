import type { MultiPolygon, Polygon } from 'geojson'

/** West, south, east, north in degrees. */
export type LngLatBbox = [west: number, south: number, east: number, north: number]

/**
 * Bounding box of a Polygon / MultiPolygon's outer rings (holes lie inside them), degrees.
 * @example polygonalBbox({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 2], [0, 0]]] }) // [0, 0, 1, 2]
 */
export function polygonalBbox(geometry: Polygon | MultiPolygon): LngLatBbox {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
  let w = Infinity
  let s = Infinity
  let e = -Infinity
  let n = -Infinity
  for (const rings of polys) {
    for (const p of rings[0] ?? []) {
      const x = p[0]!
      const y = p[1]!
      if (x < w) w = x
      if (x > e) e = x
      if (y < s) s = y
      if (y > n) n = y
    }
  }
  return [w, s, e, n]
}
