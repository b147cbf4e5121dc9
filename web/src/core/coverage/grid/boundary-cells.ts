import { EARTH_RADIUS_M } from '../../geo/units.ts'
import { grown } from '../grow-array.ts'
import { areaInHalfPlaneUnions, clipRingToBox, ringArea, type HalfPlanes } from './cell-clip.ts'
import type { GridCategory, NearSeeds } from './grid-types.ts'
import { lowerBoundY } from './nearest-seeds.ts'
import { rowOf, type GridRaster } from './people-raster.ts'
import { polysBox } from './rasterize.ts'

const INV_4R2 = 1 / (4 * EARTH_RADIUS_M * EARTH_RADIUS_M)

/**
 * The boundary-cell stage of a grid model: the covered part of a cell that a community's
 * boundary crosses, measured by clipping the community's part of the cell with the reach discs
 * (for distance fields whose reach is a union of discs). Each cell's part is cut on first use
 * and kept flat (no objects per cell).
 */
export class BoundaryCells {
  private readonly raster: GridRaster
  /**
   * The b-th boundary membership → slot s = slotOf[b] (−1: not made yet); slot s has rings
   * slotRing[s] … slotRing[s + 1] − 1, ring q has vertices ringStart[q] … ringStart[q + 1] − 1
   * (cell-centred; outer rings counter-clockwise, holes clockwise) and its own signed area.
   */
  private readonly slotOf: Int32Array
  private slotCx = new Float64Array(256)
  private slotCy = new Float64Array(256)
  private slotRing = new Int32Array(257)
  private ringStart = new Int32Array(513)
  private ringAreas = new Float64Array(512)
  private vx = new Float64Array(4096)
  private vy = new Float64Array(4096)
  private slots = 0
  private rings = 0
  private nearX = new Float64Array(1024)
  private nearY = new Float64Array(1024)
  private readonly halfPlanes: HalfPlanes = {
    ux: new Float64Array(16),
    uy: new Float64Array(16),
    c: new Float64Array(16),
    group: new Int32Array(16),
    count: 0,
  }

  constructor(raster: GridRaster) {
    this.raster = raster
    this.slotOf = new Int32Array(raster.boundaryCount).fill(-1)
  }

  /**
   * Covered weight (fraction of the cell's area) of a community boundary cell: the area of
   * community ∩ cell ∩ (for each of the `n` categories `cis` of `cats`, the union of its
   * facilities' reach discs), over the cell's area. A cell-centre estimate cannot tell which
   * part of the cell lies in the community: min(inside, covered) over-counted small communities
   * by up to 0.6 pp where a reach circle runs along their edge. Across one cell each disc is
   * taken as the half-plane bounded by its tangent nearest the cell centre (off by the arc's
   * sagitta, under 0.3 m for 25 m cells and 600 m reach), so the area is convex clips of the
   * community's part of the cell; it never drops for a longer reach or an added facility. Radii
   * are scaled like sphereDistance, so the cells agree with the distance field.
   * `i` is the community, `k` the membership, `u` the cell.
   */
  cover(
    cats: readonly GridCategory[],
    i: number,
    k: number,
    u: number,
    cis: Int32Array,
    n: number,
  ): number {
    const { cell } = this.raster.grid
    const slot = this.slotFor(i, k, u)
    const cx = this.slotCx[slot]!
    const cy = this.slotCy[slot]!
    const half = (cell * Math.SQRT2) / 2
    const h = this.halfPlanes
    h.count = 0
    for (let g = 0; g < n; g++) {
      const cat = cats[cis[g]!]!
      const r = cat.setting.reach_m
      // Plane reach ≤ r·(1 + ρ²/4R²); 1e-3 is ample slack for any city-sized plane.
      const far = r * 1.001 + half
      const { x, y } = this.nearSeeds(cat, i, far)
      // The list is in y order: start at the first seed within `far` below the cell.
      let lo = 0
      let hi = y.length
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (y[mid]! < cy - far) lo = mid + 1
        else hi = mid
      }
      for (let j = lo; j < x.length; j++) {
        const sy = y[j]!
        if (sy > cy + far) break
        const sx = x[j]!
        const dx = cx - sx
        const dy = cy - sy
        const d2 = dx * dx + dy * dy
        if (d2 > far * far) continue
        const q = h.count
        if (q + 1 > h.c.length) {
          h.ux = grown(h.ux, q + 1)
          h.uy = grown(h.uy, q + 1)
          h.c = grown(h.c, q + 1)
          h.group = grown(h.group, q + 1)
        }
        const len = Math.sqrt(d2)
        const ux = len > 0 ? dx / len : 1
        const uy = len > 0 ? dy / len : 0
        const mx = (sx + cx) / 2
        const my = (sy + cy) / 2
        h.ux[q] = ux
        h.uy[q] = uy
        // u·(p − s) ≤ reach with p relative to the cell centre, which is `len` along u from s.
        h.c[q] = r * (1 + (mx * mx + my * my) * INV_4R2) - len
        h.group[q] = g
        h.count = q + 1
      }
    }
    let area = 0
    for (let q = this.slotRing[slot]!; q < this.slotRing[slot + 1]!; q++) {
      const from = this.ringStart[q]!
      const nv = this.ringStart[q + 1]! - from
      area += areaInHalfPlaneUnions(this.vx, this.vy, from, nv, this.ringAreas[q]!, h, n)
    }
    return Math.min(Math.max(area / (cell * cell), 0), 1)
  }

  /** Slot of boundary cell u (membership k of community i), made on first use. */
  private slotFor(i: number, k: number, u: number): number {
    const { boundaryBefore, boundaryBits } = this.raster
    const b = boundaryBefore[k >> 5]! + bitCount(boundaryBits[k >> 5]! & ~(-1 << (k & 31)))
    let slot = this.slotOf[b]!
    if (slot < 0) slot = this.slotOf[b] = this.boundaryCell(i, u)
    return slot
  }

  /** Stores the community's part of boundary cell u; returns its slot. */
  private boundaryCell(i: number, u: number): number {
    const { ox, oy, cell } = this.raster.grid
    const row = rowOf(this.raster.cells, u)
    const x0 = ox + this.raster.cells.col[u]! * cell
    const y0 = oy + row * cell
    const s = this.slots
    this.slotCx = grown(this.slotCx, s + 1)
    this.slotCy = grown(this.slotCy, s + 1)
    this.slotRing = grown(this.slotRing, s + 2)
    const cx = x0 + cell / 2
    const cy = y0 + cell / 2
    this.slotCx[s] = cx
    this.slotCy[s] = cy
    this.slotRing[s] = this.rings
    for (const p of this.raster.communities[i]!.polys) {
      if (p.maxX <= x0 || p.minX >= x0 + cell || p.maxY <= y0 || p.minY >= y0 + cell) continue
      for (let r = 0; r + 1 < p.ringStart.length; r++) {
        const from = p.ringStart[r]!
        const nv = p.ringStart[r + 1]! - from
        const q = this.rings
        const at = this.ringStart[q]!
        this.vx = grown(this.vx, at + 6 * nv + 16)
        this.vy = grown(this.vy, at + 6 * nv + 16)
        // Cell-centred coordinates keep the clips well conditioned. A hole stays clockwise: its
        // (negative) areas, inside reach or not, subtract by themselves.
        const m = clipRingToBox(
          p.xs,
          p.ys,
          from,
          nv,
          x0,
          y0,
          x0 + cell,
          y0 + cell,
          this.vx,
          this.vy,
          at,
          cx,
          cy,
        )
        if (m < 3) continue
        this.ringStart = grown(this.ringStart, q + 2)
        this.ringAreas = grown(this.ringAreas, q + 1)
        this.ringStart[q + 1] = at + m
        this.ringAreas[q] = ringArea(this.vx, this.vy, at, m)
        this.rings = q + 1
      }
    }
    this.slotRing[s + 1] = this.rings
    this.slots = s + 1
    return s
  }

  /**
   * Active seeds of a category within `far` of a cell of community i (in y order). A list
   * reaches a quarter farther than asked, so a smaller reach, or one a little larger, reuses it,
   * but never beyond `listCap` (plus two cells) of the community's bounding box: an edit drops
   * the lists of the communities within that of it (see the model's afterEdit).
   */
  private nearSeeds(cat: GridCategory, i: number, far: number): NearSeeds {
    const hit = cat.near[i]
    if (hit && hit.far >= far) return hit
    const [minX, minY, maxX, maxY] = polysBox(this.raster.communities[i]!.polys)
    const cell = this.raster.grid.cell
    // A cell's centre lies within one cell of the box: a second cell of margin is slack.
    const reach = Math.min(1.25 * far, cat.listCap * 1.001)
    const m = reach + 2 * cell
    const { x, y } = cat.seeds
    const byY = cat.byY
    let xs = this.nearX
    let ys = this.nearY
    let n = 0
    for (let q = lowerBoundY(byY, y, minY - m); q < byY.length; q++) {
      const j = byY[q]!
      const sy = y[j]!
      if (sy > maxY + m) break
      const sx = x[j]!
      if (sx >= minX - m && sx <= maxX + m) {
        if (n === xs.length) {
          xs = this.nearX = grown(xs, n + 1)
          ys = this.nearY = grown(ys, n + 1)
        }
        xs[n] = sx
        ys[n] = sy
        n++
      }
    }
    const near = { x: xs.slice(0, n), y: ys.slice(0, n), far: reach + cell }
    cat.near[i] = near
    return near
  }
}

/** Set bits of a 32-bit integer. */
function bitCount(v: number): number {
  v = v - ((v >>> 1) & 0x55555555)
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24
}
