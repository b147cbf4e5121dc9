import { cityTotals } from './city-totals.ts'
import { communitiesNearPoint, NEAREST_MAX_M, recomputeCommunities } from './exact-coverage.ts'
import { buildCategory, type PreparedCoverage } from './prepare-coverage.ts'
import type { CoverageResult, FacilityFeature } from './types.ts'

/** A planner's what-if: facilities opened and facilities closed (by id). */
export interface FacilityChange {
  add?: FacilityFeature[]
  remove?: string[]
}

export interface FacilityChangeResult {
  result: CoverageResult
  /** Indices of the communities recomputed. */
  recomputed: number[]
}

/**
 * Applies a facility change to prepared input (in place) and returns the updated result,
 * recomputing only what the change can move: for each changed point, the communities its reach
 * disc can touch (all figures of that category, 2SFCA included: other facilities' catchment
 * ratios do not depend on it), plus the communities whose nearest-distance quantiles it can
 * lower or raise (it lies within their previous 90th percentile, or within 5 km where that was
 * unreachable). `previous` must be the full result for the same prepared input.
 * @example applyFacilityChange(prepared, result, { add: [newCanteen] }).result
 */
export function applyFacilityChange(
  prep: PreparedCoverage,
  previous: CoverageResult,
  change: FacilityChange,
  options: { nearest?: boolean } = {},
): FacilityChangeResult {
  const counted = new Set<string>(prep.settings.count_statuses ?? ['open'])
  const touched = new Set<number>()
  const which = new Set<number>()
  prep.categories.forEach((cat, k) => {
    const concerned =
      (change.remove ?? []).some((id) => cat.members.has(id)) ||
      (change.add ?? []).some(
        (f) =>
          f.properties.category === cat.setting.code && counted.has(f.properties.status ?? 'open'),
      )
    // Copying a category's arrays costs milliseconds on a large city: only for those changed.
    if (!concerned) return
    const points: Array<[number, number]> = []
    const ids = cat.ids.slice()
    const lon = Array.from(cat.lon)
    const lat = Array.from(cat.lat)
    const capacity = Array.from(cat.capacity)
    const multiplicity = Array.from(cat.multiplicity)
    const active = Array.from(cat.active)
    const members = new Map(cat.members)
    for (const id of change.remove ?? []) {
      const m = members.get(id)
      // point -1: outside the region the input was prepared for, so it moves nothing there.
      if (!m || m.point < 0) continue
      members.delete(id)
      capacity[m.point]! -= m.capacity
      if (--multiplicity[m.point]! <= 0) active[m.point] = 0
      points.push([lon[m.point]!, lat[m.point]!])
    }
    let hasCapacity = cat.hasCapacity
    for (const f of change.add ?? []) {
      const p = f.properties
      if (p.category !== cat.setting.code || !counted.has(p.status ?? 'open')) continue
      const id = String(p.id)
      if (members.has(id)) continue
      const [x, y] = f.geometry.coordinates as [number, number]
      const c = typeof p.capacity === 'number' && Number.isFinite(p.capacity) ? p.capacity : null
      if (c !== null) hasCapacity = true
      members.set(id, { point: ids.length, capacity: c ?? 0 })
      ids.push(id)
      lon.push(x)
      lat.push(y)
      capacity.push(c !== null && c > 0 ? c : 0)
      multiplicity.push(1)
      active.push(1)
      points.push([x, y])
    }
    if (points.length === 0) return
    which.add(k)
    prep.categories[k] = buildCategory(
      cat.setting,
      ids,
      lon,
      lat,
      capacity,
      multiplicity,
      active,
      hasCapacity,
      members,
    )
    const code = cat.setting.code
    for (const [x, y] of points) {
      for (const i of communitiesNearPoint(prep, x, y, cat.setting.reach_m)) {
        touched.add(i)
        prep.demand[k]!.delete(i)
      }
      if (options.nearest ?? true) {
        for (const i of communitiesNearPoint(prep, x, y, NEAREST_MAX_M)) {
          const p90 = previous.communities[i]?.categories[code]?.nearest_m_p90 ?? null
          if (p90 === null || communitiesNearPoint(prep, x, y, p90).includes(i)) touched.add(i)
        }
      }
    }
  })
  const recomputed = [...touched].sort((a, b) => a - b)
  const fresh = recomputeCommunities(
    prep,
    recomputed,
    which,
    recomputed.map((i) => previous.communities[i] ?? null),
    options.nearest ?? true,
  )
  const communities = previous.communities.slice()
  recomputed.forEach((i, slot) => {
    communities[i] = fresh[slot]!
  })
  const codes = prep.categories.map((c) => c.setting.code)
  return {
    result: { ...previous, communities, city: cityTotals(communities, codes) },
    recomputed,
  }
}
