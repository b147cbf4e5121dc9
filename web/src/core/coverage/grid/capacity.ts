/**
 * Two-step floating catchment (2SFCA, Luo & Wang 2003) on a coarse population grid, for the
 * fast method: step 1, R_j = capacity_j / (people within reach of j); step 2, a community's
 * figure = Σ over its people of Σ_{j reaching them} R_j, per 1,000 people. The same definition
 * as the exact method's, with people counted per coarse cell (a reach boundary through a cell
 * counts the covered fraction of it).
 *
 * Sums of R_j are kept in fixed point (integers in doubles), so adding or removing one
 * facility gives bit-for-bit the numbers a rebuild gives, in any order.
 */

import { meanCoverFraction } from './cover-fraction.ts'

const FIXED = 2 ** 30

/** People per coarse cell over the whole city, and each community's share of them. */
export interface CoarsePeople {
  /** Coarse cell size (m) and origin, in the model's plane. */
  size: number
  ox: number
  oy: number
  width: number
  height: number
  people: Float64Array
  /** Row prefix sums of `people`, (width + 1) per row. */
  prefix: Float64Array
  /** Per community: its coarse cells (ascending) and its people in each. */
  lists: Array<{ cell: Int32Array; people: Float64Array }>
}

/**
 * Row prefix sums of a coarse people raster.
 * @example rowPrefix(Float64Array.of(1, 2, 3, 4), 2, 2) // [0, 1, 3, 0, 3, 7]
 */
export function rowPrefix(people: Float64Array, width: number, height: number): Float64Array {
  const prefix = new Float64Array((width + 1) * height)
  for (let row = 0; row < height; row++) {
    let s = 0
    for (let c = 0; c < width; c++) {
      s += people[row * width + c]!
      prefix[row * (width + 1) + c + 1] = s
    }
  }
  return prefix
}

/** The 2SFCA state of one category. */
export class TwoStepField {
  private readonly grid: CoarsePeople
  /** Fixed-point R_j per facility index. */
  private ratio = new Float64Array(16)
  /** Interior spans as row difference arrays, and boundary cells directly. */
  private readonly diff: Float64Array
  private readonly direct: Float64Array
  private readonly access: Float64Array
  private dirty = false

  constructor(grid: CoarsePeople) {
    this.grid = grid
    this.diff = new Float64Array((grid.width + 1) * grid.height)
    this.direct = new Float64Array(grid.width * grid.height)
    this.access = new Float64Array(grid.width * grid.height)
  }

  /** Forgets every facility (for a new reach), keeping the buffers. */
  reset(): void {
    this.diff.fill(0)
    this.direct.fill(0)
    this.ratio.fill(0)
    this.dirty = true
  }

  /**
   * Adds (sign 1) or removes (sign −1) facility `j` at plane (x, y) with `capacity` and reach
   * `r` metres. A removal must repeat the arguments of the addition.
   */
  update(j: number, x: number, y: number, capacity: number, r: number, sign: 1 | -1): void {
    const n = this.footprint(x, y, r)
    const { prefix, people, width } = this.grid
    if (sign > 0) {
      if (this.ratio.length <= j) {
        const next = new Float64Array(Math.max(j + 1, this.ratio.length * 2))
        next.set(this.ratio)
        this.ratio = next
      }
      let demand = 0
      for (let s = 0; s < spanCount; s++) {
        const base = spanRow[s]! * (width + 1)
        demand += prefix[base + spanTo[s]! + 1]! - prefix[base + spanFrom[s]!]!
      }
      for (let q = 0; q < n; q++) demand += people[edgeCell[q]!]! * edgeFrac[q]!
      this.ratio[j] = capacity > 0 && demand > 0 ? Math.round((capacity / demand) * FIXED) : 0
    }
    const q = this.ratio[j]!
    if (q === 0) return
    const { diff, direct } = this
    for (let s = 0; s < spanCount; s++) {
      const base = spanRow[s]! * (width + 1)
      diff[base + spanFrom[s]!]! += sign * q
      diff[base + spanTo[s]! + 1]! -= sign * q
    }
    // Each cell's share is rounded on its own, so adding and later subtracting it is exact.
    for (let e = 0; e < n; e++) direct[edgeCell[e]!]! += sign * Math.round(q * edgeFrac[e]!)
    this.dirty = true
  }

  /**
   * A community's capacity per 1,000 people: its people-weighted mean of Σ R_j × 1000.
   * @returns null when `people` is 0.
   */
  figure(list: { cell: Int32Array; people: Float64Array }, people: number): number | null {
    if (!(people > 0)) return null
    if (this.dirty) this.materialise()
    let sum = 0
    for (let q = 0; q < list.cell.length; q++) sum += list.people[q]! * this.access[list.cell[q]!]!
    return (sum / FIXED / people) * 1000
  }

  private materialise(): void {
    const { width, height } = this.grid
    for (let row = 0; row < height; row++) {
      let run = 0
      for (let c = 0; c < width; c++) {
        run += this.diff[row * (width + 1) + c]!
        this.access[row * width + c] = run + this.direct[row * width + c]!
      }
    }
    this.dirty = false
  }

  /**
   * Coarse cells within `r` of (x, y) into the scratch arrays: per row, the span of cells wholly
   * inside (centre within r − half a diagonal), and one by one the cells the boundary crosses
   * with their covered fraction. Returns the number of boundary cells.
   */
  private footprint(x: number, y: number, r: number): number {
    const { size: G, ox, oy, width, height } = this.grid
    const half = (G * Math.SQRT2) / 2
    const rIn = r - half
    const rOut = r + half
    const out2Full = rOut * rOut
    const rowLo = Math.max(0, Math.floor((y - rOut - oy) / G))
    const rowHi = Math.min(height - 1, Math.floor((y + rOut - oy) / G))
    spanCount = 0
    let n = 0
    growScratch(rowHi - rowLo + 1, (rowHi - rowLo + 1) * (Math.ceil((2 * rOut) / G) + 2))
    for (let row = rowLo; row <= rowHi; row++) {
      const dy = oy + (row + 0.5) * G - y
      const out2 = rOut * rOut - dy * dy
      if (out2 <= 0) continue
      const wo = Math.sqrt(out2)
      const o0 = Math.max(0, Math.ceil((x - wo - ox) / G - 0.5))
      const o1 = Math.min(width - 1, Math.floor((x + wo - ox) / G - 0.5))
      let i0 = o1 + 1
      let i1 = o1
      if (rIn > 0 && rIn * rIn > dy * dy) {
        const wi = Math.sqrt(rIn * rIn - dy * dy)
        const a = Math.max(o0, Math.ceil((x - wi - ox) / G - 0.5))
        const b = Math.min(o1, Math.floor((x + wi - ox) / G - 0.5))
        if (b >= a) {
          i0 = a
          i1 = b
          spanRow[spanCount] = row
          spanFrom[spanCount] = a
          spanTo[spanCount] = b
          spanCount++
        }
      }
      const dy2 = dy * dy
      for (let c = o0; c <= o1; c++) {
        if (c === i0) {
          c = i1
          continue
        }
        const dx = ox + (c + 0.5) * G - x
        const d2 = dx * dx + dy2
        if (d2 >= out2Full) continue
        // Direction-averaged: these fractions only weigh people, and it saves a division.
        const f = meanCoverFraction(r - Math.sqrt(d2), G)
        if (f > 0) {
          edgeCell[n] = row * width + c
          edgeFrac[n] = f
          n++
        }
      }
    }
    return n
  }
}

// Scratch for one facility's footprint (the core is single-threaded per worker).
let spanCount = 0
let spanRow = new Int32Array(64)
let spanFrom = new Int32Array(64)
let spanTo = new Int32Array(64)
let edgeCell = new Int32Array(256)
let edgeFrac = new Float64Array(256)

function growScratch(rows: number, edges: number): void {
  if (spanRow.length < rows) {
    spanRow = new Int32Array(rows * 2)
    spanFrom = new Int32Array(rows * 2)
    spanTo = new Int32Array(rows * 2)
  }
  if (edgeCell.length < edges) {
    edgeCell = new Int32Array(edges * 2)
    edgeFrac = new Float64Array(edges * 2)
  }
}
