import type { Bbox } from '../../data/keys.ts'
import type { CommunityRow, FacilityRow, FacilityStatus } from '../../data/row-schemas.ts'

export interface FacilityFeatureProps {
  id: string
  category: string
  name: string
  status: FacilityStatus
}

export interface CommunityFeatureProps {
  id: string
  name: string
}

/**
 * The facilities source's data: a plain FeatureCollection holding only what the map draws and
 * what tests assert on; the side panel reads the full row from react-query by id.
 */
export function facilityCollection(
  rows: readonly FacilityRow[],
): GeoJSON.FeatureCollection<GeoJSON.Point, FacilityFeatureProps> {
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
      properties: { id: r.id, category: r.category, name: r.name, status: r.status },
    })),
  }
}

export function communityCollection(
  rows: readonly CommunityRow[],
): GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon, CommunityFeatureProps> {
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => ({
      type: 'Feature',
      geometry: r.boundary as GeoJSON.Polygon | GeoJSON.MultiPolygon,
      properties: { id: r.id, name: r.name },
    })),
  }
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
  geometries: readonly (
    GeoJSON.Polygon | GeoJSON.MultiPolygon | { type: string; coordinates: unknown }
  )[],
): Bbox | null {
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
export function padBbox([w, s, e, n]: Bbox, margin: number): Bbox {
  return [
    Math.max(-180, w - margin),
    Math.max(-90, s - margin),
    Math.min(180, e + margin),
    Math.min(90, n + margin),
  ]
}

/** Facilities per category code, for the legend. */
export function countByCategory(
  rows: readonly Pick<FacilityRow, 'category'>[],
): Map<string, number> {
  const counts = new Map<string, number>()
  for (const { category } of rows) counts.set(category, (counts.get(category) ?? 0) + 1)
  return counts
}
