import { useMutation, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod'
import { useDb } from '../../../data/db-provider.tsx'
import { facilityKeys } from '../../../data/keys.ts'

export const revertChangeInput = z.object({
  changeId: z.number().int().min(1),
  expectedVersion: z.number().int().min(1),
  reason: z.string().max(500).nullable(),
})
export type RevertChangeInput = z.infer<typeof revertChangeInput>

/** `revert_facility_change`: puts back what one change replaced, as a new audited change. */
export function useRevertChange() {
  const db = useDb()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: RevertChangeInput) => {
      const { changeId, expectedVersion, reason } = revertChangeInput.parse(input)
      return db.rpc('revert_facility_change', {
        change_id: changeId,
        expected_version: expectedVersion,
        ...(reason ? { reason } : {}),
      })
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: facilityKeys.all }),
  })
}
