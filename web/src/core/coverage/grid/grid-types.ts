import type { PlanePolygon } from '../plane-polygon.ts'
import type { CategorySetting } from '../types.ts'
import type { TwoStepField } from './capacity.ts'
import type { DistanceField } from './distance-field.ts'
import type { DistanceBins } from './distance-bins.ts'
import type { Seeds } from './nearest-seeds.ts'

/** One category of a grid model: its facilities (seeds), distance field and cached figures. */
export interface GridCategory {
  setting: CategorySetting
  group: number
  seeds: Seeds
  ids: string[]
  idIndex: Map<string, number>
  capacity: Float64Array
  hasCapacity: boolean
  byY: Int32Array
  field: DistanceField
  /** The field's distances (m) per cell (the same array as `field.dist`). */
  dist: Float32Array
  /** Per community: distances (m) from counted facilities to its polygon, sorted, up to `listCap`. */
  lists: Float32Array[]
  listCap: number
  /**
   * Per community: active seeds within `listCap` (+ 2 cells) of its bounding box, in `byY`
   * order; made on demand for boundary cells, dropped with `lists` when they are redone.
   */
  near: Array<NearSeeds | undefined>
  /** Per facility: 1 when it stands inside a community. */
  inside: Uint8Array
  /**
   * Per facility outside every community: metres to the nearest one (≥ 0), or −R when none is
   * within R m (NaN: not looked yet). Neither depends on the reach.
   */
  gap: Float64Array
  /** 2SFCA state (null when the category has no known capacity). */
  access: TwoStepField | null
  /** Per community: its area cells (and population cells) binned by distance. */
  permArea: Int32Array
  binsArea: DistanceBins[]
  permPeople: Int32Array | null
  binsPeople: Array<DistanceBins | null>
  /** Nearest-distance median and p90 per community (NaN: none). */
  median: Float64Array
  p90: Float64Array
}

/**
 * Seed positions (plane m) side by side, in increasing y: boundary cells scan a y-range of them
 * (a gather through seed indices would stall on memory).
 */
export interface NearSeeds {
  x: Float64Array
  y: Float64Array
  /** Every seed within this many m of a cell of the community is here. */
  far: number
}

export interface GridCommunity {
  id: string
  name: string
  population: number
  polys: PlanePolygon[]
  area: number
  target: Float64Array
  fallback: Uint8Array
  /** Grid window (cells) holding the community. */
  col0: number
  col1: number
  row0: number
  row1: number
}

/** Cells of each community with weights, community-major. */
export interface Memberships {
  start: Int32Array
  cell: Int32Array
  /** Area fraction of the cell inside the community (area) or people per group (population). */
  weight: Float32Array[]
}
