import { queryOptions, useQuery } from '@tanstack/react-query'
import { z } from 'zod'
import type { Db } from '../../../data/db.ts'
import { useDb } from '../../../data/db-provider.tsx'
import { timelineKeys } from './editor-keys.ts'

const numeric = z.union([z.number(), z.string().transform(Number)]).pipe(z.number())
const timestamp = z.union([z.string(), z.date().transform((d) => d.toISOString())])

export const timelineEntrySchema = z.object({
  change_id: numeric,
  at: timestamp,
  actor: z.string().nullish(),
  actor_name: z.string().nullish(),
  action: z.enum(['insert', 'update', 'close', 'delete']),
  reason: z.string().nullish(),
  version: numeric.nullish(),
  reverts: numeric.nullish(),
  changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
})
export type TimelineEntry = z.infer<typeof timelineEntrySchema>

/** `facility_timeline(facility_id)`: who, when, which fields from → to, why; newest first. */
export function timelineQueryOptions(db: Db, facilityId: string) {
  return queryOptions({
    queryKey: timelineKeys.detail(facilityId),
    queryFn: async (): Promise<TimelineEntry[]> =>
      z
        .array(timelineEntrySchema)
        .parse(await db.rpc('facility_timeline', { facility_id: facilityId })),
  })
}

export function useFacilityTimeline(facilityId: string | null) {
  return useQuery({
    ...timelineQueryOptions(useDb(), facilityId ?? ''),
    enabled: facilityId !== null,
  })
}
