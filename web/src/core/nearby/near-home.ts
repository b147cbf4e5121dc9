import type { TargetGroup } from '../catalog/categories.ts'
import { minutesToWalk, reachAtPace, type Pace } from '../catalog/paces.ts'
import type { LngLat, Meters, Minutes } from '../geo/units.ts'
import { meters } from '../geo/units.ts'
import type { CommunityLocator, LocatableCommunity } from './community-locator.ts'
import { straightLineSource, type DistanceSource } from './distance-source.ts'
import {
  nearestInIndex,
  paceForCategory,
  type NearbyFacility,
  type NearbyIndex,
} from './nearest-list.ts'

/** One category's line of the "what is near this home" card (also the CLI's JSON). */
export interface NearHomeCategory {
  /** An open facility of the category lies within `reach_m`. */
  within_reach: boolean
  /** Metres walkable in the chosen minutes at the category's pace, or the reach given. */
  reach_m: number
  pace: Pace
  /** The nearest open, published facility, or null when the category has none. */
  nearest: { id: string; name: string | null; distance_m: number; minutes: number } | null
  /**
   * The point lies in a community and no open facility of the category is within reach: it is
   * in that community's coverage gap. Null when the point lies in no community.
   */
  in_gap: boolean | null
  /** The community the point lies in (the same for every category), or null. */
  community: { id: string; name: string } | null
}

export interface NearHome {
  point: [lon: number, lat: number]
  mode: DistanceSource['mode']
  categories: Record<string, NearHomeCategory>
}

export interface NearHomeOptions {
  /** Walking minutes that count as "near" (default 15, GB 50180-2018's 15-minute circle). */
  minutes?: Minutes
  /** One pace for every category; default each category's own (elderly for canteens). */
  pace?: Pace
  /** A fixed reach in metres for every category instead of minutes × pace. */
  reachM?: Meters
  targetGroups?: Readonly<Record<string, TargetGroup>>
  /** Which categories, in this order (default: every category of the index). */
  categories?: readonly string[]
  source?: DistanceSource
  /** Decimals of metres in the output (default 1). */
  digits?: number
}

/**
 * "What is near this home": for a point and every category, whether an open facility is within
 * reach, the nearest one (how far, how many minutes on foot), and whether the point lies in its
 * community's coverage gap for the category.
 * @example nearHome(index, locator, [121.43, 31.04]).categories.canteen.within_reach // true
 */
export function nearHome<T extends NearbyFacility, C extends LocatableCommunity>(
  nearby: NearbyIndex<T>,
  locator: CommunityLocator<C> | null,
  point: LngLat,
  options: NearHomeOptions = {},
): NearHome {
  const source = options.source ?? straightLineSource
  const minutes = options.minutes ?? (15 as Minutes)
  const scale = 10 ** (options.digits ?? 1)
  const round = (m: number): number => Math.round(m * scale) / scale
  const located = locator?.locate(point) ?? null
  const community = located ? { id: located.id, name: located.name } : null
  const categories: Record<string, NearHomeCategory> = {}
  for (const code of options.categories ?? nearby.categories) {
    const pace = options.pace ?? paceForCategory(code, options.targetGroups)
    const reach = options.reachM ?? reachAtPace(minutes, pace)
    const group = nearby.byCategory.get(code)
    const [first] = group ? nearestInIndex(group.items, group.index, point, 1, { source }) : []
    const within = first !== undefined && first.distance_m <= reach
    categories[code] = {
      within_reach: within,
      reach_m: round(reach),
      pace,
      nearest: first
        ? {
            id: first.item.id,
            name: first.item.name ?? null,
            distance_m: round(first.distance_m),
            minutes: minutesToWalk(meters(first.distance_m), pace),
          }
        : null,
      in_gap: community ? !within : null,
      community,
    }
  }
  return { point: [point[0], point[1]], mode: source.mode, categories }
}
