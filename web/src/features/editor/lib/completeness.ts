import type { FacilityValues } from './facility-values.ts'

/**
 * How much of what residents need a record holds, 0–1. Hours, phone and capacity are what a
 * resident asks first ("is it open, can I call, is there room"), so each weighs three times
 * an address or an operator. Capacity does not count for categories without a capacity unit.
 */
export const COMPLETENESS_WEIGHTS = {
  hours: 3,
  phone: 3,
  capacity: 3,
  address: 1,
  operator: 1,
} as const
export type CompletenessField = keyof typeof COMPLETENESS_WEIGHTS

export interface Completeness {
  /** Weighted share of the fields filled in, 0–1. */
  score: number
  /** Fields still empty, heaviest first. */
  missing: CompletenessField[]
}

type Record_ = Pick<FacilityValues, 'hours' | 'phone' | 'address' | 'operator'> & {
  capacity: number | null
}

/**
 * @param hasCapacity whether the category counts capacity (its unit is not `none`)
 * @example completeness({ hours: '24/7', phone: '', capacity: null, address: 'x', operator: '' }, true).score // 4/11
 */
export function completeness(record: Record_, hasCapacity = true): Completeness {
  const filled: Record<CompletenessField, boolean> = {
    hours: record.hours.trim() !== '',
    phone: record.phone.trim() !== '',
    capacity: record.capacity !== null && Number.isFinite(record.capacity),
    address: record.address.trim() !== '',
    operator: record.operator.trim() !== '',
  }
  const fields = (Object.keys(COMPLETENESS_WEIGHTS) as CompletenessField[]).filter(
    (f) => hasCapacity || f !== 'capacity',
  )
  const total = fields.reduce((s, f) => s + COMPLETENESS_WEIGHTS[f], 0)
  const got = fields.filter((f) => filled[f]).reduce((s, f) => s + COMPLETENESS_WEIGHTS[f], 0)
  const missing = fields
    .filter((f) => !filled[f])
    .sort((a, b) => COMPLETENESS_WEIGHTS[b] - COMPLETENESS_WEIGHTS[a])
  return { score: total === 0 ? 1 : got / total, missing }
}
