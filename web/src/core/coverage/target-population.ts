import type { CommunityProps, PopulationProps, TargetGroup } from './types.ts'

/** The people a category counts, and whether the total stood in for a missing group figure. */
export interface TargetPopulation {
  value: number
  fallback: boolean
}

const FIELD = { elderly: 'population_elderly', infants: 'population_infants' } as const

/**
 * The population of `group` in a community or population block; a missing or invalid group
 * figure falls back to the total population and says so (issue 3: the output must tell).
 * @example targetPopulation({ id: 'a', name: 'A', population: 900 }, 'elderly') // { value: 900, fallback: true }
 */
export function targetPopulation(
  props: CommunityProps | PopulationProps,
  group: TargetGroup,
): TargetPopulation {
  const total = Number.isFinite(props.population) && props.population > 0 ? props.population : 0
  if (group === 'all') return { value: total, fallback: false }
  const v = props[FIELD[group]]
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return { value: v, fallback: false }
  return { value: total, fallback: true }
}
