/**
 * Targets from the city plans the product answers to (the team's POLICY-TARGETS.md quotes each
 * with its file and line), as presets a planner starts from and may edit. Each says how
 * lifecircle approximates the indicator as written, so a number on the screen is never passed
 * off as the policy's own.
 */

/** What a target is measured against. */
export type TargetMeasure =
  /** Share of the category's target group within reach, city-wide (population-weighted). */
  | 'population_share'
  /** Share of communities whose target-group share within reach reaches `threshold`. */
  | 'community_share'
  /** Capacity (places, seats) per 1,000 people of the target group, city-wide. */
  | 'capacity_per_1000'
  /** Share of people within reach of every selected category at once (complete life circle). */
  | 'complete_share'

export interface PolicyCitation {
  /** Plan title as written, Chinese. */
  document: string
  /** City or region issuing it. */
  place: string
  /** Where in the seed documents: `seeds/<file>` and line. */
  file: string
  line: number
  /** The indicator's own words. */
  indicator: string
}

export interface PolicyTarget {
  /** Stable id, also the i18n key under `policy.`. */
  id: string
  /** Category code, or null for the complete life circle. */
  category: string | null
  measure: TargetMeasure
  /** Goal value: a fraction for shares, a count for capacity per 1,000. */
  value: number
  /** For `community_share`: the share a community must reach to count as served. */
  threshold?: number
  /** The policy's own reach, walking minutes. */
  minutes: number
  /** The year the plan sets for reaching it. */
  year: number
  citation: PolicyCitation
}

export const POLICY_TARGETS: readonly PolicyTarget[] = [
  {
    id: 'canteen_full',
    category: 'canteen',
    measure: 'population_share',
    value: 1,
    minutes: 15,
    year: 2025,
    citation: {
      document: '天津市《关于促进生活性服务业发展若干措施》',
      place: '天津',
      file: '002',
      line: 41,
      indicator: '老年助餐服务城乡全覆盖 / 一刻钟居家养老服务圈',
    },
  },
  {
    id: 'home_care_90',
    category: 'canteen',
    measure: 'community_share',
    value: 0.9,
    threshold: 0.5,
    minutes: 15,
    year: 2025,
    citation: {
      document: '海东市人民政府办公室文件（东政办〔2022〕131号）',
      place: '海东',
      file: '001',
      line: 40,
      indicator: '居家社区养老服务覆盖率 90%',
    },
  },
  {
    id: 'childcare_60',
    category: 'childcare',
    measure: 'community_share',
    value: 0.6,
    threshold: 0.5,
    minutes: 15,
    year: 2025,
    citation: {
      document: '天津市《关于促进生活性服务业发展若干措施》',
      place: '天津',
      file: '002',
      line: 33,
      indicator: '社区托育服务覆盖率 60%',
    },
  },
  {
    id: 'childcare_places_haidong',
    category: 'childcare',
    measure: 'capacity_per_1000',
    value: 4.8,
    minutes: 15,
    year: 2025,
    citation: {
      document: '海东市人民政府办公室文件（东政办〔2022〕131号）',
      place: '海东',
      file: '001',
      line: 40,
      indicator: '每千人口拥有3岁以下婴幼儿托位数 4.8',
    },
  },
  {
    id: 'fitness_10min_95',
    category: 'fitness',
    measure: 'population_share',
    value: 0.95,
    minutes: 10,
    year: 2025,
    citation: {
      document: '宁夏《推动重点领域普惠性生活服务扩容实施方案》',
      place: '宁夏',
      file: '003',
      line: 7,
      indicator: '城市10分钟健身圈覆盖率 95%',
    },
  },
  {
    id: 'complete_circle',
    category: null,
    measure: 'complete_share',
    value: 0.9,
    minutes: 15,
    year: 2025,
    citation: {
      document: '天津市《关于促进生活性服务业发展若干措施》',
      place: '天津',
      file: '002',
      line: 45,
      indicator: '一刻钟便民生活圈（居民满意度 ≥ 90%）',
    },
  },
]

/** The preset for a category and measure, if a plan sets one. */
export function targetFor(category: string | null, measure?: TargetMeasure): PolicyTarget | null {
  return (
    POLICY_TARGETS.find(
      (t) => t.category === category && (measure === undefined || t.measure === measure),
    ) ?? null
  )
}
