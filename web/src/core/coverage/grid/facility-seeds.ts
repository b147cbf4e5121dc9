import { projectStereographic } from '../../geo/stereographic.ts'
import { pointInPlanePolygon } from '../plane-polygon.ts'
import { GROUPS } from '../population-pieces.ts'
import type { CategorySetting, FacilityFeature } from '../types.ts'
import type { DistanceFieldFactory, FieldSeeds } from './distance-field.ts'
import { gridFacilityDistances } from './facility-distance.ts'
import type { GridCategory } from './grid-types.ts'
import { grown } from '../grow-array.ts'
import { seedsByY } from './nearest-seeds.ts'
import type { GridRaster } from './people-raster.ts'

/** Whether a facility's status is one the settings count (default: open only). */
export function countedStatus(f: FacilityFeature, counted: ReadonlySet<string>): boolean {
  return counted.has(f.properties.status ?? 'open')
}

/** A facility's lon/lat, or null when it has no finite point. */
export function lngLatOf(f: FacilityFeature): [number, number] | null {
  const c = f.geometry?.coordinates
  if (!c || !Number.isFinite(c[0]) || !Number.isFinite(c[1])) return null
  return [c[0]!, c[1]!]
}

/** The category's seeds as its distance field reads them. */
export function fieldSeeds(cat: GridCategory): FieldSeeds {
  const s = cat.seeds
  return { x: s.x, y: s.y, active: s.active, count: s.count, byY: cat.byY }
}

/**
 * A category of a grid model: its counted facilities as seeds in the raster's plane, and its
 * distance field built (figures come later). Warnings about repeated ids and missing
 * capacities go to `warnings`.
 */
export function newCategory(
  raster: GridRaster,
  setting: CategorySetting,
  facilities: readonly FacilityFeature[],
  counted: ReadonlySet<string>,
  makeField: DistanceFieldFactory,
  warnings: string[],
): GridCategory {
  const group = Math.max(GROUPS.indexOf(setting.target_group), 0)
  const field = makeField({ plane: raster.plane, cells: raster.cells, category: setting.code })
  const cat: GridCategory = {
    setting: { ...setting },
    group,
    seeds: {
      x: new Float64Array(16),
      y: new Float64Array(16),
      active: new Uint8Array(16),
      count: 0,
    },
    ids: [],
    idIndex: new Map(),
    capacity: new Float64Array(16),
    hasCapacity: false,
    byY: new Int32Array(0),
    field,
    dist: field.dist,
    lists: [],
    // Twice the reach, so a slider moved up to double the reach needs no new lists.
    listCap: 2 * setting.reach_m,
    near: [],
    access: null,
    inside: new Uint8Array(16),
    gap: new Float64Array(16),
    permArea: new Int32Array(raster.area.cell.length),
    binsArea: [],
    permPeople: raster.people ? new Int32Array(raster.people.cell.length) : null,
    binsPeople: [],
    median: new Float64Array(raster.communities.length),
    p90: new Float64Array(raster.communities.length),
  }
  let repeated = 0
  let missingCapacity = 0
  for (const f of facilities) {
    if (f.properties.category !== setting.code || !countedStatus(f, counted)) continue
    const at = lngLatOf(f)
    if (!at) continue
    const id = String(f.properties.id)
    if (cat.idIndex.has(id)) {
      repeated++
      continue
    }
    const c = f.properties.capacity
    if (typeof c === 'number' && Number.isFinite(c)) cat.hasCapacity = true
    else missingCapacity++
    appendSeed(raster, cat, id, at, c)
  }
  if (repeated > 0) {
    warnings.push(`${setting.code}: ${repeated} facilities with a repeated id were counted once`)
  }
  if (cat.hasCapacity && missingCapacity > 0) {
    warnings.push(
      `${setting.code}: ${missingCapacity} facilities have no capacity; 2SFCA counts them as 0`,
    )
  }
  cat.byY = seedsByY(cat.seeds)
  field.build(fieldSeeds(cat))
  return cat
}

/** Appends a facility as the category's next seed (active); returns its index. */
export function appendSeed(
  raster: GridRaster,
  cat: GridCategory,
  id: string,
  at: readonly [number, number],
  capacity: unknown,
): number {
  const s = cat.seeds
  const n = s.count
  s.x = grown(s.x, n + 1)
  s.y = grown(s.y, n + 1)
  s.active = grown(s.active, n + 1)
  cat.capacity = grown(cat.capacity, n + 1)
  const xy = new Float64Array(2)
  projectStereographic(raster.plane, at[0], at[1], xy, 0)
  s.x[n] = xy[0]!
  s.y[n] = xy[1]!
  s.active[n] = 1
  // Whether the facility stands inside some community (then it reaches people at any reach).
  cat.inside = grown(cat.inside, n + 1)
  const near = raster.communityIndex.search(s.x[n]!, s.y[n]!, s.x[n]!, s.y[n]!)
  cat.inside[n] = near.some((i) =>
    raster.communities[i]!.polys.some((p) => pointInPlanePolygon(p, s.x[n]!, s.y[n]!)),
  )
    ? 1
    : 0
  cat.gap = grown(cat.gap, n + 1)
  cat.gap[n] = NaN
  // NaN marks an unknown capacity (2SFCA counts it as 0; a category with none known has no figure).
  cat.capacity[n] =
    typeof capacity === 'number' && Number.isFinite(capacity) ? Math.max(capacity, 0) : NaN
  s.count = n + 1
  cat.ids.push(id)
  cat.idIndex.set(id, n)
  return n
}

/**
 * Each community's sorted straight-line distances (m) to the category's facilities up to
 * `listCap` (for "facilities in reach"), for the communities `only` (null: all); drops their
 * near-seed lists too.
 */
export function computeLists(
  raster: GridRaster,
  cat: GridCategory,
  only: readonly number[] | null,
): void {
  const which = only ?? raster.communities.map((_, i) => i)
  for (const i of which) {
    cat.near[i] = undefined
    cat.lists[i] = gridFacilityDistances(
      raster.communities[i]!.polys,
      cat.seeds,
      cat.byY,
      cat.listCap,
    )
  }
}
