import type { KmPerHour, Meters, Minutes } from '../geo/units.ts'
import { kmPerHour, walkDistance } from '../geo/units.ts'
import type { TargetGroup } from './categories.ts'

/** A walking pace people can choose: the general population's, or the elderly's. */
export type Pace = 'ordinary' | 'elderly'

export const PACES: readonly Pace[] = ['ordinary', 'elderly']

/**
 * Walking speeds, km/h. 4.5 km/h is a common planning figure for adults; 3.0 km/h for older
 * people (measured gait speeds of people over 65 are around 0.8–1.0 m/s, slower with a stick).
 */
export const PACE_KMH: Readonly<Record<Pace, KmPerHour>> = {
  ordinary: kmPerHour(4.5),
  elderly: kmPerHour(3),
}

/**
 * The pace a category's reach defaults to: the elderly's for services whose target group is the
 * elderly (canteens), the ordinary pace otherwise.
 * @example defaultPaceFor('elderly') // 'elderly'
 */
export function defaultPaceFor(targetGroup: TargetGroup): Pace {
  return targetGroup === 'elderly' ? 'elderly' : 'ordinary'
}

/**
 * Metres walked in `t` minutes at a pace.
 * @example reachAtPace(minutes(15), 'elderly') // 750 m
 */
export function reachAtPace(t: Minutes, pace: Pace): Meters {
  return walkDistance(t, PACE_KMH[pace])
}

/**
 * Whole minutes (rounded up) to walk `distance` metres at a pace; what a resident is told.
 * @example minutesToWalk(meters(760), 'elderly') // 16
 */
export function minutesToWalk(distance: Meters, pace: Pace): number {
  return Math.max(0, Math.ceil((distance / 1000 / PACE_KMH[pace]) * 60 - 1e-9))
}

export function isPace(value: unknown): value is Pace {
  return value === 'ordinary' || value === 'elderly'
}
