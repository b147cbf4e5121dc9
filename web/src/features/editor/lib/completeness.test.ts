import { describe, expect, it } from 'vitest'
import { completeness } from './completeness.ts'
import { rankForVerification } from './verify-queue.ts'
import type { QueueItem } from './verify-queue.ts'

const empty = { hours: '', phone: '', capacity: null, address: '', operator: '' }

describe('completeness', () => {
  it('weighs hours, phone and capacity three times an address or operator', () => {
    expect(completeness(empty).score).toBe(0)
    expect(completeness({ ...empty, hours: '24/7' }).score).toBeCloseTo(3 / 11, 12)
    expect(completeness({ ...empty, address: 'x' }).score).toBeCloseTo(1 / 11, 12)
    expect(
      completeness({ hours: 'x', phone: '1', capacity: 0, address: 'a', operator: 'o' }).score,
    ).toBe(1)
  })

  it('leaves capacity out for categories without a capacity unit', () => {
    const store = { ...empty, hours: '24/7', phone: '021', address: 'a', operator: 'o' }
    expect(completeness(store, false)).toEqual({ score: 1, missing: [] })
    expect(completeness(store, true).missing).toEqual(['capacity'])
  })

  it('lists missing fields heaviest first', () => {
    expect(completeness({ ...empty, phone: '1' }).missing).toEqual([
      'hours',
      'capacity',
      'address',
      'operator',
    ])
  })
})

describe('to-verify queue', () => {
  const now = new Date('2026-12-01T00:00:00Z')
  const item = (id: string, verifiedAt: string | null, filled: boolean): QueueItem => ({
    id,
    verifiedAt,
    hasCapacity: true,
    ...(filled ? { hours: '24/7', phone: '1', capacity: 5, address: 'a', operator: 'o' } : empty),
  })

  it('puts never verified first, then oldest, then least complete', () => {
    const ranked = rankForVerification(
      [
        item('fresh-full', '2026-11-30T00:00:00Z', true),
        item('old-full', '2025-12-01T00:00:00Z', true),
        item('old-empty', '2025-12-01T00:00:00Z', false),
        item('never', null, true),
      ],
      now,
    )
    expect(ranked.map((r) => r.item.id)).toEqual(['never', 'old-empty', 'old-full', 'fresh-full'])
    expect(ranked[1]!.ageDays).toBeCloseTo(365, 9)
    expect(ranked[0]!.ageDays).toBeNull()
  })
})
