/** The facilities reaching one community and how many of its target people each reaches. */
export interface DemandPairs {
  /** Facility indices. */
  fac: Int32Array
  /** Target people of the community within reach of fac[k]. */
  pop: Float64Array
}

/**
 * Two-step floating catchment (2SFCA, Luo & Wang 2003) with the catchment cut exactly by
 * reach: step 1, each facility's ratio R_j = capacity_j / Σ_i P_ij (all people within its reach,
 * whichever community they live in); step 2, A_i = Σ_j R_j · P_ij / P_i × 1000, the capacity
 * per 1,000 target people of community i. P_ij is people of i within reach of j, P_i people of i.
 *
 * `halo` must hold every community that any facility reaching `communities` also reaches, so
 * the R_j used are complete (for a full run: all communities). Returns A_i per community of
 * `communities` (null where P_i is 0).
 * @example
 * // one facility of 30 places reaching 100 people of community 0 and 200 of community 1
 * twoStepFca([0], [0, 1], (i) => ({ fac: Int32Array.of(0), pop: Float64Array.of(i ? 200 : 100) }), Float64Array.of(30), () => 100) // [100]
 */
export function twoStepFca(
  communities: readonly number[],
  halo: readonly number[],
  pairsOf: (community: number) => DemandPairs,
  capacity: Float64Array,
  targetOf: (community: number) => number,
): Array<number | null> {
  const demand = new Float64Array(capacity.length)
  for (const i of halo) {
    const { fac, pop } = pairsOf(i)
    for (let k = 0; k < fac.length; k++) demand[fac[k]!]! += pop[k]!
  }
  return communities.map((i) => {
    const people = targetOf(i)
    if (!(people > 0)) return null
    const { fac, pop } = pairsOf(i)
    let sum = 0
    for (let k = 0; k < fac.length; k++) {
      const j = fac[k]!
      const d = demand[j]!
      if (d > 0) sum += (capacity[j]! / d) * pop[k]!
    }
    return (sum / people) * 1000
  })
}
