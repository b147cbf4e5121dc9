import type { CommunityRow, FacilityRow, FacilityStatus } from '../data/row-schemas.ts'

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

/** Facilities per category code, for the legend. */
export function countByCategory(
  rows: readonly Pick<FacilityRow, 'category'>[],
): Map<string, number> {
  const counts = new Map<string, number>()
  for (const { category } of rows) counts.set(category, (counts.get(category) ?? 0) + 1)
  return counts
}
