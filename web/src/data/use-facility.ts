import { queryOptions, useQuery } from '@tanstack/react-query'
import { z } from 'zod'
import type { Db } from './db.ts'
import { useDb } from './db-provider.tsx'
import { facilityKeys } from './keys.ts'
import { facilityRowSchema, type FacilityRow } from './row-schemas.ts'

const rowsSchema = z.array(facilityRowSchema).max(1)

/** `get_facility(facility_id)`: one facility, or null when it is gone or not visible to the caller. */
export function facilityQueryOptions(db: Db, id: string) {
  return queryOptions({
    queryKey: facilityKeys.detail(id),
    queryFn: async (): Promise<FacilityRow | null> =>
      rowsSchema.parse(await db.rpc('get_facility', { facility_id: id }))[0] ?? null,
  })
}

/** The facility's fresh row; `placeholder` (e.g. the row from the map's list) shows meanwhile. */
export function useFacility(id: string, placeholder?: FacilityRow) {
  return useQuery({ ...facilityQueryOptions(useDb(), id), placeholderData: placeholder })
}
