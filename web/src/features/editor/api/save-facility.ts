import { useMutation, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod'
import { useDb } from '../../../data/db-provider.tsx'
import { communityKeys, facilityKeys } from '../../../data/keys.ts'
import { facilityRowSchema, type FacilityRow } from '../../../data/row-schemas.ts'
import { saveRetry, saveRetryDelay } from './retry-policy.ts'

export const saveFacilityInput = z.object({
  /** The fields to store (see toSavePayload); `id` absent for a new facility. */
  facility: z.record(z.string(), z.unknown()),
  /** The version the edit started from; null for a new facility. */
  expectedVersion: z.number().int().min(1).nullable(),
  reason: z.string().max(500).nullable(),
})
export type SaveFacilityInput = z.infer<typeof saveFacilityInput>

const rowsSchema = z.array(facilityRowSchema).length(1)

/**
 * `save_facility`: insert or update at the expected version. A dropped connection is retried
 * (the form and its stored draft keep the values meanwhile); a conflict or refusal is not.
 */
export function useSaveFacility() {
  const db = useDb()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (input: SaveFacilityInput): Promise<FacilityRow> => {
      const { facility, expectedVersion, reason } = saveFacilityInput.parse(input)
      const rows = await db.rpc('save_facility', {
        facility,
        ...(expectedVersion !== null ? { expected_version: expectedVersion } : {}),
        ...(reason ? { reason } : {}),
      })
      return rowsSchema.parse(rows)[0]!
    },
    retry: saveRetry,
    retryDelay: saveRetryDelay,
    onSuccess: (row) => {
      queryClient.setQueryData(facilityKeys.detail(row.id), row)
      void queryClient.invalidateQueries({ queryKey: facilityKeys.all })
      void queryClient.invalidateQueries({ queryKey: communityKeys.all })
    },
  })
}
