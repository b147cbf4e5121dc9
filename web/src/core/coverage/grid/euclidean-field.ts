import type {
  ChangedBox,
  DistanceField,
  DistanceFieldFactory,
  FieldContext,
  FieldSeeds,
} from './distance-field.ts'
import {
  cellSeedD2,
  lowerBoundY,
  nearestSeeds,
  sphereDistance,
  type SparseCells,
} from './nearest-seeds.ts'
import type { GridSpec } from './rasterize.ts'

/** Cells per tile side for "which cells can a facility change". */
const TILE = 32

/**
 * The straight-line distance field: every cell's great-circle distance (m) to its nearest active
 * seed, exact (see nearestSeeds). Edits touch only the tiles of 32 × 32 cells whose farthest
 * distance could change, so adding or removing a facility costs the cells near it.
 */
class EuclideanField implements DistanceField {
  readonly kind = 'straight-line'
  readonly reachIsDisc = true
  readonly dist: Float32Array
  /** Nearest seed per cell (−1: none). */
  private readonly feat: Int32Array
  /** Largest distance (m) of any cell in each tile; made on the first edit (null before). */
  private tileMax: Float32Array | null = null
  private readonly cells: SparseCells
  private readonly grid: GridSpec
  private readonly tilesX: number
  private readonly tilesY: number

  constructor(cells: SparseCells) {
    this.cells = cells
    this.grid = cells.grid
    const m = cells.col.length
    this.dist = new Float32Array(m)
    this.feat = new Int32Array(m)
    this.tilesX = Math.ceil(this.grid.width / TILE)
    this.tilesY = Math.ceil(this.grid.height / TILE)
  }

  build(seeds: FieldSeeds): void {
    const g = this.grid
    nearestSeeds(
      seeds,
      seeds.byY,
      this.cells,
      { rowFrom: 0, rowTo: g.height, colFrom: 0, colTo: g.width },
      this.dist,
      this.feat,
    )
    if (this.tileMax) this.computeTiles(0, this.tilesX, 0, this.tilesY)
  }

  prepareEdits(): void {
    this.tiles()
  }

  /** Adds seed `j` to the field: cells now nearer to it than to their old nearest. */
  add(seeds: FieldSeeds, j: number): ChangedBox | null {
    const s = seeds
    const tiles = this.tilesNear(s.x[j]!, s.y[j]!)
    if (!tiles) return null
    const [tx0, tx1, ty0, ty1] = tiles
    const { ox, oy, cell } = this.grid
    const { feat, dist, cells } = this
    for (let ty = ty0; ty < ty1; ty++) {
      for (let tx = tx0; tx < tx1; tx++) {
        this.tileCells(tx, ty, (k, row) => {
          const d2 = cellSeedD2(cells, k, row, s, j)
          const cur = feat[k]!
          if (cur >= 0 && !(d2 < cellSeedD2(cells, k, row, s, cur))) return
          feat[k] = j
          dist[k] = sphereDistance(
            ox + (cells.col[k]! + 0.5) * cell,
            oy + (row + 0.5) * cell,
            s.x[j]!,
            s.y[j]!,
          )
        })
      }
    }
    this.computeTiles(tx0, tx1, ty0, ty1)
    return this.boxOf(tiles)
  }

  /**
   * Removes seed `j` (already inactive and out of `byY`): its cells get their nearest among the
   * others. Those cells lie within D (their farthest distance to j) of j, and the active seed
   * nearest to j, at L, is within D + L of each; so their new nearest lies within 2D + L of j and
   * a brute-force pass over those few seeds settles them (comparing as nearestSeeds does; ties
   * to the lower index). An envelope sweep over the whole window cost 5–40 ms for a sparse
   * category.
   */
  remove(seeds: FieldSeeds, j: number): ChangedBox | null {
    const s = seeds
    const xj = s.x[j]!
    const yj = s.y[j]!
    const tiles = this.tilesNear(xj, yj)
    if (!tiles) return null
    const [tx0, tx1, ty0, ty1] = tiles
    const { feat, dist, cells } = this
    const ks: number[] = []
    const rows: number[] = []
    let far = 0
    for (let ty = ty0; ty < ty1; ty++) {
      for (let tx = tx0; tx < tx1; tx++) {
        this.tileCells(tx, ty, (k, row) => {
          if (feat[k] !== j) return
          ks.push(k)
          rows.push(row)
          if (dist[k]! > far) far = dist[k]!
        })
      }
    }
    if (ks.length > 0) {
      const { x, y } = s
      const byY = s.byY
      // The active seed nearest to j: walk out from j's place in y order.
      let best2 = Infinity
      const at = lowerBoundY(byY, y, yj)
      for (let q = at; q < byY.length; q++) {
        const dy = y[byY[q]!]! - yj
        if (dy * dy > best2) break
        const dx = x[byY[q]!]! - xj
        best2 = Math.min(best2, dx * dx + dy * dy)
      }
      for (let q = at - 1; q >= 0; q--) {
        const dy = y[byY[q]!]! - yj
        if (dy * dy > best2) break
        const dx = x[byY[q]!]! - xj
        best2 = Math.min(best2, dx * dx + dy * dy)
      }
      // Plane vs great-circle distances differ by < 1e-4 relative: the slack covers it.
      const reach = (2 * far + Math.sqrt(best2)) * 1.001 + 2 * this.grid.cell
      const cand: number[] = []
      if (Number.isFinite(reach)) {
        for (let q = lowerBoundY(byY, y, yj - reach); q < byY.length; q++) {
          const c = byY[q]!
          if (y[c]! > yj + reach) break
          if (Math.abs(x[c]! - xj) <= reach) cand.push(c)
        }
      }
      const { ox, oy, cell } = this.grid
      for (let a = 0; a < ks.length; a++) {
        const k = ks[a]!
        const row = rows[a]!
        let best = -1
        let bestD2 = Infinity
        for (const c of cand) {
          const d2 = cellSeedD2(cells, k, row, s, c)
          if (d2 < bestD2 || (d2 === bestD2 && c < best)) {
            bestD2 = d2
            best = c
          }
        }
        feat[k] = best
        dist[k] =
          best < 0
            ? Infinity
            : sphereDistance(
                ox + (cells.col[k]! + 0.5) * cell,
                oy + (row + 0.5) * cell,
                x[best]!,
                y[best]!,
              )
      }
    }
    this.computeTiles(tx0, tx1, ty0, ty1)
    return this.boxOf(tiles)
  }

  private boxOf([tx0, tx1, ty0, ty1]: [number, number, number, number]): ChangedBox {
    const { ox, oy, cell } = this.grid
    const size = TILE * cell
    return {
      minX: ox + tx0 * size,
      minY: oy + ty0 * size,
      maxX: ox + tx1 * size,
      maxY: oy + ty1 * size,
    }
  }

  private tileCells(tx: number, ty: number, visit: (k: number, row: number) => void): void {
    const { rowStart, col } = this.cells
    const rEnd = Math.min((ty + 1) * TILE, this.grid.height)
    const c0 = tx * TILE
    const c1 = c0 + TILE
    for (let row = ty * TILE; row < rEnd; row++) {
      let lo = rowStart[row]!
      let hi = rowStart[row + 1]!
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (col[mid]! < c0) lo = mid + 1
        else hi = mid
      }
      for (let k = lo; k < rowStart[row + 1]! && col[k]! < c1; k++) visit(k, row)
    }
  }

  private computeTiles(tx0: number, tx1: number, ty0: number, ty1: number): void {
    const tileMax = this.tileMax
    if (!tileMax) return
    for (let ty = ty0; ty < ty1; ty++) {
      for (let tx = tx0; tx < tx1; tx++) {
        let max = 0
        this.tileCells(tx, ty, (k) => {
          const d = this.dist[k]!
          if (d > max) max = d
        })
        tileMax[ty * this.tilesX + tx] = max
      }
    }
  }

  /** Each tile's largest distance, made on first use. */
  private tiles(): Float32Array {
    if (!this.tileMax) {
      // Made up front for edited models (prepareEdits), on the first edit otherwise.
      this.tileMax = new Float32Array(this.tilesX * this.tilesY)
      this.computeTiles(0, this.tilesX, 0, this.tilesY)
    }
    return this.tileMax
  }

  /** Tiles whose cells may lie closer to (x, y) than their current nearest facility. */
  private tilesNear(x: number, y: number): [number, number, number, number] | null {
    const tileMax = this.tiles()
    const { ox, oy, cell } = this.grid
    const size = TILE * cell
    let tx0 = Infinity
    let tx1 = -Infinity
    let ty0 = Infinity
    let ty1 = -Infinity
    for (let ty = 0; ty < this.tilesY; ty++) {
      const y0 = oy + ty * size
      const dy = y < y0 ? y0 - y : y > y0 + size ? y - y0 - size : 0
      for (let tx = 0; tx < this.tilesX; tx++) {
        const x0 = ox + tx * size
        const dx = x < x0 ? x0 - x : x > x0 + size ? x - x0 - size : 0
        // Slack: tileMax is a great-circle distance, the test here a plane one (ratio ≤ 1 + 1e-4).
        const reach = tileMax[ty * this.tilesX + tx]! * 1.001 + cell
        if (dx * dx + dy * dy <= reach * reach) {
          tx0 = Math.min(tx0, tx)
          tx1 = Math.max(tx1, tx + 1)
          ty0 = Math.min(ty0, ty)
          ty1 = Math.max(ty1, ty + 1)
        }
      }
    }
    return tx0 < tx1 ? [tx0, tx1, ty0, ty1] : null
  }
}

/**
 * The straight-line {@link DistanceField} of one category: great-circle metres from each cell
 * centre to the nearest active facility (Turf's sphere, R = 6,371,008.8 m).
 * @example const model = createGridModel(input, { distanceField: createEuclideanField })
 */
export const createEuclideanField: DistanceFieldFactory = (context: FieldContext) =>
  new EuclideanField(context.cells)
