import { useMutation, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod'
import { useDb } from '../../../data/db-provider.tsx'

export const FEEDBACK_KINDS = ['wrong_info', 'closed', 'other', 'rating'] as const
export const COMMENT_MAX = 500

export const submitFeedbackInput = z
  .object({
    facilityId: z.string().uuid(),
    kind: z.enum(FEEDBACK_KINDS),
    rating: z.number().int().min(1).max(5).nullable(),
    comment: z.string().trim().max(COMMENT_MAX).nullable(),
  })
  .refine((v) => v.kind !== 'rating' || v.rating !== null, { path: ['rating'], message: 'rating' })
export type SubmitFeedbackInput = z.infer<typeof submitFeedbackInput>

const TOKEN_KEY = 'lifecircle.feedbackToken'

/**
 * A random id this browser keeps for feedback, so the database can throttle per browser
 * without an account (it stores only a hash of it).
 */
export function feedbackToken(
  storage: Pick<Storage, 'getItem' | 'setItem'> | null = safeStorage(),
): string {
  const existing = storage?.getItem(TOKEN_KEY)
  if (existing && /^[A-Za-z0-9_-]{16,128}$/.test(existing)) return existing
  const bytes = crypto.getRandomValues(new Uint8Array(18))
  const token = btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
  storage?.setItem(TOKEN_KEY, token)
  return token
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

/** A resident's report or rating, stored through the feedback API (throttled by the database). */
export function useSubmitFeedback() {
  const db = useDb()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: SubmitFeedbackInput) => {
      const v = submitFeedbackInput.parse(input)
      return db.rpc<string>('submit_feedback', {
        facility_id: v.facilityId,
        kind: v.kind,
        rating: v.kind === 'rating' ? v.rating : null,
        comment: v.comment || null,
        client_token: feedbackToken(),
      })
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['feedback'] }),
  })
}
