import { BASE_CATEGORIES, type FacilityStatus, type TargetGroup } from '../catalog/categories.ts'
import { defaultPaceFor, minutesToWalk, type Pace } from '../catalog/paces.ts'
import type { LngLat, Meters } from '../geo/units.ts'
import { meters } from '../geo/units.ts'
import { straightLineSource, type DistanceSource } from './distance-source.ts'
import { GeoPointIndex } from './geo-point-index.ts'

/** What the nearest list needs of a facility; any other fields (hours, phone …) ride along. */
export interface NearbyFacility {
  id: string
  category: string
  name?: string | null
  /** WGS-84 degrees. */
  lon: number
  lat: number
  /** Missing means open, as in the coverage engine (files without a status column). */
  status?: FacilityStatus | null
  /** Missing means published; `false` is a record residents must not see. */
  published?: boolean | null
}

/**
 * Whether residents may be shown a facility as open: status open (or not given) and not
 * unpublished. Closed and planned facilities are never listed as open.
 * @example isListedOpen({ id: 'a', category: 'store', lon: 121, lat: 31, status: 'planned' }) // false
 */
export function isListedOpen(f: NearbyFacility): boolean {
  return (f.status === 'open' || f.status == null) && f.published !== false
}

/** Open, published facilities of each category, each category with its own spatial index. */
export interface NearbyIndex<T extends NearbyFacility> {
  /** Category codes present, in first-seen order. */
  readonly categories: readonly string[]
  readonly byCategory: ReadonlyMap<string, { items: readonly T[]; index: GeoPointIndex }>
}

/**
 * Indexes the open, published facilities per category (others are dropped here, once).
 * @example buildNearbyIndex(facilities).categories // ['canteen', 'store', …]
 */
export function buildNearbyIndex<T extends NearbyFacility>(
  facilities: readonly T[],
): NearbyIndex<T> {
  const groups = new Map<string, T[]>()
  for (const f of facilities) {
    if (!isListedOpen(f)) continue
    const list = groups.get(f.category)
    if (list) list.push(f)
    else groups.set(f.category, [f])
  }
  const byCategory = new Map<string, { items: readonly T[]; index: GeoPointIndex }>()
  for (const [code, items] of groups) {
    byCategory.set(code, {
      items,
      index: new GeoPointIndex(
        items.map((f) => f.lon),
        items.map((f) => f.lat),
      ),
    })
  }
  return { categories: [...groups.keys()], byCategory }
}

/** One line of a nearest list. */
export interface NearestEntry<T> {
  facility: T
  /** From the distance source (straight-line or along streets), metres. */
  distance_m: Meters
  /** Whole minutes on foot at the list's pace (rounded up). */
  minutes: number
}

export interface NearestOptions<T> {
  /** How many per category (default 5). */
  n?: number
  /** One pace for every category; default: each category's own ({@link paceForCategory}). */
  pace?: Pace
  /** Target groups of categories not among the four base ones (from the database). */
  targetGroups?: Readonly<Record<string, TargetGroup>>
  /** Farthest a listed facility may be, metres (default: no limit). */
  maxDistance?: number
  /** Default: straight lines. */
  source?: DistanceSource
  /** Which categories (default: every indexed one). */
  categories?: readonly string[]
  /** A further condition, e.g. open now by its hours. */
  filter?: (facility: T) => boolean
}

export interface NearestList<T> {
  pace: Pace
  mode: DistanceSource['mode']
  items: NearestEntry<T>[]
}

/**
 * The pace a category's walking minutes use by default: the elderly's for canteens (target
 * group elderly), the ordinary one otherwise.
 * @example paceForCategory('canteen') // 'elderly'
 */
export function paceForCategory(
  category: string,
  targetGroups: Readonly<Record<string, TargetGroup>> = {},
): Pace {
  const group =
    targetGroups[category] ?? BASE_CATEGORIES.find((c) => c.code === category)?.targetGroup
  return defaultPaceFor(group ?? 'all')
}

/** First search radius, metres; it doubles until enough facilities are certain. */
const START_RADIUS_M = 400

/**
 * The `n` nearest of `items` (indexed by `index`) from `point`, by the source's distance, ties
 * by id. Looks in growing straight-line circles: a facility whose source distance is within
 * the circle's radius is certain (nothing outside the circle can be nearer, as no walk is
 * shorter than the straight line), so the search stops once n are certain.
 * @example nearestInIndex(items, index, [121.5, 25.03], 3) // [{ item, distance_m }, …]
 */
export function nearestInIndex<T extends { id: string }>(
  items: readonly T[],
  index: GeoPointIndex,
  point: LngLat,
  n: number,
  options: {
    source?: DistanceSource
    maxDistance?: number
    filter?: (item: T) => boolean
  } = {},
): { item: T; distance_m: Meters }[] {
  const source = options.source ?? straightLineSource
  const maxDistance = options.maxDistance ?? Infinity
  if (n <= 0 || index.size === 0) return []
  const known = new Map<number, number>()
  let radius = Math.min(START_RADIUS_M, maxDistance)
  for (;;) {
    const candidates = index.candidates(point[0], point[1], radius)
    const fresh: number[] = []
    for (const i of candidates) {
      if (known.has(i)) continue
      if (options.filter && !options.filter(items[i]!)) known.set(i, Infinity)
      else fresh.push(i)
    }
    if (fresh.length > 0) {
      const d = source.distances(
        point,
        fresh.map((i) => index.position(i)),
      )
      for (let k = 0; k < fresh.length; k++) known.set(fresh[k]!, d[k]!)
    }
    // Once every facility is a candidate, all are measured: the only bound left is maxDistance.
    const bound = candidates.length === index.size ? maxDistance : radius
    let certain = 0
    for (const i of candidates) if (known.get(i)! <= bound && known.get(i)! < Infinity) certain++
    if (certain >= n || bound >= maxDistance) {
      const out: { item: T; distance_m: Meters }[] = []
      for (const i of candidates) {
        const m = known.get(i)!
        if (m <= bound && m < Infinity) out.push({ item: items[i]!, distance_m: meters(m) })
      }
      out.sort(
        (a, b) =>
          a.distance_m - b.distance_m ||
          (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0),
      )
      return out.slice(0, n)
    }
    radius = Math.min(radius * 2, maxDistance)
  }
}

/**
 * Per category, the nearest open and published facilities from a point, sorted by walking
 * distance (ties by id), with walking minutes at the category's pace; at most `n` each.
 * Categories with no open facility get an empty list.
 * @example nearestByCategory(buildNearbyIndex(facilities), [121.43, 31.04], { n: 3 }).canteen.items[0].minutes // 6
 */
export function nearestByCategory<T extends NearbyFacility>(
  nearby: NearbyIndex<T>,
  point: LngLat,
  options: NearestOptions<T> = {},
): Record<string, NearestList<T>> {
  const source = options.source ?? straightLineSource
  const n = options.n ?? 5
  const out: Record<string, NearestList<T>> = {}
  for (const code of options.categories ?? nearby.categories) {
    const pace = options.pace ?? paceForCategory(code, options.targetGroups)
    const group = nearby.byCategory.get(code)
    const found = group
      ? nearestInIndex(group.items, group.index, point, n, {
          source,
          maxDistance: options.maxDistance,
          filter: options.filter,
        })
      : []
    out[code] = {
      pace,
      mode: source.mode,
      items: found.map(({ item, distance_m }) => ({
        facility: item,
        distance_m,
        minutes: minutesToWalk(distance_m, pace),
      })),
    }
  }
  return out
}
