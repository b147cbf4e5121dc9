import type { CityResult } from '../../../core/coverage/types.ts'

/**
 * Coverage targets from the policy texts (see the team's POLICY-TARGETS.md), where the city
 * figures this map computes can be set against them. `approximate` marks a figure that only
 * stands in for the indicator as written: straight-line reach instead of walking time, or a
 * population share instead of a share of communities.
 */
export interface PolicyTarget {
  category: string
  /** The policy's own reach, walking minutes. */
  minutes: number
  /** Target share of the category's target group within reach, a fraction. */
  share: number
  /** i18n key under `coverage.policy.` naming the indicator and its plan. */
  key: 'canteen' | 'fitness' | 'childcare'
  approximate: true
}

export const policyTargets: readonly PolicyTarget[] = [
  // 老年助餐服务全覆盖 / 一刻钟居家养老服务圈, 天津 (002:41): 100% by 2025.
  { category: 'canteen', minutes: 15, share: 1, key: 'canteen', approximate: true },
  // 城市10分钟健身圈覆盖率, 宁夏 (003:7): 95% by 2025.
  { category: 'fitness', minutes: 10, share: 0.95, key: 'fitness', approximate: true },
  // 社区托育服务覆盖率, 天津 (002:33): 60% by 2025 — a share of communities in the text.
  { category: 'childcare', minutes: 15, share: 0.6, key: 'childcare', approximate: true },
]

export interface TargetComparison {
  target: PolicyTarget
  /** The city's population share of the target group, or null where there are no people. */
  actual: number | null
  met: boolean | null
  /** False when the slider is not at the policy's minutes: the comparison is then indicative. */
  sameMinutes: boolean
}

/** The city figures set against the targets that apply to the categories computed. */
export function compareWithTargets(city: CityResult, minutes: number): TargetComparison[] {
  return policyTargets.flatMap((target) => {
    const figures = city.categories[target.category]
    if (!figures) return []
    const actual = figures.population_share
    return [
      {
        target,
        actual,
        // Shares are rounded by the engine; a hair under 1 is still "all".
        met: actual === null ? null : actual >= target.share - 1e-9,
        sameMinutes: minutes === target.minutes,
      },
    ]
  })
}
