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

function extendWithPositions(box: number[], positions: readonly (readonly number[])[]): void {
  for (const [lon, lat] of positions) {
    if (lon === undefined || lat === undefined) continue
    box[0] = Math.min(box[0] ?? lon, lon)
    box[1] = Math.min(box[1] ?? lat, lat)
    box[2] = Math.max(box[2] ?? lon, lon)
    box[3] = Math.max(box[3] ?? lat, lat)
  }
}

/** The bounding box of some polygons' outer rings, or null when there are none. */
export function boundsOfAreas(
  geometries: readonly (Polygon | MultiPolygon | { type: string; coordinates: unknown })[],
): Readonly<LngLatBbox> | null {
  const box = [Infinity, Infinity, -Infinity, -Infinity]
  for (const g of geometries) {
    const polygons =
      g.type === 'Polygon'
        ? [g.coordinates as number[][][]]
        : g.type === 'MultiPolygon'
          ? (g.coordinates as number[][][][])
          : []
    for (const polygon of polygons) extendWithPositions(box, polygon[0] ?? [])
  }
  const [w, s, e, n] = box as [number, number, number, number]
  return Number.isFinite(w) && Number.isFinite(s) && Number.isFinite(e) && Number.isFinite(n)
    ? [w, s, e, n]
    : null
}

/**
 * A bounding box grown by `margin` degrees on every side, so that facilities just outside the
 * outermost community (which still serve it) are loaded too.
 */
export function padBbox([w, s, e, n]: Readonly<LngLatBbox>, margin: number): Readonly<LngLatBbox> {
  return [
    Math.max(-180, w - margin),
    Math.max(-90, s - margin),
    Math.min(180, e + margin),
    Math.min(90, n + margin),
  ]
}
