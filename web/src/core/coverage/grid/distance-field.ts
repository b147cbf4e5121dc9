import type { StereographicPlane } from '../../geo/stereographic.ts'
import type { SparseCells } from './nearest-seeds.ts'

/**
 * The distance stage of the grid model: for one category, every grid cell's distance to the
 * nearest counted facility. The model thresholds these distances against the reach (so a slider
 * move never asks the field for anything), bins them per community, and asks the field to update
 * itself when a facility is added, moved or removed.
 *
 * Implementations:
 * - straight line (great-circle metres): `createEuclideanField` in euclidean-field.ts, the default;
 * - walking network (metres along streets plus connectors): `core/network/`.
 *
 * ## The cells
 * A field works on the model's {@link SparseCells}: only cells that lie in some community (or hold
 * some of its people) exist, numbered row-major. Cell `k` is in the row `r` with
 * `rowStart[r] ≤ k < rowStart[r + 1]`, at column `col[k]`; its centre, in plane metres, is
 * `x = grid.ox + (col[k] + 0.5) · grid.cell`, `y = grid.oy + (r + 0.5) · grid.cell`
 * (see {@link cellCentre}). The plane is the model's stereographic plane
 * (`unprojectStereographic(plane, x, y)` gives lon/lat).
 *
 * ## The seeds
 * Facilities of the category are {@link FieldSeeds}: seed `j` sits at plane (x[j], y[j]) and counts
 * while `active[j] === 1`. Indices are stable: a removed seed stays in the arrays, inactive; an
 * added one is appended (a move is a removal then an addition under a new index). The model owns
 * the seed arrays and may replace them with longer ones between calls, so a field must read them
 * from the argument of each call, never keep them.
 *
 * ## The contract (what the model relies on)
 * - `dist[k]` is the distance in metres from cell k's centre to the nearest active seed, as a
 *   Float32; `Infinity` when no active seed reaches the cell (none at all, or not linked).
 * - `dist` is the same array object for the field's whole life, updated in place: the model keeps
 *   a reference to it in its hot loops.
 * - Results are deterministic: after any sequence of `add` / `remove`, `dist` equals, bit for bit,
 *   what `build` gives for the same active seeds. The model's own test that an edited model equals
 *   a rebuild exactly depends on it (ties between equidistant seeds must not leave a trace).
 * - `add` and `remove` return a box (plane metres) holding every cell whose distance changed, or
 *   null when none did. The model recomputes only the communities that touch the box; a box too
 *   small gives wrong figures, a box too large only costs time.
 * - Distances never increase when a seed is added and never decrease when one is removed.
 */
export interface DistanceField {
  /** Short name for messages and result settings, e.g. 'straight-line' or 'network'. */
  readonly kind: string
  /**
   * Whether the cells within reach r of the seeds are exactly the union of discs of radius r
   * (great-circle) around them. The model then measures community boundary cells exactly by
   * clipping them with those discs; otherwise it takes a boundary cell's covered part from its
   * distance alone (the direction-averaged fraction of a cell at that distance from the reach).
   */
  readonly reachIsDisc: boolean
  /** Distance (m) per cell; see the contract above. */
  readonly dist: Float32Array
  /** Computes every cell's distance from scratch for the active seeds. Called once, first. */
  build(seeds: FieldSeeds): void
  /**
   * Seed `j` became active (already in `seeds`, `seeds.byY` already includes it): lowers the
   * distances of the cells now nearer to it. Returns the box of changed cells, or null.
   */
  add(seeds: FieldSeeds, j: number): ChangedBox | null
  /**
   * Seed `j` became inactive (`active[j]` already 0, `seeds.byY` already without it): raises the
   * distances of the cells whose nearest it was. Returns the box of changed cells, or null.
   */
  remove(seeds: FieldSeeds, j: number): ChangedBox | null
  /**
   * Optional: make up front whatever only edits need (an index of which cells a seed can
   * change), so the first edit is as fast as the others. Models that will be edited call it
   * after `build`; one-shot runs skip it and the first edit pays instead.
   */
  prepareEdits?(seeds: FieldSeeds): void
}

/** Facilities of one category in the model's plane; see {@link DistanceField}. */
export interface FieldSeeds {
  /** Plane x of seed j (m east of the plane's centre). */
  readonly x: Float64Array
  /** Plane y of seed j (m north of the plane's centre). */
  readonly y: Float64Array
  /** 1 while seed j counts (an open facility of the category), 0 after it was removed. */
  readonly active: Uint8Array
  /** Seeds 0 … count − 1 exist (the arrays may be longer). */
  readonly count: number
  /** The active seeds' indices in increasing y (ties by index). */
  readonly byY: Int32Array
}

/** A box in plane metres (west, south, east, north edges). */
export interface ChangedBox {
  minX: number
  minY: number
  maxX: number
  maxY: number
}

/** What a field is built on: the model's plane and its cells. */
export interface FieldContext {
  readonly plane: StereographicPlane
  readonly cells: SparseCells
  /** The category the field is for (its code), e.g. to pick a walking pace. */
  readonly category: string
}

/**
 * Makes the distance field of one category. A grid model calls it once per category; a factory
 * may share heavy state (a street graph) between the fields it makes.
 * @example const model = createGridModel(input, { distanceField: createEuclideanField })
 */
export type DistanceFieldFactory = (context: FieldContext) => DistanceField

/**
 * Centre of cell k in plane metres, written to out[0], out[1]; `row` is k's row when the caller
 * knows it (else found by binary search over `rowStart`).
 * @example const xy = new Float64Array(2); cellCentre(cells, k, -1, xy)
 */
export function cellCentre(cells: SparseCells, k: number, row: number, out: Float64Array): void {
  const { grid, col, rowStart } = cells
  let r = row
  if (r < 0) {
    let lo = 0
    let hi = rowStart.length - 2
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if (rowStart[mid]! <= k) lo = mid
      else hi = mid - 1
    }
    r = lo
  }
  out[0] = grid.ox + (col[k]! + 0.5) * grid.cell
  out[1] = grid.oy + (r + 0.5) * grid.cell
}
