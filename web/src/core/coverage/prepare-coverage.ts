import Flatbush from 'flatbush'
import KDBush from 'kdbush'
import { polygonalBbox } from '../geo/bbox.ts'
import { stereographicPlane, type StereographicPlane } from '../geo/stereographic.ts'
import { polygonArea } from './disc-union-area.ts'
import { planePolygon, type PlanePolygon } from './plane-polygon.ts'
import {
  GROUPS,
  polygonRings,
  populationPieces,
  type PopulationPiece,
} from './population-pieces.ts'
import { targetPopulation } from './target-population.ts'
import type {
  CategorySetting,
  CommunityFeature,
  CoverageInput,
  CoverageSettings,
  FacilityFeature,
} from './types.ts'

/** A community projected into its own stereographic plane, with its people by target group. */
export interface PreparedCommunity {
  id: string
  name: string
  population: number
  plane: StereographicPlane
  polys: PlanePolygon[]
  /** Spherical area, m². */
  area: number
  /** Lon/lat bounding box, degrees. */
  west: number
  south: number
  east: number
  north: number
  /** People of GROUPS[g]; fallback[g] = 1 when the total stood in for a missing figure. */
  target: Float64Array
  fallback: Uint8Array
  /** Population-layer pieces inside this community; null when people are spread evenly. */
  pieces: PopulationPiece[] | null
  /** Σ piece weights per group; a group with 0 here is spread evenly instead. */
  pieceTotals: Float64Array
  /** False until the plane polygons and area are built (lazy preparation; see preparedCommunity). */
  ready: boolean
}

/**
 * The counted facilities of one category. Arrays only grow (what-if additions append, removals
 * clear `active`), so facility indices stay valid for cached per-facility figures.
 */
export interface PreparedCategory {
  setting: CategorySetting
  /** Index into GROUPS of the category's target group. */
  group: number
  count: number
  ids: string[]
  lon: Float64Array
  lat: Float64Array
  /** Capacity (0 when unknown). */
  capacity: Float64Array
  /** How many input facilities share this point (duplicates are merged into one disc). */
  multiplicity: Int32Array
  active: Uint8Array
  index: KDBush
  hasCapacity: boolean
  /** Every counted facility id → its point index and own capacity (for what-if removals). */
  members: Map<string, { point: number; capacity: number }>
}

export interface PreparedCoverage {
  settings: CoverageSettings
  communities: PreparedCommunity[]
  categories: PreparedCategory[]
  /** Community lon/lat bounding boxes, for "which communities can this disc touch". */
  communityIndex: Flatbush
  /** Apply the spherical area element in the stereographic plane (see disc-union-area.ts). */
  correct: boolean
  placement: 'even' | 'population-layer'
  warnings: string[]
  /** 2SFCA pairs per category: community index → facilities touching it and people they reach. */
  demand: Array<Map<number, { fac: Int32Array; pop: Float64Array }>>
  /** The input's community features, for communities prepared on first use. */
  features: readonly CommunityFeature[]
}

/** A lon/lat box in degrees: west, south, east, north. */
export type LonLatBox = readonly [number, number, number, number]

export interface PrepareOptions {
  /** Spherical area correction (default true; its effect is < 1e-6 relative for ~10 km). */
  correct?: boolean
  /**
   * Build each community's plane polygons on first use rather than all up front, so a thread
   * computing one block of the city prepares only that block and its neighbours. Ignored with a
   * population layer (its "no people placed" warning counts every community).
   */
  lazy?: boolean
  /**
   * Leave facilities outside this box out of the category indices (they still count for the
   * repeated-id and capacity warnings and for whether a category has capacities). For a partial
   * run the box must hold every facility within reach (and within the nearest-distance limit)
   * of the communities computed.
   */
  region?: LonLatBox
}

function statusCounts(f: FacilityFeature, counted: ReadonlySet<string>): boolean {
  return counted.has(f.properties.status ?? 'open')
}

/**
 * Builds the point arrays and KD-tree of one category. Facilities at the very same point are
 * merged into one disc (capacities added, multiplicity kept for "facilities in reach"); a
 * facility id seen twice is counted once.
 */
export function prepareCategory(
  setting: CategorySetting,
  facilities: readonly FacilityFeature[],
  countStatuses: ReadonlySet<string>,
  warnings: string[],
  region?: LonLatBox,
): PreparedCategory {
  // Points seen, by longitude then latitude: numeric keys, no string building per facility.
  const at = new Map<number, Map<number, number>>()
  const members = new Map<string, { point: number; capacity: number }>()
  const ids: string[] = []
  const lon: number[] = []
  const lat: number[] = []
  const cap: number[] = []
  const mult: number[] = []
  let hasCapacity = false
  let missingCapacity = 0
  let duplicateIds = 0
  for (const f of facilities) {
    if (f.properties.category !== setting.code || !statusCounts(f, countStatuses)) continue
    const id = String(f.properties.id)
    if (members.has(id)) {
      duplicateIds++
      continue
    }
    const [x, y] = f.geometry.coordinates as [number, number]
    const c = f.properties.capacity
    const capacity = typeof c === 'number' && Number.isFinite(c) && c > 0 ? c : 0
    if (typeof c === 'number' && Number.isFinite(c)) hasCapacity = true
    else missingCapacity++
    if (region && (x < region[0] || y < region[1] || x > region[2] || y > region[3])) {
      // Outside the region: only its id is remembered, for the repeated-id count.
      members.set(id, { point: -1, capacity })
      continue
    }
    let byLat = at.get(x)
    if (!byLat) at.set(x, (byLat = new Map()))
    const k = byLat.get(y)
    if (k !== undefined) {
      cap[k]! += capacity
      mult[k]!++
      members.set(id, { point: k, capacity })
      continue
    }
    members.set(id, { point: ids.length, capacity })
    byLat.set(y, ids.length)
    ids.push(id)
    lon.push(x)
    lat.push(y)
    cap.push(capacity)
    mult.push(1)
  }
  if (duplicateIds > 0) {
    warnings.push(
      `${setting.code}: ${duplicateIds} facilities with a repeated id were counted once`,
    )
  }
  if (hasCapacity && missingCapacity > 0) {
    warnings.push(
      `${setting.code}: ${missingCapacity} facilities have no capacity; 2SFCA counts them as 0`,
    )
  }
  return buildCategory(
    setting,
    ids,
    lon,
    lat,
    cap,
    mult,
    new Array(ids.length).fill(1),
    hasCapacity,
    members,
  )
}

/** (Re)builds a category's typed arrays and KD-tree from plain arrays. */
export function buildCategory(
  setting: CategorySetting,
  ids: string[],
  lon: ArrayLike<number>,
  lat: ArrayLike<number>,
  capacity: ArrayLike<number>,
  multiplicity: ArrayLike<number>,
  active: ArrayLike<number>,
  hasCapacity: boolean,
  members: PreparedCategory['members'],
): PreparedCategory {
  const count = ids.length
  const index = new KDBush(Math.max(count, 1))
  for (let i = 0; i < count; i++) index.add(lon[i]!, lat[i]!)
  if (count === 0) index.add(0, 0)
  index.finish()
  const group = GROUPS.indexOf(setting.target_group)
  return {
    setting,
    group: group < 0 ? 0 : group,
    count,
    ids,
    lon: Float64Array.from(lon),
    lat: Float64Array.from(lat),
    capacity: Float64Array.from(capacity),
    multiplicity: Int32Array.from(multiplicity),
    active: Uint8Array.from(active),
    index,
    hasCapacity,
    members,
  }
}

/** A community's box, plane and people; its plane polygons wait for {@link completeCommunity}. */
function communityShell(f: CommunityFeature): PreparedCommunity {
  const [west, south, east, north] = polygonalBbox(f.geometry)
  // Centre the plane on the bbox centre: every vertex is then within half the diagonal of it,
  // which keeps the stereographic scale error (ρ²/4R²) and the rounding of coordinates small.
  const plane = stereographicPlane((west + east) / 2, (south + north) / 2)
  const target = new Float64Array(GROUPS.length)
  const fallback = new Uint8Array(GROUPS.length)
  GROUPS.forEach((g, k) => {
    const t = targetPopulation(f.properties, g)
    target[k] = t.value
    fallback[k] = t.fallback ? 1 : 0
  })
  return {
    id: String(f.properties.id),
    name: String(f.properties.name ?? ''),
    population: target[0]!,
    plane,
    polys: [],
    area: 0,
    west,
    south,
    east,
    north,
    target,
    fallback,
    pieces: null,
    pieceTotals: new Float64Array(GROUPS.length),
    ready: false,
  }
}

function completeCommunity(c: PreparedCommunity, f: CommunityFeature, correct: boolean): void {
  for (const r of polygonRings(f.geometry)) {
    const p = planePolygon(c.plane, r)
    if (p) {
      c.polys.push(p)
      c.area += polygonArea(p, correct)
    }
  }
  c.ready = true
}

/**
 * Community `i` of prepared input, its plane polygons built now if it was left for later
 * (`lazy` preparation).
 * @example preparedCommunity(prepareCoverage(input, { lazy: true }), 0).area // m²
 */
export function preparedCommunity(prep: PreparedCoverage, i: number): PreparedCommunity {
  const c = prep.communities[i]!
  if (!c.ready) completeCommunity(c, prep.features[i]!, prep.correct)
  return c
}

/**
 * Everything about the input that does not depend on the facilities' reach: communities in their
 * planes, population pieces, per-category KD-trees. Build once, then run any number of
 * (partial) computations and what-if updates on it.
 * @example const prepared = prepareCoverage(input); runExactCoverage(prepared)
 */
export function prepareCoverage(
  input: CoverageInput,
  options: PrepareOptions = {},
): PreparedCoverage {
  const warnings: string[] = []
  const correct = options.correct ?? true
  const blocks = input.population ?? []
  const lazy = options.lazy === true && blocks.length === 0
  const communities = input.communities.map((f) => {
    const c = communityShell(f)
    if (!lazy) completeCommunity(c, f, correct)
    return c
  })
  const communityIndex = new Flatbush(Math.max(communities.length, 1))
  for (const c of communities) communityIndex.add(c.west, c.south, c.east, c.north)
  if (communities.length === 0) communityIndex.add(0, 0, 0, 0)
  communityIndex.finish()

  let placement: PreparedCoverage['placement'] = 'even'
  if (blocks.length > 0) {
    placement = 'population-layer'
    const blockIndex = new Flatbush(blocks.length)
    for (const b of blocks) blockIndex.add(...polygonalBbox(b.geometry))
    blockIndex.finish()
    let unplaced = 0
    communities.forEach((c, i) => {
      const near = blockIndex.search(c.west, c.south, c.east, c.north).map((k) => blocks[k]!)
      const pieces = populationPieces(c.plane, c.polys, input.communities[i]!, near, correct)
      for (const p of pieces)
        for (let g = 0; g < GROUPS.length; g++) c.pieceTotals[g]! += p.weight[g]!
      c.pieces = pieces
      if (c.pieceTotals[0] === 0) unplaced++
    })
    if (unplaced > 0) {
      warnings.push(
        `${unplaced} communities have no people in the population layer; they are spread evenly`,
      )
    }
  }

  const counted = new Set<string>(input.settings.count_statuses ?? ['open'])
  const categories = input.settings.categories.map((s) =>
    prepareCategory(s, input.facilities, counted, warnings, options.region),
  )
  for (const cat of categories) {
    const fell = communities.filter((c) => c.fallback[cat.group] === 1).length
    if (fell > 0) {
      warnings.push(
        `${cat.setting.code}: ${fell} communities lack a ${cat.setting.target_group} population; total population used`,
      )
    }
  }
  return {
    settings: input.settings,
    communities,
    categories,
    communityIndex,
    correct,
    placement,
    warnings,
    demand: categories.map(() => new Map()),
    features: input.communities,
  }
}

/**
 * The same prepared input under new settings for the same categories (same codes and target
 * groups in the same order, same counted statuses; reach may differ): communities, population
 * pieces and KD-trees are shared, and a category's 2SFCA pairs are kept when its reach is
 * unchanged. null when the new settings would prepare differently. A recompute after a
 * planner moves the minutes control then skips preparation (70–100 ms a thread on the large
 * benchmark city) and the garbage it leaves.
 * @example withSettings(prep, { ...prep.settings, categories: [{ ...store, reach_m: meters(800) }] })
 */
export function withSettings(
  prep: PreparedCoverage,
  settings: CoverageSettings,
): PreparedCoverage | null {
  const old = prep.settings
  const statuses = (s: CoverageSettings): string => (s.count_statuses ?? ['open']).join('\n')
  if (statuses(old) !== statuses(settings)) return null
  if (old.categories.length !== settings.categories.length) return null
  for (let k = 0; k < old.categories.length; k++) {
    const a = old.categories[k]!
    const b = settings.categories[k]!
    if (a.code !== b.code || a.target_group !== b.target_group) return null
  }
  return {
    ...prep,
    settings,
    categories: prep.categories.map((cat, k) => ({ ...cat, setting: settings.categories[k]! })),
    demand: prep.categories.map((cat, k) =>
      cat.setting.reach_m === settings.categories[k]!.reach_m ? prep.demand[k]! : new Map(),
    ),
  }
}
