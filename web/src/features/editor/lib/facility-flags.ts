import { booleanPointInPolygon, pointToPolygonDistance } from '@turf/turf'
import { parseHours } from '../../../core/catalog/opening-hours.ts'
import { findDuplicates } from '../../../core/io/import/find-duplicates.ts'
import type { FacilityValues } from './facility-values.ts'

/** A warning shown beside a record; it explains, it never blocks a save. */
export type FacilityFlag =
  | { code: 'far_from_community'; community: string; distanceM: number }
  | { code: 'hours_unparseable'; error: string }
  | { code: 'duplicate_suspected'; otherId: string; otherName: string }

export interface FlagCommunity {
  id: string
  name: string
  boundary: GeoJSON.Polygon | GeoJSON.MultiPolygon
}

export interface FlagFacility {
  id: string
  name: string
  address?: string | null
  category: string
  lon: number
  lat: number
}

/** A point this far outside the community its name or address names is flagged, metres. */
export const FAR_FROM_COMMUNITY_M = 300

/**
 * Explained warnings for a record:
 * - its name or address names a community (…社区) but the point lies more than
 *   {@link FAR_FROM_COMMUNITY_M} outside that community's boundary;
 * - its opening hours cannot be read;
 * - another stored facility has the same name within 50 m or the same address and category.
 */
export function facilityFlags(
  values: Pick<FacilityValues, 'name' | 'address' | 'hours' | 'lon' | 'lat' | 'category'>,
  selfId: string | null,
  communities: readonly FlagCommunity[],
  others: readonly FlagFacility[],
): FacilityFlag[] {
  const flags: FacilityFlag[] = []
  const text = `${values.name} ${values.address}`
  const point: [number, number] = [values.lon, values.lat]
  if (Number.isFinite(values.lon) && Number.isFinite(values.lat)) {
    const named = communities
      .filter((c) => c.name.length >= 2 && text.includes(c.name))
      .sort((a, b) => b.name.length - a.name.length)[0]
    if (named && !booleanPointInPolygon(point, named.boundary)) {
      const km = Math.abs(pointToPolygonDistance(point, named.boundary, { units: 'kilometers' }))
      const distanceM = Math.round(km * 1000)
      if (distanceM > FAR_FROM_COMMUNITY_M)
        flags.push({ code: 'far_from_community', community: named.name, distanceM })
    }
  }
  if (values.hours.trim() !== '') {
    const parsed = parseHours(values.hours)
    if (!parsed.ok) flags.push({ code: 'hours_unparseable', error: parsed.error })
  }
  if (values.name.trim() !== '' && Number.isFinite(values.lon)) {
    const existing = others.filter((o) => o.id !== selfId)
    const [dup] = findDuplicates(
      [
        {
          name: values.name,
          address: values.address || null,
          category: values.category,
          lon: values.lon,
          lat: values.lat,
        },
      ],
      existing,
    )
    if (dup && 'existing' in dup) {
      const other = dup.existing as FlagFacility
      flags.push({ code: 'duplicate_suspected', otherId: other.id, otherName: other.name })
    }
  }
  return flags
}
