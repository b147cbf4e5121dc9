import { useMutation, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod'
import { useDb } from '../../../data/db-provider.tsx'
import { facilityKeys } from '../../../data/keys.ts'

export const verifyFacilityInput = z.object({
  facilityId: z.string().uuid(),
  expectedVersion: z.number().int().min(1),
})
export type VerifyFacilityInput = z.infer<typeof verifyFacilityInput>

/** "Still correct": stamps the record verified now, by the caller (the database sets both). */
export function useVerifyFacility() {
  const db = useDb()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: VerifyFacilityInput) => {
      const { facilityId, expectedVersion } = verifyFacilityInput.parse(input)
      return db.rpc('verify_facility', {
        facility_id: facilityId,
        expected_version: expectedVersion,
      })
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: facilityKeys.all }),
  })
}
