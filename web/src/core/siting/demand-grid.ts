import { polygonalBbox } from '../geo/bbox.ts'
import { projectStereographic, stereographicPlane } from '../geo/stereographic.ts'
import { targetPopulation } from '../coverage/target-population.ts'
import type { CommunityFeature, PopulationFeature, TargetGroup } from '../coverage/types.ts'
import {
  cellAt,
  fillPolygons,
  planeArea,
  projectPolygonal,
  type PlaneGrid,
  type PlaneRings,
} from './plane-grid.ts'

/** Default demand cell side, metres: fine enough that sampling moves a 1 km disc's people by ~1%. */
export const DEFAULT_DEMAND_CELL_M = 25

/** Demand cells at most (about 0.5 GB of working arrays): a 100 km square at 25 m. */
export const MAX_DEMAND_CELLS = 16_000_000

/**
 * The people of one target group as weighted points: one per grid cell (its centre), placed the
 * way the coverage engine places them — by the population layer's blocks where it has people of
 * that group in a community, else evenly over the community — and scaled so each community's
 * cells hold exactly its target-group figure.
 */
export interface DemandGrid {
  grid: PlaneGrid
  group: TargetGroup
  /** People of the group at each cell's centre. */
  weight: Float64Array
  /** Community index of each cell (its centre's), -1 outside every community. */
  community: Int32Array
  /** Per community: people of the group (the engine's target population, after fallback). */
  communityTarget: Float64Array
  /** Σ communityTarget: the city's target group, the denominator of percentage points. */
  total: number
  /** How people were placed in each community: by blocks (1) or evenly (0). */
  byBlocks: Uint8Array
  /** Community polygons in the plane (for candidates and drawn areas). */
  polys: PlaneRings[][]
}

export interface DemandGridOptions {
  group: TargetGroup
  /** Cell side, metres (default {@link DEFAULT_DEMAND_CELL_M}). */
  cellM?: number
  population?: readonly PopulationFeature[]
}

/**
 * Rasterises the communities (and the population layer, if any) onto one grid in a stereographic
 * plane centred on the city, and spreads each community's target group over its cells. A
 * community or block too small to hold a cell centre puts its people in the cell under its
 * bounding-box centre, so nobody is dropped.
 * @example const demand = demandGrid(communities, { group: 'elderly', cellM: 25, population: blocks })
 */
export function demandGrid(
  communities: readonly CommunityFeature[],
  options: DemandGridOptions,
): DemandGrid {
  const cellM = options.cellM ?? DEFAULT_DEMAND_CELL_M
  if (!(cellM > 0)) throw new RangeError(`demand cell must be > 0 m, not ${cellM}`)
  let w = Infinity
  let s = Infinity
  let e = -Infinity
  let n = -Infinity
  const boxes = communities.map((c) => polygonalBbox(c.geometry))
  for (const b of boxes) {
    w = Math.min(w, b[0])
    s = Math.min(s, b[1])
    e = Math.max(e, b[2])
    n = Math.max(n, b[3])
  }
  if (!(w <= e)) {
    w = s = e = n = 0
  }
  const plane = stereographicPlane((w + e) / 2, (s + n) / 2)
  const polys = communities.map((c) => projectPolygonal(plane, c.geometry))
  let xmin = Infinity
  let ymin = Infinity
  let xmax = -Infinity
  let ymax = -Infinity
  for (const p of polys)
    for (const rings of p) {
      const r = rings[0]
      if (!r) continue
      for (let k = 0; k < r.length; k += 2) {
        xmin = Math.min(xmin, r[k]!)
        xmax = Math.max(xmax, r[k]!)
        ymin = Math.min(ymin, r[k + 1]!)
        ymax = Math.max(ymax, r[k + 1]!)
      }
    }
  if (!(xmin <= xmax)) xmin = xmax = ymin = ymax = 0
  // Cells aligned to multiples of the cell side, so grids of one city line up between runs.
  const x0 = Math.floor(xmin / cellM) * cellM
  const y0 = Math.floor(ymin / cellM) * cellM
  const grid: PlaneGrid = {
    plane,
    x0,
    y0,
    cell: cellM,
    nx: Math.max(1, Math.ceil((xmax - x0) / cellM)),
    ny: Math.max(1, Math.ceil((ymax - y0) / cellM)),
  }
  const size = grid.nx * grid.ny
  if (size > MAX_DEMAND_CELLS)
    throw new RangeError(
      `a ${cellM} m demand grid over these communities has ${size} cells (limit ${MAX_DEMAND_CELLS}): use a larger cell`,
    )
  const community = new Int32Array(size).fill(-1)
  const cells = new Int32Array(communities.length)
  polys.forEach((p, k) =>
    fillPolygons(grid, p, (cell) => {
      if (community[cell] === -1) {
        community[cell] = k
        cells[k]!++
      }
    }),
  )
  const communityTarget = new Float64Array(communities.length)
  communities.forEach((c, k) => {
    communityTarget[k] = targetPopulation(c.properties, options.group).value
  })

  // Raw block weights per cell: a block's people of the group spread evenly over its area.
  const raw = new Float64Array(size)
  const blocks = options.population ?? []
  const rawSum = new Float64Array(communities.length)
  for (const b of blocks) {
    const people = targetPopulation(b.properties, options.group).value
    if (!(people > 0)) continue
    const bp = projectPolygonal(plane, b.geometry)
    const area = planeArea(bp)
    let hit = 0
    if (area > 0) {
      const density = people / area
      const perCell = density * cellM * cellM
      fillPolygons(grid, bp, (cell) => {
        hit++
        raw[cell]! += perCell
      })
    }
    if (hit === 0) {
      const [bw, bs, be, bn] = polygonalBbox(b.geometry)
      const cell = cellOfLonLat(grid, (bw + be) / 2, (bs + bn) / 2)
      if (cell >= 0) raw[cell]! += people
    }
  }
  for (let cell = 0; cell < size; cell++) {
    const k = community[cell]!
    if (k >= 0 && raw[cell]! > 0) rawSum[k]! += raw[cell]!
  }
  const weight = new Float64Array(size)
  const byBlocks = new Uint8Array(communities.length)
  for (let cell = 0; cell < size; cell++) {
    const k = community[cell]!
    if (k < 0) continue
    const t = communityTarget[k]!
    if (!(t > 0)) continue
    if (rawSum[k]! > 0) weight[cell] = (t * raw[cell]!) / rawSum[k]!
    else weight[cell] = t / cells[k]!
  }
  for (let k = 0; k < communities.length; k++) {
    if (rawSum[k]! > 0) byBlocks[k] = 1
    if (cells[k] === 0 && communityTarget[k]! > 0) {
      const b = boxes[k]!
      const cell = cellOfLonLat(grid, (b[0] + b[2]) / 2, (b[1] + b[3]) / 2)
      if (cell >= 0) weight[cell]! += communityTarget[k]!
    }
  }
  let total = 0
  for (const t of communityTarget) total += t
  return {
    grid,
    group: options.group,
    weight,
    community,
    communityTarget,
    total,
    byBlocks,
    polys,
  }
}

const xy = new Float64Array(2)

/** The cell under a lon/lat point (degrees), -1 outside the grid. */
export function cellOfLonLat(grid: PlaneGrid, lon: number, lat: number): number {
  projectStereographic(grid.plane, lon, lat, xy, 0)
  return cellAt(grid, xy[0]!, xy[1]!)
}
