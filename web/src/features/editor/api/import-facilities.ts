import { useMutation, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod'
import { useDb } from '../../../data/db-provider.tsx'
import { communityKeys, facilityKeys } from '../../../data/keys.ts'

const numeric = z.union([z.number(), z.string().transform(Number)]).pipe(z.number())

export const importReportRowSchema = z.object({
  row_number: numeric,
  status: z.enum(['added', 'updated', 'skipped', 'rejected']),
  facility_id: z.string().nullish(),
  field: z.string().nullish(),
  reason: z.string().nullish(),
})
export type ImportReportRow = z.infer<typeof importReportRowSchema>

export const importFacilitiesInput = z.object({
  rows: z.array(z.record(z.string(), z.unknown())).min(1).max(10_000),
  dryRun: z.boolean(),
  source: z.string().max(200).nullable(),
})
export type ImportFacilitiesInput = z.infer<typeof importFacilitiesInput>

/**
 * `import_facilities`: a dry run reports what would happen row by row; a commit stores every
 * accepted row in one transaction, or nothing.
 */
export function useImportFacilities() {
  const db = useDb()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (input: ImportFacilitiesInput): Promise<ImportReportRow[]> => {
      const { rows, dryRun, source } = importFacilitiesInput.parse(input)
      const report = await db.rpc('import_facilities', {
        rows,
        dry_run: dryRun,
        ...(source ? { source } : {}),
      })
      return z.array(importReportRowSchema).parse(report)
    },
    onSuccess: (_report, input) => {
      if (input.dryRun) return
      void queryClient.invalidateQueries({ queryKey: facilityKeys.all })
      void queryClient.invalidateQueries({ queryKey: communityKeys.all })
    },
  })
}
