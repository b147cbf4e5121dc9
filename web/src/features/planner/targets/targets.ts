import {
  POLICY_TARGETS,
  type PolicyTarget,
  type TargetMeasure,
} from '../../../core/catalog/policy-targets.ts'
import type { CoverageResult } from '../../../core/coverage/types.ts'
import { formatFigure } from '../../../core/io/export/format-figure.ts'

/** A planner's change to a preset: the goal, and for community shares the threshold. */
export interface TargetEdit {
  value?: number
  threshold?: number
  /** Switched off: not compared, gives no ✓/✗. */
  off?: boolean
}
export type TargetEdits = Readonly<Record<string, TargetEdit>>

/** A preset with the planner's edits applied. */
export interface EffectiveTarget extends PolicyTarget {
  edited: boolean
  off: boolean
}

/** The presets with the edits applied (unknown ids and non-finite values ignored). */
export function effectiveTargets(edits: TargetEdits): EffectiveTarget[] {
  return POLICY_TARGETS.map((t) => {
    const e = edits[t.id]
    const value = e?.value !== undefined && Number.isFinite(e.value) ? e.value : t.value
    const threshold =
      e?.threshold !== undefined && Number.isFinite(e.threshold) ? e.threshold : t.threshold
    return {
      ...t,
      value,
      ...(threshold !== undefined ? { threshold } : {}),
      edited: value !== t.value || threshold !== t.threshold || Boolean(e?.off),
      off: Boolean(e?.off),
    }
  })
}

/**
 * Per category, the population share a single community must reach to count as meeting the
 * target (the table's ✓/✗): the goal of a population-share target, else the threshold of a
 * community-share target; categories with neither have none.
 * @example communityTargets(effectiveTargets({})).canteen // 1
 */
export function communityTargets(targets: readonly EffectiveTarget[]): Record<string, number> {
  const out: Record<string, number> = {}
  const order: TargetMeasure[] = ['population_share', 'community_share']
  for (const measure of order) {
    for (const t of targets) {
      if (t.off || t.category === null || t.measure !== measure || t.category in out) continue
      const share = measure === 'population_share' ? t.value : t.threshold
      if (share !== undefined) out[t.category] = share
    }
  }
  return out
}

/** A target set against the district's figures. */
export interface TargetComparison {
  target: EffectiveTarget
  /** The district's figure in the target's measure; null where it cannot be computed. */
  actual: number | null
  met: boolean | null
  /** The computed reach differs from the policy's minutes: the comparison is indicative. */
  otherMinutes: boolean
}

/**
 * The district's figures set against each target that is on and whose category was computed.
 * `population_share`: Σ covered / Σ target people; `community_share`: communities (with people of
 * the group) whose share reaches the threshold, over all such communities; `capacity_per_1000`:
 * the communities' 2SFCA figures weighted by their target people; `complete_share`: the engine's.
 * @example compareTargets(result, effectiveTargets({}), 15)[0].met
 */
export function compareTargets(
  result: Pick<CoverageResult, 'communities' | 'city' | 'settings'>,
  targets: readonly EffectiveTarget[],
  minutesByCategory: Readonly<Record<string, number>>,
): TargetComparison[] {
  const computed = new Set(result.settings.categories.map((c) => c.code))
  const out: TargetComparison[] = []
  for (const target of targets) {
    if (target.off) continue
    if (target.category !== null && !computed.has(target.category)) continue
    const actual = actualFor(result, target)
    const minutes =
      target.category === null
        ? Object.values(minutesByCategory)
        : [minutesByCategory[target.category]]
    out.push({
      target,
      actual,
      // Compared as shown: the rounded figure against the goal.
      met: actual === null ? null : actual >= target.value - 1e-9,
      otherMinutes: minutes.some((m) => m !== undefined && m !== target.minutes),
    })
  }
  return out
}

function actualFor(
  result: Pick<CoverageResult, 'communities' | 'city'>,
  target: EffectiveTarget,
): number | null {
  const code = target.category
  switch (target.measure) {
    case 'complete_share':
      return formatFigure('share', result.city.complete_share)
    case 'population_share':
      return code === null
        ? null
        : formatFigure('share', result.city.categories[code]?.population_share)
    case 'community_share': {
      if (code === null) return null
      let n = 0
      let served = 0
      for (const c of result.communities) {
        const share = c.categories[code]?.population_share
        if (share === null || share === undefined) continue
        n++
        if ((formatFigure('share', share) ?? 0) >= (target.threshold ?? 0.5) - 1e-9) served++
      }
      return n === 0 ? null : formatFigure('share', served / n)
    }
    case 'capacity_per_1000': {
      if (code === null) return null
      let people = 0
      let weighted = 0
      for (const c of result.communities) {
        const f = c.categories[code]
        if (!f || f.capacity_per_1000 === null || !f.target_population) continue
        people += f.target_population
        weighted += f.capacity_per_1000 * f.target_population
      }
      return people === 0 ? null : formatFigure('per_1000', weighted / people)
    }
  }
}

const STORAGE_KEY = 'lifecircle.planner.targets'

/** The planner's edits kept in this browser (anonymous use); {} when none or unreadable. */
export function loadTargetEdits(storage: Pick<Storage, 'getItem'> | undefined): TargetEdits {
  try {
    const text = storage?.getItem(STORAGE_KEY)
    const parsed: unknown = text ? JSON.parse(text) : {}
    return parsed && typeof parsed === 'object' ? (parsed as TargetEdits) : {}
  } catch {
    return {}
  }
}

export function saveTargetEdits(
  storage: Pick<Storage, 'setItem'> | undefined,
  edits: TargetEdits,
): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(edits))
  } catch {
    // Private mode or a full quota: the edits still hold for this visit.
  }
}
