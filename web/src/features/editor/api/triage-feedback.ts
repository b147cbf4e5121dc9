import { useMutation, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod'
import { useDb } from '../../../data/db-provider.tsx'
import { feedbackKeys } from './editor-keys.ts'

export const resolveFeedbackInput = z.object({
  feedbackId: z.string().uuid(),
  /** The facility change that fixed what the report said (linked in the audit). */
  changeId: z.number().int().min(1).nullable(),
  note: z.string().max(2000).nullable(),
})
export const dismissFeedbackInput = z.object({
  feedbackId: z.string().uuid(),
  reason: z.string().trim().min(1).max(2000),
})

/** `resolve_feedback`: the report was right and the record has been edited. */
export function useResolveFeedback() {
  const db = useDb()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.infer<typeof resolveFeedbackInput>) => {
      const { feedbackId, changeId, note } = resolveFeedbackInput.parse(input)
      return db.rpc('resolve_feedback', {
        feedback_id: feedbackId,
        ...(changeId !== null ? { change_id: changeId } : {}),
        ...(note ? { note } : {}),
      })
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: feedbackKeys.all }),
  })
}

/** `dismiss_feedback`: the report was wrong; the reason is kept with it. */
export function useDismissFeedback() {
  const db = useDb()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.infer<typeof dismissFeedbackInput>) => {
      const { feedbackId, reason } = dismissFeedbackInput.parse(input)
      return db.rpc('dismiss_feedback', { feedback_id: feedbackId, reason })
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: feedbackKeys.all }),
  })
}
