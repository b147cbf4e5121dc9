import { queryOptions, useQuery } from '@tanstack/react-query'
import { z } from 'zod'
import type { Db } from '../../../data/db.ts'
import { useDb } from '../../../data/db-provider.tsx'
import { feedbackKeys } from './editor-keys.ts'

const numeric = z.union([z.number(), z.string().transform(Number)]).pipe(z.number())
const timestamp = z.union([z.string(), z.date().transform((d) => d.toISOString())])

export const inboxItemSchema = z.object({
  id: z.string(),
  facility_id: z.string(),
  facility_name: z.string(),
  facility_version: numeric,
  community_id: z.string().nullish(),
  kind: z.enum(['wrong_info', 'closed', 'rating', 'other']),
  rating: numeric.nullish(),
  comment: z.string().nullish(),
  status: z.enum(['new', 'accepted', 'rejected', 'resolved']),
  triaged_at: timestamp.nullish(),
  triage_note: z.string().nullish(),
  resolved_change_id: numeric.nullish(),
  created_at: timestamp,
})
export type InboxItem = z.infer<typeof inboxItemSchema>

/** `feedback_inbox(status)`: residents' reports on the caller's communities, newest first. */
export function inboxQueryOptions(db: Db, status: string | null) {
  return queryOptions({
    queryKey: feedbackKeys.inbox(status),
    queryFn: async (): Promise<InboxItem[]> =>
      z.array(inboxItemSchema).parse(await db.rpc('feedback_inbox', status ? { status } : {})),
  })
}

export function useFeedbackInbox(status: string | null, enabled = true) {
  return useQuery({ ...inboxQueryOptions(useDb(), status), enabled })
}
