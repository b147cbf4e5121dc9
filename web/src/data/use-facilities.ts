import { queryOptions, useQuery } from '@tanstack/react-query'
import { z } from 'zod'
import type { Db } from './db.ts'
import { useDb } from './db-provider.tsx'
import { facilityKeys, type FacilityListFilters } from './keys.ts'
import { facilityRowSchema, type FacilityRow } from './row-schemas.ts'

const rowsSchema = z.array(facilityRowSchema)

/** Arguments of `facilities_in_bbox`, named as in supabase/README.md. */
export function facilitiesInBboxArgs({
  bbox,
  categories,
}: FacilityListFilters): Record<string, unknown> {
  const [min_lon, min_lat, max_lon, max_lat] = bbox
  // Leave `categories` out rather than null so the function's own default (every category) applies.
  return categories
    ? { min_lon, min_lat, max_lon, max_lat, categories: [...categories] }
    : { min_lon, min_lat, max_lon, max_lat }
}

/** `facilities_in_bbox(...)`: the facilities the caller may see inside a box. */
export function facilitiesQueryOptions(db: Db, filters: FacilityListFilters) {
  return queryOptions({
    queryKey: facilityKeys.list(filters),
    queryFn: async (): Promise<FacilityRow[]> =>
      rowsSchema.parse(await db.rpc('facilities_in_bbox', facilitiesInBboxArgs(filters))),
  })
}

const noFilters: FacilityListFilters = { bbox: [0, 0, 0, 0], categories: null }

/** Waits (disabled) while `filters` is null, e.g. until the extent to load is known. */
export function useFacilities(filters: FacilityListFilters | null) {
  return useQuery({
    ...facilitiesQueryOptions(useDb(), filters ?? noFilters),
    enabled: filters !== null,
  })
}
