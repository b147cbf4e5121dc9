import type { Meters, Minutes } from '../geo/units.ts'
import { meters, minutes } from '../geo/units.ts'

/**
 * The life-circle levels of GB 50180-2018 (城市居住区规划设计标准) §2.0.2–2.0.4 and §4: the
 * 15-minute circle is an 800–1,000 m walk, the 10-minute one 500 m, the 5-minute one 300 m.
 * `straightM` is the straight-line reach used in circle mode at that level.
 */
export interface ReachPreset {
  minutes: Minutes
  /** Walking distance the standard gives for the level, metres (upper bound of its range). */
  straightM: Meters
  /** The standard's own range, metres. */
  rangeM: readonly [Meters, Meters]
}

export const REACH_PRESETS: readonly ReachPreset[] = [
  { minutes: minutes(5), straightM: meters(300), rangeM: [meters(200), meters(300)] },
  { minutes: minutes(10), straightM: meters(500), rangeM: [meters(500), meters(500)] },
  { minutes: minutes(15), straightM: meters(1000), rangeM: [meters(800), meters(1000)] },
]

/** Default reach: 15 minutes, 1,000 m straight-line in circle mode (GB 50180-2018 §4). */
export const DEFAULT_MINUTES = minutes(15)
export const DEFAULT_REACH_M = meters(1000)

/** Minutes a user may set on a reach control. */
export const MINUTES_RANGE = { min: 1, max: 60 } as const
/** Straight-line reach a user may set, metres. */
export const REACH_M_RANGE = { min: 50, max: 5000 } as const

/** How reach is measured: straight-line circles, or walking distance along the street network. */
export type DistanceMode = 'circle' | 'network'
export const DISTANCE_MODES: readonly DistanceMode[] = ['circle', 'network']
