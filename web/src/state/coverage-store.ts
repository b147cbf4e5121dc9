import { create } from 'zustand'

/** The choropleth's subject: one category's code, or the complete life circle. */
export const COMPLETE = 'complete'

export type CoverageMetric = 'area' | 'population'

/**
 * A category's own reach instead of the shared minutes × speed: the minutes at a cohort's pace
 * (ordinary 4.5 km/h, elderly 3.0 km/h), or a straight-line distance in metres. Network mode
 * will add `{ kind: 'network', ... }` here.
 */
export type ReachOverride =
  { kind: 'pace'; pace: 'ordinary' | 'elderly' } | { kind: 'metres'; metres: number }

export interface CoverageState {
  /** A category code or {@link COMPLETE}. */
  category: string
  metric: CoverageMetric
  /** Walking minutes; reach = minutes × speed (circle mode). */
  minutes: number
  speedKmh: number
  /** Per category code; categories without one use minutes × speedKmh. */
  reachOverrides: Readonly<Record<string, ReachOverride>>
  setReachOverride(code: string, override: ReachOverride | null): void
  setCategory(category: string): void
  setMetric(metric: CoverageMetric): void
  setMinutes(minutes: number): void
  setSpeedKmh(speed: number): void
}

export const minMinutes = 1
export const maxMinutes = 30
/** GB 50180-2018 §3: the 5-, 10- and 15-minute life circle levels. */
export const presetMinutes = [5, 10, 15] as const
/** Walking speeds offered: the elderly (3), the default of the reach presets (4), adults (4.5). */
export const speedChoicesKmh = [3, 4, 4.5] as const

// GB 50180-2018: the 15-minute circle is an 800–1,000 m walk; 15 min × 4 km/h = 1,000 m.
const initialCoverageState = {
  category: 'canteen',
  metric: 'population' as CoverageMetric,
  minutes: 15,
  speedKmh: 4,
  reachOverrides: {} as Readonly<Record<string, ReachOverride>>,
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n))

export const useCoverageStore = create<CoverageState>()((set) => ({
  ...initialCoverageState,
  setCategory: (category) => set({ category }),
  setMetric: (metric) => set({ metric }),
  setMinutes: (minutes) => set({ minutes: clamp(Math.round(minutes), minMinutes, maxMinutes) }),
  setReachOverride: (code, override) =>
    set((s) => {
      const next = { ...s.reachOverrides }
      if (override) next[code] = override
      else delete next[code]
      return { reachOverrides: next }
    }),
  setSpeedKmh: (speedKmh) => set({ speedKmh: clamp(speedKmh, 1, 10) }),
}))

/** For tests: back to the initial state. */
export function resetCoverageStore(): void {
  useCoverageStore.setState(initialCoverageState)
}
