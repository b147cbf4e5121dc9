import { DbError } from '../../../data/db.ts'

/**
 * Whether a failed write may succeed if simply sent again: the connection dropped or the server
 * was briefly away. A refusal (not allowed, bad input, a version conflict) never is.
 */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof DbError)) return true
  if (/^(08|57P|53)/.test(error.code)) return true
  return /failed to fetch|network|connection|timed? ?out|load failed/i.test(error.message)
}

/** Retry a dropped save up to this many times, waiting 1, 2, 4 … 30 s in between. */
export const SAVE_RETRIES = 8
export const saveRetry = (failures: number, error: unknown) =>
  failures < SAVE_RETRIES && isRetryable(error)
export const saveRetryDelay = (failures: number) => Math.min(30_000, 1000 * 2 ** failures)
