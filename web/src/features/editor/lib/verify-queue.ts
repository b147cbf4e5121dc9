import { completeness } from './completeness.ts'

export interface QueueItem {
  id: string
  verifiedAt: string | null
  hours: string
  phone: string
  capacity: number | null
  address: string
  operator: string
  /** Whether the category counts capacity. */
  hasCapacity: boolean
}

export interface Ranked<T> {
  item: T
  /** Days since last verified; null when never verified. */
  ageDays: number | null
  completeness: number
  priority: number
}

const DAY_MS = 86_400_000
// A record never verified ranks as if last verified this long ago (days): above any real one.
const NEVER_VERIFIED_DAYS = 3650

/**
 * The "to verify" queue: oldest and least complete first. Priority = days since verified ×
 * (2 − completeness), so a record verified a year ago with nothing filled in comes before one
 * verified a year ago that is complete, and a record never verified comes before both. Ties
 * keep the input order.
 * @param now the instant ages are measured from
 */
export function rankForVerification<T extends QueueItem>(
  items: readonly T[],
  now: Date,
): Ranked<T>[] {
  return items
    .map((item, index) => {
      const t = item.verifiedAt ? Date.parse(item.verifiedAt) : NaN
      const ageDays = Number.isFinite(t) ? Math.max(0, (now.getTime() - t) / DAY_MS) : null
      const score = completeness(item, item.hasCapacity).score
      return {
        ranked: {
          item,
          ageDays,
          completeness: score,
          priority: (ageDays ?? NEVER_VERIFIED_DAYS) * (2 - score),
        },
        index,
      }
    })
    .sort((a, b) => b.ranked.priority - a.ranked.priority || a.index - b.index)
    .map((x) => x.ranked)
}
