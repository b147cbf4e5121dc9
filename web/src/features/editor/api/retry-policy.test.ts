import { describe, expect, it } from 'vitest'
import { DbError } from '../../../data/db.ts'
import { SAVE_RETRIES, isRetryable, saveRetry, saveRetryDelay } from './retry-policy.ts'

describe('save retry policy', () => {
  it('retries a dropped connection, never a refusal', () => {
    expect(isRetryable(new TypeError('Failed to fetch'))).toBe(true)
    expect(isRetryable(new DbError('TypeError: Failed to fetch', 'XX000'))).toBe(true)
    expect(isRetryable(new DbError('terminating connection', '57P01'))).toBe(true)
    expect(isRetryable(new DbError('connection failure', '08006'))).toBe(true)
    expect(isRetryable(new DbError('facility.version: someone else saved', 'PT409'))).toBe(false)
    expect(isRetryable(new DbError('not allowed', '42501'))).toBe(false)
    expect(isRetryable(new DbError('facility.lon: must be a number', '22023', 'lon'))).toBe(false)
  })

  it('gives up after a bounded number of tries, waiting longer each time up to 30 s', () => {
    const dropped = new TypeError('Failed to fetch')
    expect(saveRetry(SAVE_RETRIES - 1, dropped)).toBe(true)
    expect(saveRetry(SAVE_RETRIES, dropped)).toBe(false)
    expect([0, 1, 2, 10].map(saveRetryDelay)).toEqual([1000, 2000, 4000, 30_000])
  })
})
